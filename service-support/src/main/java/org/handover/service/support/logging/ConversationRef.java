package org.handover.service.support.logging;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The conversation reference written to logs instead of the conversation key {@code pageId:psid}: by default the first
 * {@value #LENGTH} hex digits of a SHA-256 of the key (HMAC-SHA256 under {@code LOG_CONVERSATION_REF_KEY} when one is
 * set), the same in every service, so that one conversation's lines can be found across services without a user id in
 * any log. {@code LOG_CONVERSATION_IDS=raw} writes the key itself (a debugging choice, not the default).
 *
 * <p>Plain Java: the mode is set once at start by {@link LogContextSettings} (before any consumer runs), hashed and
 * without a key until then.
 */
public final class ConversationRef {

    /** How many hex digits of the digest a reference keeps (48 bits: unique enough to search by, short to read). */
    public static final int LENGTH = 12;

    /** What the logs carry for a conversation. */
    public enum Mode {
        /** A short one-way hash of the key (the default). */
        HASHED,
        /** The key {@code pageId:psid} itself. */
        RAW;

        /** {@code hashed} or {@code raw}, any case. */
        public static Mode parse(String value) {
            try {
                return Mode.valueOf(value.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "LOG_CONVERSATION_IDS must be hashed or raw, not '" + value + "'", e);
            }
        }
    }

    private static volatile Settings settings = new Settings(Mode.HASHED, null);

    private ConversationRef() {
    }

    /** Sets how references are made from now on; {@code hmacKey} null or blank: a plain SHA-256. */
    public static void configure(Mode mode, String hmacKey) {
        settings = new Settings(mode, hmacKey == null || hmacKey.isBlank() ? null
                : new SecretKeySpec(hmacKey.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    }

    /** The mode in force. */
    public static Mode mode() {
        return settings.mode;
    }

    /** The reference of the conversation {@code key} ({@code pageId:psid}); {@code null} for {@code null}. */
    public static String of(String key) {
        if (key == null) {
            return null;
        }
        Settings current = settings;
        if (current.mode == Mode.RAW) {
            return key;
        }
        byte[] digest = current.hmacKey == null ? sha256(key) : hmac(current.hmacKey, key);
        return HexFormat.of().formatHex(digest).substring(0, LENGTH);
    }

    private static byte[] sha256(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static byte[] hmac(SecretKeySpec hmacKey, String key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(hmacKey);
            return mac.doFinal(key.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    private record Settings(Mode mode, SecretKeySpec hmacKey) {
    }
}
