package org.handover.handover.config;

import io.smallrye.config.ConfigMapping;
import java.util.List;
import java.util.Optional;

/** Link tracking of bulletins ({@code link.*}). Both must be set for links to be tracked. */
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
