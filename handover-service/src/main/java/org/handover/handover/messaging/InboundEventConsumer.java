package org.handover.handover.messaging;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.handover.contracts.ContractJson;
import org.handover.contracts.InboundEvent;
import org.handover.contracts.MalformedRecordException;
import org.handover.handover.service.InboundEventService;

/**
 * Consumes {@link org.handover.contracts.Topics#CONVERSATION_INBOUND} in order, one record at a time (database work,
 * so on a worker thread). A record that is not an {@link InboundEvent} goes to {@code conversation.inbound.dlq}.
 */
@ApplicationScoped
public class InboundEventConsumer {

    private final InboundEventService service;
    private final MeterRegistry registry;

    public InboundEventConsumer(InboundEventService service, MeterRegistry registry) {
        this.service = service;
        this.registry = registry;
    }

    @Incoming(Channels.INBOUND_EVENTS)
    @Blocking(ordered = true)
    public void consume(ConsumerRecord<String, String> record) {
        InboundEvent event;
        try {
            event = ContractJson.fromJson(record.value(), InboundEvent.class);
            if (event.eventId() == null || event.eventId().isBlank() || event.pageId() == null) {
                throw new MalformedRecordException("inbound event without eventId or pageId");
            }
        } catch (MalformedRecordException e) {
            count("malformed");
            throw e;
        }
        count(service.apply(event) ? "processed" : "duplicate");
    }

    private void count(String outcome) {
        registry.counter("handover.inbound.records", "outcome", outcome).increment();
    }
}
