package org.handover.bot.config;

import io.smallrye.config.ConfigMapping;
import java.util.List;
import java.util.Optional;

/**
 * Link tracking of guided answers ({@code link.*}), the same settings as handover-service's and ingress-service's.
 * Both must be set for a page's guided answers to be sent with tracked links (and then only where the page's admin
 * chose it: the catalog's {@code trackLinks}).
 */
@ConfigMapping(prefix = "link")
public interface LinkTrackingConfig {

    /**
     * {@code link.tracking-base-url} / {@code TRACKING_BASE_URL}: the public address of ingress-service's tracked
     * links, e.g. {@code https://hooks.example.com/l/}; a token is appended to it.
     */
    Optional<String> trackingBaseUrl();

    /**
     * {@code link.signing-keys} / {@code LINK_SIGNING_KEYS}: the tokens' secrets, comma-separated, at least 32
     * characters each; the first makes tokens (ingress-service must list it too). Secret.
     */
    Optional<List<String>> signingKeys();
}
