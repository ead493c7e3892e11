package org.handover.handover.service.bulletin;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.handover.contracts.BulletinClick;
import org.handover.contracts.ContractJson;
import org.handover.contracts.Decision;
import org.handover.contracts.DecisionType;
import org.handover.contracts.OrderKind;
import org.handover.contracts.OutboundReasons;
import org.handover.contracts.OutboundResult;
import org.handover.contracts.ReplyOrder;
import org.handover.contracts.SchemaVersion;
import org.handover.handover.config.BulletinConfig;
import org.handover.handover.domain.ConversationState;
import org.handover.handover.domain.bulletin.AudienceCounts;
import org.handover.handover.domain.bulletin.Bulletin;
import org.handover.handover.domain.bulletin.BulletinDraft;
import org.handover.handover.domain.bulletin.BulletinReasons;
import org.handover.handover.domain.bulletin.Clicks;
import org.handover.handover.domain.bulletin.Pace;
import org.handover.handover.domain.bulletin.Progress;
import org.handover.handover.domain.bulletin.RecipientCopy;
import org.handover.handover.domain.bulletin.RecipientDecision;
import org.handover.handover.domain.bulletin.RecipientState;
import org.handover.handover.repository.ConversationRepository;
import org.handover.handover.repository.OutboxEntity;
import org.handover.handover.repository.OutboxRepository;
import org.handover.handover.repository.bulletin.BulletinRepository;
import org.handover.handover.repository.bulletin.BulletinRepository.OpenRecipient;
import org.handover.handover.service.OutboxRelay;
import org.jboss.logging.Logger;

/**
 * Bulletins: composed by a page admin, delivered to every conversation of the page, one copy each, through the same
 * decision stream and epoch fence as every bot message.
 *
 * <p>When a bulletin is due its recipients are chosen (every conversation of the page). Then each open recipient is
 * decided under its conversation's row lock ({@link RecipientDecision}): if the bot owns the thread with no handover
 * pending, a {@link OrderKind#BULLETIN} order stamped with the conversation's current epoch goes into the outbox in
 * that transaction, and becomes the conversation's last order (a pass of control waits for its report: no bulletin
 * reaches Meta after the bot lost the thread); if an agent holds it or a handover is pending, the recipient is
 * held and decided again once the bot owns the thread; if the 24-hour window is closed, it is dropped with the reason.
 * bot-service checks the order against the epoch again, sends it at most once (its per-bulletin delivery row) at the
 * page's rate, and reports it on {@code messenger.outbound}; {@link #onOutbound} records the report: sent, failed, or
 * held again when the thread changed hands before bot-service got to it (a new order, with a new decision id, when the
 * bot owns it again; bot-service never sends a bulletin twice to one conversation).
 */
@Startup
@ApplicationScoped
public class BulletinService {

    private static final Logger LOG = Logger.getLogger(BulletinService.class);

    /** The latest bulletins a page's list shows. */
    public static final int LIST_LIMIT = 50;

    private final BulletinRepository bulletins;
    private final ConversationRepository conversations;
    private final OutboxRepository outbox;
    private final OutboxRelay relay;
    private final BulletinConfig config;
    private final Clock clock;
    private final MeterRegistry registry;
    private final ExecutorService flushers;
    private final LinkTracker links;
    /** Every page's pace ({@code bulletin.rate-per-page}, a burst of one tick); a rate below 1 fails the start. */
    private final Pace pace;

    public BulletinService(BulletinRepository bulletins, ConversationRepository conversations, OutboxRepository outbox,
            OutboxRelay relay, BulletinConfig config, Clock clock, MeterRegistry registry, LinkTracker links) {
        this.bulletins = bulletins;
        this.links = links;
        this.conversations = conversations;
        this.outbox = outbox;
        this.relay = relay;
        this.config = config;
        this.clock = clock;
        this.registry = registry;
        this.pace = new Pace(config.ratePerPage(), config.tick());
        this.flushers = Executors.newFixedThreadPool(Math.max(1, config.flushConcurrency()), r -> {
            Thread t = new Thread(r, "bulletin-flush");
            t.setDaemon(true);
            return t;
        });
    }

    @PreDestroy
    void stop() {
        flushers.shutdownNow();
    }

    /** A bulletin with how far it got, and who clicked its links. */
    public record Report(Bulletin bulletin, Progress progress, Clicks clicks) {
    }

    private Report report(Bulletin b) {
        return new Report(b, bulletins.progress(b.id()), bulletins.clicks(b));
    }

    /** What a draft would send, and to whom, if it started now. */
    public record Preview(String messagingType, String tag, BulletinDraft draft, AudienceCounts audience) {
    }

    /** The outcome of composing: the bulletin stored, or the draft's problems. */
    public record Created(Report report, List<String> problems) {
    }

    /** Stores a valid draft as a scheduled bulletin (due now when it has no {@code sendAt}). */
    public Created create(String pageId, BulletinDraft draft) {
        Instant now = clock.instant();
        List<String> problems = problems(draft, now);
        if (!problems.isEmpty()) {
            return new Created(null, problems);
        }
        Instant sendAt = draft.sendAt() == null || draft.sendAt().isBefore(now) ? now : draft.sendAt();
        List<String> tracked = links.links(draft.text());
        Bulletin bulletin = new Bulletin(UUID.randomUUID().toString(), pageId, draft, Bulletin.State.SCHEDULED, sendAt,
                now, null, null, !tracked.isEmpty());
        Report report = QuarkusTransaction.requiringNew().call(() -> {
            bulletins.insert(bulletin, now);
            bulletins.insertLinks(bulletin.id(), tracked);
            return report(bulletin);
        });
        registry.counter("handover.bulletins", "event", "created").increment();
        LOG.infof("Bulletin %s of page %s scheduled for %s (%s)", bulletin.id(), pageId, sendAt,
                draft.audience());
        return new Created(report, List.of());
    }

    /** The draft's own problems and, when its links are to be tracked, theirs (too many, too long once tracked). */
    private List<String> problems(BulletinDraft draft, Instant now) {
        List<String> problems = new ArrayList<>(draft.problems(now));
        if (problems.stream().noneMatch(p -> p.startsWith("text:"))) {
            problems.addAll(links.problems(draft.text()));
        }
        return problems;
    }

    /** The outcome of a preview: what would be sent, or the draft's problems. */
    public record Previewed(Preview preview, List<String> problems) {
    }

    /** What {@code draft} would send and to whom; its problems instead when it is not valid. Stores nothing. */
    public Previewed preview(String pageId, BulletinDraft draft) {
        Instant now = clock.instant();
        List<String> problems = problems(draft, now);
        if (!problems.isEmpty()) {
            return new Previewed(null, problems);
        }
        AudienceCounts audience = QuarkusTransaction.requiringNew()
                .call(() -> bulletins.audience(pageId, now.minus(RecipientDecision.WINDOW)));
        return new Previewed(new Preview(draft.tag() == null ? "UPDATE" : "MESSAGE_TAG", draft.tag(), draft,
                audience), List.of());
    }

    /** The page's bulletin with its progress. */
    public Optional<Report> find(String pageId, String id) {
        return QuarkusTransaction.requiringNew().call(() -> bulletins.find(pageId, id)
                .map(this::report));
    }

    /**
     * The user's copies of the page's latest bulletins ({@link #LIST_LIMIT}), newest first: what the replay tool's
     * timeline shows as the conversation's bulletin steps.
     */
    public List<RecipientCopy> recipientRecords(String pageId, String psid) {
        return QuarkusTransaction.requiringNew().call(() -> bulletins.recipientRecords(pageId, psid, LIST_LIMIT));
    }

    /** The page's latest bulletins, newest first, with their progress. */
    public List<Report> list(String pageId) {
        return QuarkusTransaction.requiringNew().call(() -> bulletins.list(pageId, LIST_LIMIT).stream()
                .map(this::report).toList());
    }

    /**
     * Cancels a scheduled or active bulletin: no recipient is ordered from now on (the open ones are dropped
     * {@code cancelled}, and so are all of them but those ordered in the last tick, since copies are released at the
     * page's pace); copies already ordered may still be sent. Empty when the bulletin is unknown; its report
     * otherwise, with whether this call cancelled it.
     */
    public Optional<Report> cancel(String pageId, String id) {
        Instant now = clock.instant();
        return QuarkusTransaction.requiringNew().call(() -> {
            if (bulletins.find(pageId, id).isEmpty()) {
                return Optional.<Report>empty();
            }
            if (bulletins.cancel(pageId, id, BulletinReasons.CANCELLED, now)) {
                registry.counter("handover.bulletins", "event", "cancelled").increment();
                LOG.infof("Bulletin %s of page %s cancelled", id, pageId);
            }
            return bulletins.find(pageId, id).map(this::report);
        });
    }

    /** Starts up to {@code limit} due bulletins (chooses their recipients). Returns how many started. */
    public int startDue(int limit) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Instant now = clock.instant();
            List<Bulletin> due = bulletins.lockDue(now, limit);
            for (Bulletin b : due) {
                int recipients = bulletins.start(b, now);
                registry.counter("handover.bulletins", "event", "started").increment();
                LOG.infof("Bulletin %s of page %s started: %d recipients", b.id(), b.pageId(), recipients);
            }
            return due.size();
        });
    }

    /** The pages with an active bulletin, whose recipients {@link #deliver} moves. */
    public List<String> activePages() {
        return QuarkusTransaction.requiringNew().call(bulletins::activePages);
    }

    /**
     * One transaction of a page's delivery: how many recipients it decided, how many of them it ordered, and whether
     * it stopped at the page's pace (its copies for now ordered) or found the page busy (another replica on it).
     */
    public record Turn(int decided, int ordered, boolean paced, boolean busy) {
        static final Turn BUSY = new Turn(0, 0, false, true);
    }

    /**
     * Decides up to {@code limit} of the page's open recipients that can move now (pending ones, held ones whose
     * thread the bot owns again or whose window closed), in one transaction, then publishes the orders it wrote.
     * Orders at most what the page's pace allows now ({@code bulletin.rate-per-page}, {@link Pace}, shared by the
     * replicas through the page's locked {@code bulletin_page_pace} row): a recipient that would be ordered beyond it
     * is left as it is, for a later tick. Holding and dropping cost nothing. A cancelled bulletin's recipients are
     * never read, so cancelling stops its release: only copies ordered before (at most about one tick's worth at the
     * page's rate) can still be sent.
     */
    public Turn deliver(String pageId, int limit) {
        List<String> ordered = new ArrayList<>();
        Turn turn = QuarkusTransaction.requiringNew().call(() -> {
            Instant now = clock.instant();
            Optional<Instant> nextFreeAt = bulletins.lockPace(pageId);
            if (nextFreeAt.isEmpty()) {
                return Turn.BUSY;
            }
            int allowance = pace.allowance(nextFreeAt.get(), now);
            List<OpenRecipient> movable = bulletins.lockMovable(pageId, now.minus(RecipientDecision.WINDOW),
                    now.minus(config.maxHold()), limit);
            int decided = 0;
            boolean paced = false;
            for (OpenRecipient r : movable) {
                Optional<ConversationState> locked = conversations.lockExisting(r.pageId(), r.psid());
                if (locked.isEmpty()) {
                    continue;
                }
                ConversationState state = locked.get();
                RecipientDecision decision = RecipientDecision.decide(state, r.audience(),
                        r.state() == RecipientState.HELD, r.heldSince(), config.maxHold(), now);
                switch (decision.action()) {
                    case ORDER -> {
                        if (ordered.size() >= allowance) {
                            // beyond the page's pace: left as it is, ordered on a later tick
                            paced = true;
                            continue;
                        }
                        int attempt = r.attempts() + 1;
                        String decisionId = Bulletin.decisionId(r.bulletinId(), r.psid(), attempt);
                        Decision order = new Decision(SchemaVersion.CURRENT, decisionId, DecisionType.REPLY_ORDER,
                                r.pageId(), r.psid(), state.epoch(), now, Bulletin.DECISION_PREFIX + r.bulletinId(),
                                null, new ReplyOrder(OrderKind.BULLETIN, null, text(r), r.quickReplies(),
                                        state.lastUserActivityAt(), r.bulletinId(), r.tag()));
                        outbox.add(state.key(), OutboxEntity.Kind.DECISION, ContractJson.toJson(order), now);
                        conversations.save(state.withBulletinOrdered(decisionId), now);
                        bulletins.ordered(r.bulletinId(), r.psid(), decisionId, attempt, now);
                        ordered.add(state.key());
                    }
                    case HOLD -> bulletins.held(r.bulletinId(), r.psid(), decision.reason(), now);
                    case DROP -> bulletins.dropped(r.bulletinId(), r.psid(), decision.reason(), now);
                }
                decided++;
                count(decision.action().name(), decision.reason());
            }
            if (!ordered.isEmpty()) {
                bulletins.paced(pageId, pace.after(nextFreeAt.get(), now, ordered.size()));
            }
            if (paced) {
                registry.counter("handover.bulletin.paced").increment();
            }
            return new Turn(decided, ordered.size(), paced, false);
        });
        publish(ordered);
        return turn;
    }

    /**
     * The text {@code r} gets: with its links tracked for this recipient when the bulletin's are; as written when
     * tracking the links would make it longer than Messenger allows (only possible with ids that are not Meta's
     * numeric ones, which the limit checked at composing assumes), counted
     * {@code handover.bulletin.links{outcome=untracked_too_long}}.
     */
    private String text(OpenRecipient r) {
        if (!r.linksTracked() || !links.enabled()) {
            return r.text();
        }
        String tracked = links.track(r.text(), r.bulletinId(), r.pageId(), r.psid());
        if (tracked.codePointCount(0, tracked.length()) > BulletinDraft.TEXT_MAX) {
            registry.counter("handover.bulletin.links", "outcome", "untracked_too_long").increment();
            return r.text();
        }
        return tracked;
    }

    /**
     * Counts a click on a bulletin's tracked link (ingress-service's record): once per recipient and link. A repeat, a
     * redelivered record, or a link or recipient the bulletin does not have (a token made elsewhere with the same key)
     * changes nothing. Counted {@code handover.bulletin.clicks{outcome=counted|repeat|unknown}}.
     */
    public void onClick(BulletinClick click) {
        Instant at = click.at() == null ? clock.instant() : click.at();
        String outcome = QuarkusTransaction.requiringNew().call(() -> {
            if (bulletins.click(click.bulletinId(), click.linkIndex(), click.psid(), at)) {
                return "counted";
            }
            return bulletins.knows(click.bulletinId(), click.linkIndex(), click.psid()) ? "repeat" : "unknown";
        });
        registry.counter("handover.bulletin.clicks", "outcome", outcome).increment();
        if ("unknown".equals(outcome)) {
            LOG.debugf("Click on link %d of bulletin %s: no such link or recipient", click.linkIndex(),
                    click.bulletinId());
        }
    }

    /** Marks bulletins DONE once every recipient is settled. */
    public int finishSettled() {
        return QuarkusTransaction.requiringNew().call(() -> bulletins.finishSettled(clock.instant()));
    }

    /**
     * Records bot-service's report of a bulletin order (nothing for other orders, or for a report already recorded):
     * SENT; FAILED with Meta's or bot-service's reason; a refusal because the thread changed hands first
     * ({@code stale_epoch}, {@code not_owner}, Meta's {@code thread_owned_by_another_app}) holds the recipient again;
     * {@code duplicate} (another order of the bulletin already went to this conversation) and the other refusals drop
     * it with that reason.
     */
    public void onOutbound(OutboundResult result) {
        if (result.decisionId() == null || !result.decisionId().startsWith(Bulletin.DECISION_PREFIX)) {
            return;
        }
        RecipientState state;
        String reason = result.reason();
        switch (result.outcome()) {
            case SENT -> state = RecipientState.SENT;
            case REFUSED -> state = OutboundReasons.STALE_EPOCH.equals(reason)
                    || OutboundReasons.NOT_OWNER.equals(reason) ? RecipientState.HELD : RecipientState.DROPPED;
            default -> state = OutboundReasons.THREAD_OWNED_BY_ANOTHER_APP.equals(reason) ? RecipientState.HELD
                    : RecipientState.FAILED;
        }
        boolean changed = QuarkusTransaction.requiringNew()
                .call(() -> bulletins.reported(result.decisionId(), state, reason, clock.instant()));
        if (changed) {
            count("reported_" + state.name(), reason);
        }
    }

    /** Publishes the conversations' outboxes, a few at once; what fails is left to the relay's sweeper. */
    private void publish(List<String> keys) {
        List<Future<?>> flushes = new ArrayList<>();
        for (String key : keys) {
            flushes.add(flushers.submit(() -> relay.flush(key)));
        }
        for (Future<?> f : flushes) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                // The outbox keeps the record: the sweeper publishes it.
                LOG.debugf("A bulletin order's flush failed (%s); left to the sweeper", e.getClass().getSimpleName());
            }
        }
    }

    private void count(String what, String reason) {
        registry.counter("handover.bulletin.recipients", "decision", what.toLowerCase(Locale.ROOT),
                "reason", reason == null ? "none" : reason).increment();
    }
}
