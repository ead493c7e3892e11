package org.handover.bot.messaging;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.handover.contracts.ContractJson;
import org.handover.contracts.Decision;
import org.handover.contracts.DecisionType;
import org.handover.contracts.MalformedRecordException;

/**
 * Consumes {@link org.handover.contracts.Topics#CONVERSATION_DECISIONS} in order per conversation. A record that is
 * not a well-formed {@link Decision} goes to {@code conversation.decisions.dlq} with the reason.
 *
 * <p>Sending is not implemented yet: decisions are validated and counted by type, and nothing is sent.
 */
@ApplicationScoped
public class DecisionConsumer {

    private final MeterRegistry registry;

    public DecisionConsumer(MeterRegistry registry) {
        this.registry = registry;
    }

    @Incoming(Channels.DECISIONS)
    public void consume(ConsumerRecord<String, String> record) {
        Decision decision;
        try {
            decision = validate(ContractJson.fromJson(record.value(), Decision.class));
        } catch (MalformedRecordException e) {
            count("malformed");
            throw e;
        }
        count(decision.type().name().toLowerCase());
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
        return decision;
    }

    private void count(String outcome) {
        registry.counter("bot.decision.records", "outcome", outcome).increment();
    }
}
