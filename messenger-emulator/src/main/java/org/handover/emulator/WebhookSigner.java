package org.handover.emulator;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Signs webhook bodies the way Meta does: HMAC of the raw body bytes keyed with the app secret, lowercase hex. */
public final class WebhookSigner {

    private WebhookSigner() {
    }

    /** The {@code X-Hub-Signature-256} header value: {@code sha256=<hex>}. */
    public static String sha256(String secret, byte[] body) {
        return "sha256=" + hmac("HmacSHA256", secret, body);
    }

    /** The legacy {@code X-Hub-Signature} header value: {@code sha1=<hex>}, which Meta still sends alongside. */
    public static String sha1(String secret, byte[] body) {
        return "sha1=" + hmac("HmacSHA1", secret, body);
    }

    private static String hmac(String algorithm, String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), algorithm));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(algorithm + " is not available", e);
        }
    }
}
