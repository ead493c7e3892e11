package org.handover.service.support.rest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;

/**
 * The configured admin token ({@code admin.token}, in production {@code ADMIN_TOKEN}) and the one comparison with
 * it. Both sides are hashed (SHA-256) and the digests compared with {@link MessageDigest#isEqual}, in constant time:
 * the answer reveals neither the token's content nor its length. A missing or blank configured token matches
 * nothing, so an empty bearer or form field never gets in. Holds only the digest, never the token.
 */
public final class AdminToken {

    /** The property that holds the token; {@code %prod.admin.token=${ADMIN_TOKEN}} in the services that have one. */
    public static final String PROPERTY = "admin.token";

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

    /**
     * The token {@code config} holds under {@link #PROPERTY}. A service that does not declare the property has no
     * admin API: nothing matches. A service that declares it must resolve it: an unset {@code ${ADMIN_TOKEN}} (or an
     * empty value) throws, so that the service stops at start instead of running with its admin API locked.
     *
     * @throws java.util.NoSuchElementException when the property is declared but has no value
     */
    public static AdminToken fromConfig(Config config) {
        if (config.getConfigValue(PROPERTY).getRawValue() == null) {
            return of((String) null);
        }
        return of(config.getValue(PROPERTY, String.class));
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
