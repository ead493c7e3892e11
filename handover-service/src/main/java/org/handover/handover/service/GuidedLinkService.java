package org.handover.handover.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import org.handover.contracts.BulletinClick;
import org.handover.contracts.OutboundOutcome;
import org.handover.contracts.OutboundResult;
import org.handover.contracts.TrackedAnswerLinks;
import org.handover.contracts.links.LinkToken;
import org.handover.handover.domain.GuidedLinkStats;
import org.handover.handover.repository.GuidedLinkRepository;
import org.jboss.logging.Logger;

/**
 * The tracked links of guided answers (where a page's admin chose them, bot-service sends them): a recipient counts
 * as one who got a link when bot-service reports the answer SENT with its tracked links, and as one who clicked it at
 * their first click; a duplicated or replayed record counts nothing again. The click-through rate per answer and link
 * is what the settings page and {@code GET /admin/pages/{pageId}/guided-links} show.
 *
 * <p>Metrics: {@code handover.guided.links.sent{outcome}} = {@code counted} (a new recipient of a link) or
 * {@code repeat}; {@code handover.guided.clicks{outcome}} = {@code counted} (a first click) or {@code repeat}.
 */
@ApplicationScoped
public class GuidedLinkService {

    private static final Logger LOG = Logger.getLogger(GuidedLinkService.class);

    private final GuidedLinkRepository links;
    private final MeterRegistry registry;
    private final Clock clock;

    public GuidedLinkService(GuidedLinkRepository links, MeterRegistry registry, Clock clock) {
        this.links = links;
        this.registry = registry;
        this.clock = clock;
    }

    /** Records the recipients of a guided answer's tracked links (nothing for any other report). */
    public void onOutbound(OutboundResult result) {
        TrackedAnswerLinks tracked = result.trackedLinks();
        if (result.outcome() != OutboundOutcome.SENT || tracked == null
                || !LinkToken.isTrackableAnswerKey(tracked.answerKey()) || result.psid().length() > 64) {
            return;
        }
        Instant at = result.at() == null ? clock.instant() : result.at();
        int[] counted = new int[2];
        QuarkusTransaction.requiringNew().run(() -> {
            counted[0] = 0;
            counted[1] = 0;
            for (int i = 0; i < tracked.urls().size() && i <= 255; i++) {
                String url = tracked.urls().get(i);
                if (LinkToken.isTrackable(url)) {
                    counted[links.sent(result.pageId(), tracked.answerKey(), i, url, result.psid(), at) ? 0 : 1]++;
                }
            }
        });
        registry.counter("handover.guided.links.sent", "outcome", "counted").increment(counted[0]);
        registry.counter("handover.guided.links.sent", "outcome", "repeat").increment(counted[1]);
    }

    /** Counts a click on a guided answer's tracked link once per recipient and link. */
    public void onClick(BulletinClick click) {
        Instant at = click.at() == null ? clock.instant() : click.at();
        boolean counted = QuarkusTransaction.requiringNew().call(() -> links.click(click.pageId(), click.answerKey(),
                click.linkIndex(), click.psid(), at));
        registry.counter("handover.guided.clicks", "outcome", counted ? "counted" : "repeat").increment();
        if (!counted) {
            LOG.debugf("Click on link %d of a guided answer of page %s: a repeat", click.linkIndex(),
                    click.pageId());
        }
    }

    /** The page's guided answers' tracked links with their figures. */
    public GuidedLinkStats stats(String pageId) {
        return new GuidedLinkStats(pageId, QuarkusTransaction.joiningExisting().call(() -> links.stats(pageId)));
    }
}
