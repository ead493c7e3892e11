package org.handover.service.support.rest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

/**
 * The configured admin token ({@code admin.token}, in production {@code ADMIN_TOKEN}) and the one comparison with
 * it. Both sides are hashed (SHA-256) and the digests compared with {@link MessageDigest#isEqual}, in constant time:
 * the answer reveals neither the token's content nor its length. A missing or blank configured token matches
 * nothing, so an empty bearer or form field never gets in. Holds only the digest, never the token.
 */
public final class AdminToken {

    private final byte[] digest;

    private AdminToken(byte[] digest) {
        this.digest = digest;
    }

    /** The configured token; {@code null}, empty or blank locks everything. */
    public static AdminToken of(String configured) {
        return new AdminToken(configured == null || configured.isBlank() ? null : sha256(configured));
    }

    /** The configured token, if any. */
    public static AdminToken of(Optional<String> configured) {
        return of(configured.orElse(null));
    }

    /** Whether {@code candidate} (surrounding white space ignored) is the configured token. */
    public boolean matches(String candidate) {
        return digest != null && candidate != null && MessageDigest.isEqual(digest, sha256(candidate.strip()));
    }

    /** Whether any token is configured; without one nothing matches. */
    public boolean configured() {
        return digest != null;
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
