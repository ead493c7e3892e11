package org.handover.bot.messaging;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletionStage;
import java.time.Duration;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.handover.bot.service.ConversationControlService;
import org.handover.bot.service.OutboundService;
import org.handover.contracts.ContractJson;
import org.handover.contracts.Decision;
import org.handover.contracts.DecisionType;
import org.handover.contracts.MalformedRecordException;
import org.handover.contracts.OrderKind;
import org.handover.service.support.logging.LogContext;
import org.handover.service.support.messaging.ConsumerRetry;
import org.handover.service.support.messaging.ConsumerLanes;
import org.handover.service.support.messaging.KeyedSequencer;
import org.handover.service.support.messaging.OutageMonitor;

/**
 * Consumes {@link org.handover.contracts.Topics#CONVERSATION_DECISIONS} in order per conversation: a control change
 * updates the conversation's owner and epoch, a reply order is handled by {@link OutboundService} and its outcome
 * published to {@code messenger.outbound} before the record is acknowledged. A record that is not a well-formed
 * {@link Decision} goes to {@code conversation.decisions.dlq} with the reason.
 *
 * <p>Blocking (database, Send API) and ordered per conversation: the records of one key (one conversation) are handled
 * one after the other, so an order is always checked against every control change before it, while up to
 * {@code CONSUMER_CONCURRENCY} conversations are handled at once (service-support's {@code KeyedSequencer}; a Send API call
 * of one conversation no longer holds up the others).
 */
@ApplicationScoped
public class DecisionConsumer {

    // Longer than the outgoing channel's delivery.timeout.ms (30 s): a publish that waits for the broker ends with
    // Kafka's own failure (an infrastructure failure: the consumer pauses and publishes again), not with this wait.
    private static final Duration PUBLISH_TIMEOUT = Duration.ofSeconds(40);

    private final MeterRegistry registry;
    private final ConversationControlService controls;
    private final OutboundService outbound;
    private final OutboundResultPublisher results;
    // A database or broker outage is retried, in order, for as long as it lasts (the consumer pauses); a bug a few
    // times before the dead-letter topic; a retry never sends twice (the order's row is already there, see
    // OutboundService); a malformed record is not retried.
    private final ConsumerRetry transientFailures;
    private final KeyedSequencer lanes;

    public DecisionConsumer(MeterRegistry registry, ConversationControlService controls, OutboundService outbound,
            OutboundResultPublisher results, OutageMonitor outages, ConsumerLanes lanes) {
        this.registry = registry;
        this.controls = controls;
        this.outbound = outbound;
        this.results = results;
        this.transientFailures = outages.retry(Channels.DECISIONS);
        this.lanes = lanes.sequencer(Channels.DECISIONS);
    }

    @Incoming(Channels.DECISIONS)
    // Key-ordered concurrency: records of one conversation (one key) one after the other, up to CONSUMER_CONCURRENCY
    // conversations at once on the sequencer's threads; the message is acked when its work ends, nacked (to the
    // dead-letter topic) when it fails.
    public CompletionStage<Void> consume(Message<String> message) {
        return lanes.submit(message, this::handle);
    }

    private void handle(ConsumerRecord<String, String> record) {
        Decision decision;
        try {
            decision = validate(ContractJson.fromJson(record.value(), Decision.class));
        } catch (MalformedRecordException e) {
            count("malformed");
            throw e;
        }
        // The sequencer set the conversation and the record's coordinates; every line of this order names it too.
        LogContext.decisionId(decision.decisionId());
        count(decision.type().name().toLowerCase());
        Decision valid = decision;
        transientFailures.run(() -> {
            if (valid.type() == DecisionType.CONTROL_CHANGE) {
                controls.apply(valid);
            } else {
                outbound.handle(valid).ifPresent(result -> results.publish(result).await().atMost(PUBLISH_TIMEOUT));
            }
        });
    }

    private static Decision validate(Decision decision) {
        if (decision.decisionId() == null || decision.type() == null || decision.pageId() == null
                || decision.psid() == null) {
            throw new MalformedRecordException("decision without decisionId, type, pageId or psid");
        }
        if (decision.type() == DecisionType.REPLY_ORDER && decision.order() == null) {
            throw new MalformedRecordException("reply order without order");
        }
        if (decision.type() == DecisionType.CONTROL_CHANGE && decision.control() == null) {
            throw new MalformedRecordException("control change without control");
        }
        if (decision.type() == DecisionType.CONTROL_CHANGE && decision.control().owner() == null) {
            throw new MalformedRecordException("control change without owner");
        }
        if (decision.type() == DecisionType.REPLY_ORDER) {
            validateOrder(decision);
        }
        return decision;
    }

    private static void validateOrder(Decision decision) {
        OrderKind kind = decision.order().kind();
        if (kind == null) {
            throw new MalformedRecordException("reply order without kind");
        }
        if (kind == OrderKind.ANSWER_GUIDED && isBlank(decision.order().guidedPayload())) {
            throw new MalformedRecordException("guided answer order without guidedPayload");
        }
        boolean handoverMessage = kind != OrderKind.ANSWER_GUIDED && kind != OrderKind.FALLBACK;
        if (handoverMessage && isBlank(decision.order().text())) {
            throw new MalformedRecordException(kind + " order without text");
        }
        if (kind == OrderKind.BULLETIN && isBlank(decision.order().bulletinId())) {
            throw new MalformedRecordException("bulletin order without bulletinId");
        }
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    private void count(String outcome) {
        registry.counter("bot.decision.records", "outcome", outcome).increment();
    }
}
