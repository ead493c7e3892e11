package org.handover.handover.messaging;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.handover.contracts.ContractJson;
import org.handover.contracts.InboundEvent;
import org.handover.contracts.MalformedRecordException;
import org.handover.handover.service.ServiceClock;
import org.handover.handover.service.ConversationService;
import org.handover.service.support.logging.LogContext;
import org.handover.service.support.messaging.ConsumerRetry;
import org.handover.service.support.messaging.ConsumerLanes;
import org.handover.service.support.messaging.KeyedSequencer;
import org.handover.service.support.messaging.OutageMonitor;

/**
 * Consumes {@link org.handover.contracts.Topics#CONVERSATION_INBOUND} in order per conversation: database and Graph API
 * work, so on worker threads, one conversation's events (one record key) strictly one after the other, up to
 * {@code CONSUMER_CONCURRENCY} conversations at once (service-support's {@code KeyedSequencer}). A record that is
 * not an {@link InboundEvent} goes to {@code conversation.inbound.dlq}; the partition keeps moving. A transient failure
 * (database, broker) pauses the consumer, retried for as long as it lasts (service-support's
 * {@link ConsumerRetry}); a partition leaves this replica only once its work here ended ({@link InFlightRecords}). Each event's time is told to the {@link ServiceClock} (in shadow
 * mode the event-time clock moves there; the wall clock ignores it).
 */
@ApplicationScoped
public class InboundEventConsumer {

    private final ConversationService service;
    private final MeterRegistry registry;
    private final ServiceClock clock;
    private final ConsumerRetry retry;
    private final KeyedSequencer lanes;

    public InboundEventConsumer(ConversationService service, MeterRegistry registry,
            ServiceClock clock, OutageMonitor outages, ConsumerLanes lanes) {
        this.service = service;
        this.registry = registry;
        this.clock = clock;
        this.retry = outages.retry(Channels.INBOUND_EVENTS);
        this.lanes = lanes.sequencer(Channels.INBOUND_EVENTS);
    }

    @Incoming(Channels.INBOUND_EVENTS)
    // Key-ordered concurrency: records of one conversation (one key) one after the other, up to CONSUMER_CONCURRENCY
    // conversations at once on the sequencer's threads; the message is acked when its work ends, nacked (to the
    // dead-letter topic) when it fails.
    public CompletionStage<Void> consume(Message<String> message) {
        return lanes.submit(message, this::handle);
    }

    private void handle(ConsumerRecord<String, String> record) {
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
        // The sequencer set the conversation and the record's coordinates; every line of this event names it too.
        LogContext.eventId(valid.eventId());
        // An event-time clock (shadow mode) reads as the time this event was received; the wall clock ignores it.
        clock.observe(valid.receivedAt() != null ? valid.receivedAt() : valid.occurredAt());
        // What the event shows of the page's setup (our app not its default app) is the inbound step's to look at,
        // on the state it locks: no read of its own (PageHealthService.observe).
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
