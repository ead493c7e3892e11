package org.handover.bot.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.handover.bot.config.BotConfig;
import org.handover.bot.domain.CatalogDocument;
import org.handover.bot.domain.CatalogRenderer;
import org.handover.bot.domain.ConversationControlState;
import org.handover.bot.domain.OutgoingMessage;
import org.handover.bot.domain.SendOutcome;
import org.handover.bot.domain.SendRules;
import org.handover.bot.domain.SendVerdict;
import org.handover.bot.port.SendPort;
import org.handover.bot.repository.BulletinDeliveryRepository;
import org.handover.bot.repository.ConversationControlRepository;
import org.handover.bot.repository.OutboundOrder;
import org.handover.bot.repository.OutboundOrderRepository;
import org.handover.contracts.ContractJson;
import org.handover.contracts.Decision;
import org.handover.contracts.OrderKind;
import org.handover.contracts.OutboundOutcome;
import org.handover.contracts.OutboundReasons;
import org.handover.contracts.OutboundResult;
import org.handover.contracts.ReplyOrder;
import org.handover.contracts.SchemaVersion;
import org.handover.contracts.TrackedAnswerLinks;
import org.jboss.logging.Logger;

/**
 * Handles one reply order: checks it against the conversation's owner and epoch, the 24-hour window, the page's
 * catalog and what the {@link SendPort} refuses (no page token; every order in shadow mode) ({@link SendRules}),
 * sends it at most once through the port, and says what became of it. "Now" is the port's: the wall clock in
 * production, the order's {@code decidedAt} in shadow mode.
 *
 * <p>At most once: the decision id is inserted (state SENDING, or the refusal) and committed <em>before</em> the
 * Send API is called, and the outcome is recorded after. A redelivered order finds its id and is not sent again:
 * the outcome recorded for it is published again (the first report may have died with the process that recorded it),
 * so a redelivery repeats a report, never changes it.
 *
 * <p>A SENDING order is <b>leased</b> to the handling that claimed it: owner = this replica's id and a token of that
 * handling, until the longest send could be over ({@link SendPort#longestSend()} plus {@code bot.send.lease-margin}).
 * A redelivery that finds it SENDING (a rebalance handed the record to another replica while the first is still in
 * the call) waits, polling the row, until the owner records the outcome (then that outcome) or the lease ends:
 * only then, or at once when the owner is this process's own handling that has ended, is the send declared lost,
 * FAILED {@code outcome_unknown}, and not sent again (a user must never get the same message twice). The wait blocks
 * only the calling thread, for at most what remains of the lease. An owner that finishes after its send was declared
 * lost records nothing and publishes nothing ({@link #handle} is empty): one outcome per order, never two.
 */
@ApplicationScoped
public class OutboundService {

    private static final Logger LOG = Logger.getLogger(OutboundService.class);
    private static final Duration FIRST_POLL = Duration.ofMillis(50);
    private static final Duration LONGEST_POLL = Duration.ofSeconds(1);

    private final OutboundOrderRepository orders;
    private final ConversationControlRepository controls;
    private final BulletinDeliveryRepository bulletins;
    private final CatalogService catalogs;
    private final SendPort sendPort;
    private final MeterRegistry registry;
    private final Duration lease;
    private final Duration maxOrderAge;
    private final String replicaId = replicaId();
    /** The lease owners of the sends this process is making now: a lease of this replica not here has ended. */
    private final Set<String> sending = ConcurrentHashMap.newKeySet();

    private final AnswerLinkTracker links;

    public OutboundService(OutboundOrderRepository orders, ConversationControlRepository controls,
            BulletinDeliveryRepository bulletins, CatalogService catalogs, SendPort sendPort, MeterRegistry registry,
            BotConfig config, AnswerLinkTracker links) {
        this.links = links;
        this.orders = orders;
        this.controls = controls;
        this.bulletins = bulletins;
        this.catalogs = catalogs;
        this.sendPort = sendPort;
        this.registry = registry;
        this.lease = sendPort.longestSend().plus(config.send().leaseMargin());
        this.maxOrderAge = config.send().maxOrderAge();
    }

    /**
     * This process's id among the replicas: the host name (the pod's name) and a random part, so that two processes
     * never share one, even on one host or after a restart.
     */
    private static String replicaId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (Exception unknown) {
            host = "bot";
        }
        return host + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** How long an in-flight send is leased to the handling that claimed it. */
    public Duration lease() {
        return lease;
    }

    /**
     * Handles a reply order and returns its outcome, to be published on {@code messenger.outbound}; empty when there
     * is nothing to publish (this handling's send was declared lost by another while it ran, and that one published).
     */
    public Optional<OutboundResult> handle(Decision decision) {
        return handle(decision, replicaId);
    }

    /**
     * {@link #handle(Decision)} as replica {@code replica} would: its sends are leased in that replica's name. For
     * tests that play two replicas in one process.
     */
    public Optional<OutboundResult> handle(Decision decision, String replica) {
        String owner = replica + "/" + UUID.randomUUID();
        sending.add(owner);
        Optional<OutboundResult> result;
        try {
            result = handleAs(decision, replica, owner);
        } finally {
            sending.remove(owner);
        }
        result.ifPresent(r -> {
            count(r);
            LOG.debugf("Order %s: %s %s", decision.decisionId(), r.outcome(),
                    r.reason() == null ? "" : r.reason());
        });
        return result;
    }

    private Optional<OutboundResult> handleAs(Decision decision, String replica, String owner) {
        Claim claim = QuarkusTransaction.requiringNew().call(() -> claim(decision, owner));
        if (claim == null) {
            return Optional.of(redelivered(decision, replica));
        }
        if (!claim.verdict().send()) {
            return Optional.of(result(decision, OutboundOutcome.REFUSED, claim.verdict().reason(), null, null, null));
        }
        SendOutcome outcome = sendPort.send(decision.pageId(), decision.psid(), claim.message(),
                decision.decisionId());
        Instant at = now(decision);
        OutboundOrder.State state = outcome.sent() ? OutboundOrder.State.SENT : OutboundOrder.State.FAILED;
        boolean recorded = QuarkusTransaction.requiringNew().call(() -> orders.finish(decision.decisionId(), owner,
                state, outcome.reason(), outcome.messageId(), outcome.errorCode(), outcome.errorSubcode(), at));
        if (!recorded) {
            // Outlived its lease: another handling declared it lost and published that; one result per order.
            LOG.warnf("Order %s finished (%s %s) after its lease had ended and it was declared lost; not"
                    + " published again", decision.decisionId(), state,
                    outcome.reason() == null ? "" : outcome.reason());
            return Optional.empty();
        }
        return Optional.of(outcome.sent()
                ? result(decision, OutboundOutcome.SENT, null, outcome.messageId(), null, null, claim.trackedLinks())
                : result(decision, OutboundOutcome.FAILED, outcome.reason(), null, outcome.errorCode(),
                        outcome.errorSubcode()));
    }

    /** The decision made inside the claiming transaction; {@code trackedLinks} when a guided answer's were. */
    private record Claim(SendVerdict verdict, OutgoingMessage message, TrackedAnswerLinks trackedLinks) {
    }

    /** Claims the order for {@code owner}; null when its id was already recorded. */
    private Claim claim(Decision decision, String owner) {
        Instant now = now(decision);
        ReplyOrder order = decision.order();
        ConversationControlState current = controls.current(decision.pageId(), decision.psid());
        CatalogDocument catalog = CatalogRenderer.needsCatalog(order.kind())
                ? catalogs.find(decision.pageId()).map(CatalogService.StoredCatalog::catalog).orElse(null)
                : null;
        Optional<CatalogRenderer.Rendered> rendered = CatalogRenderer.render(order, catalog, decision.pageId(),
                decision.psid(), links.makerOrNull());
        Optional<OutgoingMessage> message = rendered.map(CatalogRenderer.Rendered::message);
        TrackedAnswerLinks tracked = rendered.map(CatalogRenderer.Rendered::trackedLinks).orElse(null);
        SendVerdict verdict = SendRules.decide(decision.epoch(), current, order.userMessageAt(),
                decision.decidedAt(), maxOrderAge, now, message.isPresent(),
                order.kind() == OrderKind.BULLETIN ? order.tag() : null, sendPort.refusal(decision.pageId()));

        OutboundOrder row = new OutboundOrder();
        row.decisionId = decision.decisionId();
        row.pageId = decision.pageId();
        row.psid = decision.psid();
        row.epoch = decision.epoch();
        row.kind = order.kind();
        row.state = verdict.send() ? OutboundOrder.State.SENDING : OutboundOrder.State.REFUSED;
        row.reason = verdict.reason();
        row.message = message.map(ContractJson::toJson).orElse(null);
        row.trackedLinks = tracked == null ? null : ContractJson.toJson(tracked);
        row.leaseOwner = owner;
        row.createdAt = now;
        row.updatedAt = now;
        if (!orders.claim(row, lease)) {
            return null;
        }
        if (verdict.send() && order.kind() == OrderKind.BULLETIN && order.bulletinId() != null
                && !bulletins.claim(order.bulletinId(), decision.key(), decision.decisionId(), now)) {
            // Another order of this bulletin already went (or may have gone) to this conversation: never twice.
            orders.refuseClaimed(decision.decisionId(), OutboundReasons.DUPLICATE);
            return new Claim(SendVerdict.refuse(OutboundReasons.DUPLICATE), null, null);
        }
        return new Claim(verdict, message.orElse(null), tracked);
    }

    /**
     * An order whose id was already recorded: never sent again. Still SENDING, it is waited for while its lease
     * runs and its owner may be in the call; then declared lost.
     */
    private OutboundResult redelivered(Decision decision, String replica) {
        Duration poll = FIRST_POLL;
        while (true) {
            OutboundOrderRepository.Lease found = QuarkusTransaction.requiringNew()
                    .call(() -> orders.lease(decision.decisionId())).orElseThrow();
            if (found.state() != OutboundOrder.State.SENDING) {
                return recorded(decision);
            }
            boolean ownerStopped = found.owner() != null && found.owner().startsWith(replica + "/")
                    && !sending.contains(found.owner());
            if (ownerStopped || found.ended()) {
                Instant now = now(decision);
                boolean declared = QuarkusTransaction.requiringNew().call(() -> ownerStopped
                        ? orders.declareLostOf(decision.decisionId(), found.owner(), now)
                        : orders.declareLost(decision.decisionId(), now));
                if (declared) {
                    // The send was interrupted, maybe after Meta got the message: unknown, not resent.
                    LOG.warnf("Order %s was interrupted while sending (%s); not sent again (outcome unknown)",
                            decision.decisionId(), ownerStopped ? "its handling here ended"
                                    : "its lease ended");
                    return result(decision, OutboundOutcome.FAILED, OutboundReasons.OUTCOME_UNKNOWN, null, null,
                            null);
                }
                // Finished or declared lost by another meanwhile: read it again.
                continue;
            }
            // Still in flight elsewhere: wait for its outcome, never past the lease.
            sleep(min(poll, found.remaining()));
            poll = min(poll.multipliedBy(2), LONGEST_POLL);
        }
    }

    /**
     * The outcome recorded for an order handled before, published again: its first report may never have reached the
     * topic (the process died between recording the outcome and publishing it), and whoever waits for the report (a
     * pending pass, a bulletin's progress) must learn what really happened, not {@code duplicate}. Reports are
     * idempotent by decision id downstream.
     */
    private OutboundResult recorded(Decision decision) {
        OutboundOrder row = QuarkusTransaction.requiringNew()
                .call(() -> orders.findByIdOptional(decision.decisionId())).orElseThrow();
        OutboundOutcome outcome = switch (row.state) {
            case SENT -> OutboundOutcome.SENT;
            case FAILED -> OutboundOutcome.FAILED;
            default -> OutboundOutcome.REFUSED;
        };
        TrackedAnswerLinks tracked = outcome == OutboundOutcome.SENT && row.trackedLinks != null
                ? ContractJson.fromJson(row.trackedLinks, TrackedAnswerLinks.class) : null;
        return result(decision, outcome, row.reason, row.messageId, row.errorCode, row.errorSubcode, tracked);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(Math.max(1, duration.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for an in-flight send", e);
        }
    }

    /** "Now" for an order, as the port keeps time ({@link SendPort#now}). */
    private Instant now(Decision decision) {
        return sendPort.now(decision.decidedAt());
    }

    private OutboundResult result(Decision decision, OutboundOutcome outcome, String reason, String messageId,
            Integer errorCode, Integer errorSubcode) {
        return result(decision, outcome, reason, messageId, errorCode, errorSubcode, null);
    }

    /** {@code trackedLinks}: the guided answer's links sent as tracked links, only on a SENT result. */
    private OutboundResult result(Decision decision, OutboundOutcome outcome, String reason, String messageId,
            Integer errorCode, Integer errorSubcode, TrackedAnswerLinks trackedLinks) {
        return new OutboundResult(SchemaVersion.CURRENT, decision.decisionId(), decision.pageId(), decision.psid(),
                decision.epoch(), decision.order().kind(), outcome, reason, messageId, errorCode, errorSubcode,
                now(decision), trackedLinks);
    }

    private void count(OutboundResult result) {
        registry.counter("bot.outbound", "outcome", result.outcome().name().toLowerCase(Locale.ROOT),
                "reason", result.reason() == null ? "none" : result.reason()).increment();
    }
}
