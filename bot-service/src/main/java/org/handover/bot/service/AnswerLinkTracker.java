package org.handover.bot.service;

import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import org.handover.bot.config.LinkTrackingConfig;
import org.handover.bot.domain.CatalogRenderer;
import org.handover.contracts.links.LinkToken;
import org.handover.contracts.links.LinkTracking;
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

    private final Optional<LinkTracking> tracking;

    public AnswerLinkTracker(LinkTrackingConfig config) {
        this.tracking = LinkTracking.of(config.trackingBaseUrl(), config.signingKeys());
        if (tracking.isPresent()) {
            LOG.infof("Guided answers' links are tracked through %s where a page's admin chose it",
                    tracking.get().baseUrl());
        } else if (LinkTracking.halfConfigured(config.trackingBaseUrl(), config.signingKeys())) {
            LOG.warn("Link tracking of guided answers is off: it needs both TRACKING_BASE_URL and LINK_SIGNING_KEYS");
        }
    }

    /** Whether tracking is configured. */
    public boolean enabled() {
        return tracking.isPresent();
    }

    /** The public address tokens are appended to, null when tracking is off (what the catalog is validated with). */
    public String baseUrlOrNull() {
        return tracking.map(LinkTracking::baseUrl).orElse(null);
    }

    /** The maker of tracked links, null when tracking is off. */
    public CatalogRenderer.LinkMaker makerOrNull() {
        return tracking.<CatalogRenderer.LinkMaker>map(t -> t::url).orElse(null);
    }
}
