package org.handover.bot.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/**
 * The key that opens the page tokens handover-service connected ({@code page-token.*}, from the environment: a
 * Kubernetes Secret, the same as handover-service's). Without a key, connected tokens cannot be used (an order for
 * such a page is refused {@code no_page_token} unless the environment has a token for it).
 */
@ConfigMapping(prefix = "page-token")
public interface PageTokenConfig {

    /** {@code PAGE_TOKEN_KEY}: base64 of 32 bytes. A secret: never logged. */
    Optional<String> key();

    /** {@code PAGE_TOKEN_KEY_ID}: the current key's id. */
    @WithDefault("1")
    String keyId();

    /** {@code PAGE_TOKEN_PREVIOUS_KEYS}: {@code id:base64,...}, keys of earlier ciphertexts (rotation). */
    Optional<String> previousKeys();
}
