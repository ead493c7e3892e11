package org.handover.ingress.domain;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks Meta's {@code X-Hub-Signature-256: sha256=<hex>} header: HMAC-SHA256 of the raw body bytes, keyed with an
 * app secret. Several secrets may be valid at once (several apps, or the current and previous secret during
 * rotation); a body is genuine when any of them matches.
 *
 * <p>Comparison is constant-time ({@link MessageDigest#isEqual}) and every secret is tried even after a match, so
 * the time taken says nothing about how close a forgery was or which secret matched. Hex digits are accepted in
 * either case: Meta sends lower case, and accepting upper case costs no security (the digest bytes are compared,
 * not the text). The prefix must be {@code sha256=} (case-insensitive); {@code sha1=} is the legacy header's
 * algorithm and is refused here.
 */
public final class SignatureVerifier {

    /** The header Meta signs with. */
    public static final String HEADER = "X-Hub-Signature-256";

    private static final String ALGORITHM = "HmacSHA256";
    private static final String PREFIX = "sha256=";
    private static final int DIGEST_HEX_LENGTH = 64;

    /** Per secret, its key and an initialised {@link Mac} never used itself: each check works on a copy. */
    private final List<Keyed> keys;

    /**
     * @param appSecrets the accepted app secrets; blank entries are ignored, at least one must remain
     */
    public SignatureVerifier(List<String> appSecrets) {
        Objects.requireNonNull(appSecrets, "appSecrets");
        this.keys = appSecrets.stream()
                .filter(s -> s != null && !s.isBlank())
                .map(s -> new SecretKeySpec(s.trim().getBytes(UTF_8), ALGORITHM))
                .map(key -> new Keyed(key, initialised(key)))
                .toList();
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("at least one app secret is required");
        }
    }

    /** How many secrets are accepted (for a startup log line; never the secrets). */
    public int secretCount() {
        return keys.size();
    }

    /** Checks {@code header} (may be {@code null}) against the raw {@code body}. */
    public SignatureCheck check(byte[] body, String header) {
        Objects.requireNonNull(body, "body");
        if (header == null || header.isBlank()) {
            return SignatureCheck.MISSING;
        }
        byte[] claimed = parse(header.trim());
        if (claimed == null) {
            return SignatureCheck.MALFORMED;
        }
        boolean matched = false;
        for (Keyed key : keys) {
            // No early exit: the same work is done whatever the outcome.
            matched |= MessageDigest.isEqual(key.fresh().doFinal(body), claimed);
        }
        return matched ? SignatureCheck.VALID : SignatureCheck.MISMATCH;
    }

    /** The header value Meta would send for {@code body} signed with {@code secret} (tests, load generators). */
    public static String sign(String secret, byte[] body) {
        return PREFIX + HexFormat.of().formatHex(initialised(new SecretKeySpec(secret.getBytes(UTF_8), ALGORITHM))
                .doFinal(body));
    }

    private static byte[] parse(String header) {
        if (header.length() != PREFIX.length() + DIGEST_HEX_LENGTH
                || !header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            return null;
        }
        String hex = header.substring(PREFIX.length()).toLowerCase(Locale.ROOT);
        for (int i = 0; i < hex.length(); i++) {
            char c = hex.charAt(i);
            // ASCII only: Character.digit would also accept other scripts' digits.
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return null;
            }
        }
        return HexFormat.of().parseHex(hex);
    }

    private static Mac initialised(SecretKeySpec key) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " is not available", e);
        }
    }

    /**
     * A secret's key and a {@link Mac} initialised with it. {@link #fresh} copies it: a Mac is not thread-safe and a
     * body is checked on whichever event loop received it, and a clone skips the provider lookup and the key setup
     * that {@code Mac.getInstance} and {@code init} cost on every request (a sixth of the webhook's own work on the
     * event loop in a profile of WebhookBenchmark, 2026-12-03). A provider whose Mac cannot be cloned gets a new one.
     * Not a record: its generated toString and hashCode would show a hash of the secret.
     */
    private static final class Keyed {

        private final SecretKeySpec key;
        private final Mac prototype;

        Keyed(SecretKeySpec key, Mac prototype) {
            this.key = key;
            this.prototype = prototype;
        }

        Mac fresh() {
            try {
                return (Mac) prototype.clone();
            } catch (CloneNotSupportedException e) {
                return initialised(key);
            }
        }
    }
}
