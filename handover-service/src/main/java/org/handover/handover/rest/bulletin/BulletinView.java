package org.handover.handover.rest.bulletin;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.handover.contracts.QuickReply;
import org.handover.handover.domain.bulletin.Clicks;
import org.handover.handover.domain.bulletin.Progress;
import org.handover.handover.domain.bulletin.RecipientState;
import org.handover.handover.service.bulletin.BulletinService;

/** A bulletin as the admin API shows it, with its progress. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BulletinView(String id, String pageId, String state, String audience, String messagingType, String tag,
        String policy, String text, List<QuickReply> quickReplies, Instant sendAt, Instant createdAt,
        Instant startedAt, Instant finishedAt, ProgressView progress, boolean linksTracked, List<LinkView> links) {

    /**
     * Recipients per state, and per state why (held: {@code agent_holds_thread}, {@code handover_pending}; dropped:
     * {@code outside_window}, {@code window_closed}, {@code cancelled}, ...; failed: bot-service's reason).
     */
    public record ProgressView(long recipients, long pending, long queued, long held, long sent, long dropped,
            long failed, Map<RecipientState, Map<String, Long>> reasons, long clicked, Double clickThroughRate) {

        static ProgressView of(Progress p, Clicks c) {
            long sent = p.count(RecipientState.SENT);
            return new ProgressView(p.recipients(), p.count(RecipientState.PENDING), p.count(RecipientState.QUEUED),
                    p.count(RecipientState.HELD), sent, p.count(RecipientState.DROPPED),
                    p.count(RecipientState.FAILED), p.reasons(), c.clickers(),
                    c.tracked() ? Clicks.rate(c.clickers(), sent) : null);
        }
    }

    /**
     * A tracked link of the text: {@code clicked} recipients clicked it (each once, however often), and
     * {@code clickThroughRate} is that over the recipients it was sent to ({@code null} before any was sent).
     */
    public record LinkView(int index, String url, long clicked, Double clickThroughRate) {
    }

    public static BulletinView of(BulletinService.Report report) {
        var b = report.bulletin();
        return new BulletinView(b.id(), b.pageId(), b.state().name(), b.draft().audience().name(),
                b.draft().tag() == null ? "UPDATE" : "MESSAGE_TAG", b.draft().tag(), b.draft().policy(),
                b.draft().text(), b.draft().quickReplies(), b.sendAt(), b.createdAt(), b.startedAt(), b.finishedAt(),
                ProgressView.of(report.progress(), report.clicks()), report.clicks().tracked(),
                report.clicks().links().stream().map(l -> new LinkView(l.index(), l.url(), l.clickers(),
                        Clicks.rate(l.clickers(), report.progress().count(RecipientState.SENT)))).toList());
    }
}
