package org.handover.bot.service;

import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import org.handover.bot.config.LinkTrackingConfig;
import org.handover.bot.domain.CatalogRenderer;
import org.handover.contracts.links.LinkToken;
import org.jboss.logging.Logger;

/**
 * Makes the tracked links of guided answers ({@link LinkToken}, version 2: the answer, the link, the page and the
 * psid, signed and encrypted). Off unless both {@code TRACKING_BASE_URL} and {@code LINK_SIGNING_KEYS} are set; then
 * the pages whose admin chose it get their guided answers' links tracked, the others as written.
 */
// Created at start: a TRACKING_BASE_URL that is not an absolute http(s) URL stops the service with the reason.
@Startup
@ApplicationScoped
public class AnswerLinkTracker {

    private static final Logger LOG = Logger.getLogger(AnswerLinkTracker.class);

    private final Optional<String> baseUrl;
    private final Optional<LinkToken> tokens;

    public AnswerLinkTracker(LinkTrackingConfig config) {
        List<String> keys = config.signingKeys().orElse(List.of()).stream().map(String::strip)
                .filter(k -> !k.isEmpty()).toList();
        Optional<String> base = config.trackingBaseUrl().map(String::strip).filter(s -> !s.isEmpty())
                .map(s -> s.endsWith("/") ? s : s + "/");
        if (base.isPresent() && !LinkToken.isTrackable(base.get())) {
            throw new IllegalArgumentException("TRACKING_BASE_URL must be an absolute http(s) URL, e.g. "
                    + "https://hooks.example.com/l/");
        }
        if (base.isPresent() && !keys.isEmpty()) {
            this.baseUrl = base;
            this.tokens = Optional.of(LinkToken.withSecrets(keys));
            LOG.infof("Guided answers' links are tracked through %s where a page's admin chose it", base.get());
        } else {
            this.baseUrl = Optional.empty();
            this.tokens = Optional.empty();
            if (base.isPresent() || !keys.isEmpty()) {
                LOG.warn("Link tracking of guided answers is off: it needs both TRACKING_BASE_URL and"
                        + " LINK_SIGNING_KEYS");
            }
        }
    }

    /** Whether tracking is configured. */
    public boolean enabled() {
        return tokens.isPresent();
    }

    /** The public address tokens are appended to, null when tracking is off (what the catalog is validated with). */
    public String baseUrlOrNull() {
        return baseUrl.orElse(null);
    }

    /** The maker of tracked links, null when tracking is off. */
    public CatalogRenderer.LinkMaker makerOrNull() {
        return tokens.<CatalogRenderer.LinkMaker>map(t -> link -> baseUrl.get() + t.make(link)).orElse(null);
    }
}
