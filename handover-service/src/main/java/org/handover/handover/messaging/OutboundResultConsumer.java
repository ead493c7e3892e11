package org.handover.handover.messaging;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.handover.contracts.ContractJson;
import org.handover.contracts.MalformedRecordException;
import org.handover.contracts.OutboundResult;

/**
 * Consumes {@link org.handover.contracts.Topics#MESSENGER_OUTBOUND}: handover-service passes control to the agent
 * only after bot-service reports the confirmation sent. Until the state machine exists, results are validated and
 * counted by outcome; a record that is not an {@link OutboundResult} goes to {@code messenger.outbound.dlq}.
 */
@ApplicationScoped
public class OutboundResultConsumer {

    private final MeterRegistry registry;

    public OutboundResultConsumer(MeterRegistry registry) {
        this.registry = registry;
    }

    @Incoming(Channels.OUTBOUND_RESULTS)
    public void consume(ConsumerRecord<String, String> record) {
        OutboundResult result;
        try {
            result = ContractJson.fromJson(record.value(), OutboundResult.class);
            if (result.decisionId() == null || result.outcome() == null) {
                throw new MalformedRecordException("outbound result without decisionId or outcome");
            }
        } catch (MalformedRecordException e) {
            registry.counter("handover.outbound.records", "outcome", "malformed").increment();
            throw e;
        }
        registry.counter("handover.outbound.records", "outcome", result.outcome().name().toLowerCase()).increment();
    }
}
