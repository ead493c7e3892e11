package org.handover.handover.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * The key that encrypts connected page tokens ({@code page-token.*}; in production the environment, from a
 * Kubernetes Secret). Without a key, connecting pages is off (the admin API answers {@code 503
 * connections_not_configured}) and tokens from the environment work as before. bot-service must have the same keys.
 */
@ConfigMapping(prefix = "page-token")
public interface PageTokenConfig {

    /** {@code PAGE_TOKEN_KEY}: base64 of 32 random bytes (AES-256). A secret: never logged. */
    Optional<String> key();

    /** {@code PAGE_TOKEN_KEY_ID}: the id stored beside every ciphertext sealed with {@link #key()}. */
    @WithDefault("1")
    String keyId();

    /** {@code PAGE_TOKEN_PREVIOUS_KEYS}: {@code id:base64,...}, keys that still open what they sealed (rotation). */
    Optional<String> previousKeys();

    /** {@code PAGE_TOKEN_CACHE_TTL}: how long a replica keeps a page's token before reading the database again. */
    @WithDefault("PT5S")
    Duration cacheTtl();
}
