package org.handover.handover.service.bulletin;

import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.handover.contracts.links.LinkToken;
import org.handover.contracts.links.LinkTracking;
import org.handover.contracts.links.TrackedLinks;
import org.handover.handover.config.LinkTrackingConfig;
import org.handover.handover.domain.bulletin.BulletinDraft;
import org.jboss.logging.Logger;

/**
 * Replaces a bulletin's links by tracked links, per recipient ({@link LinkToken}: the token is signed and encrypted
 * and names the bulletin, the link, the page and the psid, none of it readable). Off unless both
 * {@code TRACKING_BASE_URL} and {@code LINK_SIGNING_KEYS} are set (then links are sent as the admin wrote them).
 */
// Created at start: a TRACKING_BASE_URL that is not an absolute http(s) URL stops the service with the reason.
@Startup
@ApplicationScoped
public class LinkTracker {

    private static final Logger LOG = Logger.getLogger(LinkTracker.class);

    private final Optional<LinkTracking> tracking;

    public LinkTracker(LinkTrackingConfig config) {
        this.tracking = LinkTracking.of(config.trackingBaseUrl(), config.signingKeys());
        if (tracking.isPresent()) {
            LOG.infof("Bulletin links are tracked through %s", tracking.get().baseUrl());
        } else if (LinkTracking.halfConfigured(config.trackingBaseUrl(), config.signingKeys())) {
            LOG.warn("Link tracking is off: it needs both TRACKING_BASE_URL and LINK_SIGNING_KEYS");
        }
    }

    /** Whether links are tracked. */
    public boolean enabled() {
        return tracking.isPresent();
    }

    /** The links of {@code text} that would be tracked, in order; empty when tracking is off. */
    public List<String> links(String text) {
        return enabled() ? TrackedLinks.find(text).stream().map(TrackedLinks.Found::url).toList() : List.of();
    }

    /** What keeps {@code text} from being sent with tracked links: too many links, too long once tracked. */
    public List<String> problems(String text) {
        List<String> problems = new ArrayList<>();
        if (!enabled() || text == null) {
            return problems;
        }
        int links = TrackedLinks.find(text).size();
        if (links > TrackedLinks.MAX_LINKS) {
            problems.add("text: at most " + TrackedLinks.MAX_LINKS + " links (" + links + ")");
        } else if (links > 0) {
            int length = TrackedLinks.trackedLength(text, tracking.get().baseUrl());
            if (length > BulletinDraft.TEXT_MAX) {
                problems.add("text: at most " + BulletinDraft.TEXT_MAX + " characters once its links are tracked ("
                        + length + ")");
            }
        }
        return problems;
    }

    /** {@code text} as {@code psid} of {@code pageId} gets it: each link replaced by its tracked link. */
    public String track(String text, String bulletinId, String pageId, String psid) {
        LinkTracking t = tracking.orElseThrow(() -> new IllegalStateException("link tracking is off"));
        UUID bulletin = UUID.fromString(bulletinId);
        List<TrackedLinks.Found> found = TrackedLinks.find(text);
        return TrackedLinks.rewrite(text, i -> t.url(new LinkToken.Link(bulletin, i, pageId, psid,
                found.get(i).url())));
    }
}
