package org.handover.handover.messaging;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.handover.contracts.ContractJson;
import org.handover.contracts.InboundEvent;
import org.handover.contracts.MalformedRecordException;
import org.handover.handover.service.ServiceClock;
import org.handover.handover.service.ConversationService;
import org.handover.service.support.messaging.ConsumerRetry;
import org.handover.service.support.messaging.OutageMonitor;

/**
 * Consumes {@link org.handover.contracts.Topics#CONVERSATION_INBOUND} in order, one record at a time (database and
 * Graph API work, so on a worker thread, one conversation's events strictly one after the other). A record that is
 * not an {@link InboundEvent} goes to {@code conversation.inbound.dlq}; the partition keeps moving. A transient failure
 * (database, broker) is retried with backoff first. Each event's time is told to the {@link ServiceClock} (in shadow
 * mode the event-time clock moves there; the wall clock ignores it).
 */
@ApplicationScoped
public class InboundEventConsumer {

    private final ConversationService service;
    private final MeterRegistry registry;
    private final ServiceClock clock;
    private final ConsumerRetry retry;

    public InboundEventConsumer(ConversationService service, MeterRegistry registry, ServiceClock clock,
            OutageMonitor outages) {
        this.service = service;
        this.registry = registry;
        this.clock = clock;
        this.retry = outages.retry(Channels.INBOUND_EVENTS);
    }

    @Incoming(Channels.INBOUND_EVENTS)
    @Blocking(ordered = true)
    public void consume(ConsumerRecord<String, String> record) {
        InboundEvent event;
        try {
            event = ContractJson.fromJson(record.value(), InboundEvent.class);
            if (event.eventId() == null || event.eventId().isBlank() || event.pageId() == null
                    || event.eventClass() == null) {
                throw new MalformedRecordException("inbound event without eventId, pageId or eventClass");
            }
        } catch (MalformedRecordException e) {
            count("malformed");
            throw e;
        }
        InboundEvent valid = event;
        // An event-time clock (shadow mode) reads as the time this event was received; the wall clock ignores it.
        clock.observe(valid.receivedAt() != null ? valid.receivedAt() : valid.occurredAt());
        boolean first;
        try {
            first = retry.call(() -> service.onInbound(valid));
        } catch (RuntimeException e) {
            count("failed");
            throw e;
        }
        count(first ? "processed" : "duplicate");
    }

    private void count(String outcome) {
        registry.counter("handover.inbound.records", "outcome", outcome).increment();
    }
}
