package org.handover.routing.messaging;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Locale;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.eclipse.microprofile.reactive.messaging.Outgoing;
import org.handover.contracts.ContractJson;
import org.handover.contracts.EventClass;
import org.handover.contracts.InboundEvent;
import org.handover.contracts.MalformedRecordException;
import org.handover.contracts.RawEventHeaders;
import org.handover.contracts.SourceRef;
import org.handover.routing.config.RoutingConfig;
import org.handover.routing.domain.Classification;
import org.handover.routing.domain.EventClassifier;
import org.handover.routing.domain.RawRecord;
import org.handover.routing.service.GuidedCatalogStore;
import org.handover.service.support.logging.LogContext;
import org.jboss.logging.Logger;

/**
 * Consumes {@link org.handover.contracts.Topics#WEBHOOK_RAW}, classifies each event with {@link EventClassifier} and
 * publishes the result to {@link org.handover.contracts.Topics#CONVERSATION_INBOUND} under the same key.
 *
 * <p>It is a processor ({@code @Incoming} to {@code @Outgoing}), so SmallRye keeps the stream in order and the Kafka
 * sink writes the classified events in the order the raw records were read; several may be in flight at once, which
 * keeps throughput up, and the producer is idempotent, so in-flight retries cannot reorder them. Each raw record is
 * acknowledged only when the broker acknowledged its classified event (the outgoing message carries the incoming
 * message's ack and nack), and the commit strategy commits an offset only when every record before it is
 * acknowledged. So nothing is lost on a crash (the record is re-read and re-published with the same event id) and
 * one conversation's events reach {@code conversation.inbound} in the order they arrived.
 *
 * <p>A record that is not a usable Messenger event goes to {@code messenger.webhook.raw.dlq} with the reason in the
 * {@code dead-letter-reason} header, and the partition moves on.
 */
@ApplicationScoped
public class RawEventConsumer {

    private static final Logger LOG = Logger.getLogger(RawEventConsumer.class);

    private final EventClassifier classifier;
    private final GuidedCatalogStore catalogs;
    private final MeterRegistry registry;

    public RawEventConsumer(RoutingConfig config, GuidedCatalogStore catalogs, MeterRegistry registry) {
        this.classifier = new EventClassifier(config.appId());
        this.catalogs = catalogs;
        this.registry = registry;
    }

    /**
     * Classifies one raw record into the message to publish, which carries the record's ack and nack. A malformed
     * record is nacked here and nothing is published for it (a processor returning {@code null} skips): the
     * dead-letter strategy writes it to {@code messenger.webhook.raw.dlq} with the reason as
     * {@code dead-letter-reason}. Throwing instead would fail the whole stream.
     */
    @Incoming(Channels.RAW_EVENTS)
    // Parsing and classifying is CPU work on in-memory data; a hop to a worker thread per record only costs time.
    @NonBlocking
    @Outgoing(Channels.CLASSIFIED_EVENTS)
    public Message<InboundEvent> consume(Message<String> message) {
        @SuppressWarnings("unchecked")
        ConsumerRecord<String, String> record = message.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(metadata -> (ConsumerRecord<String, String>) metadata.getRecord())
                .orElseThrow(() -> new IllegalStateException("raw events come from Kafka"));
        // Every line about this record carries its conversation reference, coordinates and (once known) event id.
        try (LogContext.Scope context = LogContext.forRecord(record)) {
            return classifyInContext(message, record);
        }
    }

    private Message<InboundEvent> classifyInContext(Message<String> message, ConsumerRecord<String, String> record) {
        InboundEvent event;
        try {
            event = classify(record);
        } catch (MalformedRecordException e) {
            count("malformed");
            // Coordinates and reason only: the reason never quotes the record.
            LOG.warnf("Dead-lettering raw record %s-%d@%d: %s", record.topic(), record.partition(), record.offset(),
                    e.getMessage());
            message.nack(e);
            return null;
        }
        LogContext.eventId(event.eventId());
        count("accepted");
        registry.counter("routing.events", "class", event.eventClass().name().toLowerCase(Locale.ROOT),
                "kind", event.kind()).increment();
        if (event.eventClass() == EventClass.UNKNOWN) {
            LOG.infof("Unknown Messenger event %s on page %s (%s-%d@%d), passed on as unknown", event.eventId(),
                    event.pageId(), record.topic(), record.partition(), record.offset());
        }
        // Same key as the raw record (the classifier checked that they agree), so the same partition order.
        return Message.of(event, Metadata.of(OutgoingKafkaRecordMetadata.<String>builder().withKey(event.key()).build()),
                message::ack, (Throwable failure) -> message.nack(failure));
    }

    private InboundEvent classify(ConsumerRecord<String, String> record) {
        String value = record.value();
        JsonNode json = parse(value);
        RawRecord raw = new RawRecord(record.key(), json, value.getBytes(UTF_8),
                header(record, RawEventHeaders.CHANNEL), header(record, RawEventHeaders.PAGE_ID),
                header(record, RawEventHeaders.ENTRY_TIME), receivedAt(record),
                new SourceRef(record.topic(), record.partition(), record.offset()));
        Classification classification = classifier.classify(raw, catalogs::find);
        if (classification instanceof Classification.Malformed malformed) {
            throw new MalformedRecordException(malformed.reason());
        }
        return ((Classification.Classified) classification).event();
    }

    private static JsonNode parse(String value) {
        if (value == null || value.isEmpty()) {
            throw new MalformedRecordException("raw event has no value");
        }
        try {
            return ContractJson.mapper().readTree(value);
        } catch (JsonProcessingException e) {
            throw new MalformedRecordException("raw event is not JSON: " + ContractJson.describe(e));
        }
    }

    /** Ingress's receive time; the record's own timestamp when the header is absent (it is written at receipt). */
    private static Instant receivedAt(ConsumerRecord<String, String> record) {
        String header = header(record, RawEventHeaders.RECEIVED_AT);
        if (header != null && header.matches("\\d{1,18}")) {
            return Instant.ofEpochMilli(Long.parseLong(header));
        }
        return record.timestamp() >= 0 ? Instant.ofEpochMilli(record.timestamp()) : null;
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), UTF_8);
    }

    private void count(String outcome) {
        registry.counter("routing.raw.records", "outcome", outcome).increment();
    }
}
