package org.handover.bot.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import org.handover.bot.domain.CatalogDocument;
import org.handover.bot.domain.CatalogRenderer;
import org.handover.bot.domain.ConversationControlState;
import org.handover.bot.domain.OutgoingMessage;
import org.handover.bot.domain.SendOutcome;
import org.handover.bot.domain.SendRules;
import org.handover.bot.domain.SendVerdict;
import org.handover.bot.port.SendPort;
import org.handover.bot.repository.ConversationControlRepository;
import org.handover.bot.repository.OutboundOrder;
import org.handover.bot.repository.OutboundOrderRepository;
import org.handover.contracts.ContractJson;
import org.handover.contracts.Decision;
import org.handover.contracts.OutboundOutcome;
import org.handover.contracts.OutboundReasons;
import org.handover.contracts.OutboundResult;
import org.handover.contracts.ReplyOrder;
import org.handover.contracts.SchemaVersion;
import org.jboss.logging.Logger;

/**
 * Handles one reply order: checks it against the conversation's owner and epoch, the 24-hour window, the page's
 * catalog and what the {@link SendPort} refuses (no page token; every order in shadow mode) ({@link SendRules}),
 * sends it at most once through the port, and says what became of it. "Now" is the port's: the wall clock in
 * production, the order's {@code decidedAt} in shadow mode.
 *
 * <p>At most once: the decision id is inserted (state SENDING, or the refusal) and committed <em>before</em> the
 * Send API is called, and the outcome is recorded after. A redelivered order finds its id and is not sent again
 * (refused {@code duplicate}). If the process stopped between the call and the record, the redelivered order finds
 * it still SENDING: whether Meta got it is unknown, and it is not sent again but reported failed
 * {@code outcome_unknown}, because a user must never get the same message twice.
 */
@ApplicationScoped
public class OutboundService {

    private static final Logger LOG = Logger.getLogger(OutboundService.class);

    private final OutboundOrderRepository orders;
    private final ConversationControlRepository controls;
    private final CatalogService catalogs;
    private final SendPort sendPort;
    private final MeterRegistry registry;

    public OutboundService(OutboundOrderRepository orders, ConversationControlRepository controls,
            CatalogService catalogs, SendPort sendPort, MeterRegistry registry) {
        this.orders = orders;
        this.controls = controls;
        this.catalogs = catalogs;
        this.sendPort = sendPort;
        this.registry = registry;
    }

    /** Handles a reply order and returns its outcome, to be published on {@code messenger.outbound}. */
    public OutboundResult handle(Decision decision) {
        Claim claim = QuarkusTransaction.requiringNew().call(() -> claim(decision));
        OutboundResult result;
        if (claim.earlier() != null) {
            result = claim.earlier();
        } else if (!claim.verdict().send()) {
            result = result(decision, OutboundOutcome.REFUSED, claim.verdict().reason(), null, null, null);
        } else {
            SendOutcome outcome = sendPort.send(decision.pageId(), decision.psid(), claim.message(),
                    decision.decisionId());
            Instant at = now(decision);
            OutboundOrder.State state = outcome.sent() ? OutboundOrder.State.SENT : OutboundOrder.State.FAILED;
            QuarkusTransaction.requiringNew().run(() -> orders.finish(decision.decisionId(), state, outcome.reason(),
                    outcome.messageId(), outcome.errorCode(), outcome.errorSubcode(), at));
            result = outcome.sent()
                    ? result(decision, OutboundOutcome.SENT, null, outcome.messageId(), null, null)
                    : result(decision, OutboundOutcome.FAILED, outcome.reason(), null, outcome.errorCode(),
                            outcome.errorSubcode());
        }
        count(result);
        LOG.debugf("Order %s of %s: %s %s", decision.decisionId(), decision.key(), result.outcome(),
                result.reason() == null ? "" : result.reason());
        return result;
    }

    /** The decision made inside the claiming transaction. */
    private record Claim(SendVerdict verdict, OutgoingMessage message, OutboundResult earlier) {
    }

    private Claim claim(Decision decision) {
        Instant now = now(decision);
        ReplyOrder order = decision.order();
        ConversationControlState current = controls.current(decision.pageId(), decision.psid());
        CatalogDocument catalog = CatalogRenderer.needsCatalog(order.kind())
                ? catalogs.find(decision.pageId()).map(CatalogService.StoredCatalog::catalog).orElse(null)
                : null;
        Optional<OutgoingMessage> message = CatalogRenderer.render(order, catalog);
        SendVerdict verdict = SendRules.decide(decision.epoch(), current, order.userMessageAt(), now,
                message.isPresent(), sendPort.refusal(decision.pageId()));

        OutboundOrder row = new OutboundOrder();
        row.decisionId = decision.decisionId();
        row.pageId = decision.pageId();
        row.psid = decision.psid();
        row.epoch = decision.epoch();
        row.kind = order.kind();
        row.state = verdict.send() ? OutboundOrder.State.SENDING : OutboundOrder.State.REFUSED;
        row.reason = verdict.reason();
        row.message = message.map(ContractJson::toJson).orElse(null);
        row.createdAt = now;
        row.updatedAt = now;
        if (orders.claim(row)) {
            return new Claim(verdict, message.orElse(null), null);
        }
        return new Claim(null, null, redelivered(decision, now));
    }

    /** An order whose id was already recorded: never sent again. */
    private OutboundResult redelivered(Decision decision, Instant now) {
        OutboundOrder earlier = orders.findById(decision.decisionId(), LockModeType.PESSIMISTIC_WRITE);
        if (earlier.state == OutboundOrder.State.SENDING) {
            // The process stopped after claiming the order, maybe after Meta got the message: unknown, not resent.
            orders.finish(earlier.decisionId, OutboundOrder.State.FAILED, OutboundReasons.OUTCOME_UNKNOWN, null,
                    null, null, now);
            LOG.warnf("Order %s of %s was interrupted while sending; not sent again (outcome unknown)",
                    decision.decisionId(), decision.key());
            return result(decision, OutboundOutcome.FAILED, OutboundReasons.OUTCOME_UNKNOWN, null, null, null);
        }
        return result(decision, OutboundOutcome.REFUSED, OutboundReasons.DUPLICATE, null, null, null);
    }

    /** "Now" for an order, as the port keeps time ({@link SendPort#now}). */
    private Instant now(Decision decision) {
        return sendPort.now(decision.decidedAt());
    }

    private OutboundResult result(Decision decision, OutboundOutcome outcome, String reason, String messageId,
            Integer errorCode, Integer errorSubcode) {
        return new OutboundResult(SchemaVersion.CURRENT, decision.decisionId(), decision.pageId(), decision.psid(),
                decision.epoch(), decision.order().kind(), outcome, reason, messageId, errorCode, errorSubcode,
                now(decision));
    }

    private void count(OutboundResult result) {
        registry.counter("bot.outbound", "outcome", result.outcome().name().toLowerCase(Locale.ROOT),
                "reason", result.reason() == null ? "none" : result.reason()).increment();
    }
}
