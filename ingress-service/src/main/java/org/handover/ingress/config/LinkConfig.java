package org.handover.ingress.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;
import java.util.Optional;

/** Typed configuration of the tracked-link endpoint {@code /l/{token}} (prefix {@code link}). */
@ConfigMapping(prefix = "link")
public interface LinkConfig {

    /**
     * {@code link.signing-keys} / {@code LINK_SIGNING_KEYS}: comma-separated secrets (at least 32 characters each) of
     * the tracked links' tokens, the same as handover-service's; every one is tried (the first is handover-service's
     * current one, the next ones previous keys kept while links sent with them may still be clicked). None: link
     * tracking is off here and every {@code /l/} answers {@code 404}.
     */
    Optional<List<String>> signingKeys();

    /**
     * {@code link.click-backlog} / {@code LINK_CLICK_BACKLOG}: click records handed to Kafka and not acknowledged yet
     * beyond which a click is redirected but its record dropped (counted {@code dropped}): a broker outage must not
     * fill the memory of the one public service.
     */
    @WithDefault("10000")
    int clickBacklog();
}
