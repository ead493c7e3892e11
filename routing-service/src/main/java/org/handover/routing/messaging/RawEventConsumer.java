package org.handover.routing.messaging;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Locale;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Incoming;
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
import org.jboss.logging.Logger;

/**
 * Consumes {@link org.handover.contracts.Topics#WEBHOOK_RAW}, classifies each event with {@link EventClassifier} and
 * publishes the result to {@link org.handover.contracts.Topics#CONVERSATION_INBOUND} under the same key.
 *
 * <p>Records are handled one at a time per partition, and a record is acknowledged only once the broker acknowledged
 * its classified event: returning the publish {@link Uni} makes SmallRye wait for it before the next record and
 * before committing. So nothing is lost on a crash (the record is re-read and re-published with the same event id)
 * and one conversation's events reach {@code conversation.inbound} in the order they arrived.
 *
 * <p>A record that is not a usable Messenger event goes to {@code messenger.webhook.raw.dlq} with the reason in the
 * {@code dead-letter-reason} header, and the partition moves on.
 */
@ApplicationScoped
public class RawEventConsumer {

    private static final Logger LOG = Logger.getLogger(RawEventConsumer.class);

    private final EventClassifier classifier;
    private final GuidedCatalogStore catalogs;
    private final InboundEventPublisher publisher;
    private final MeterRegistry registry;

    public RawEventConsumer(RoutingConfig config, GuidedCatalogStore catalogs, InboundEventPublisher publisher,
            MeterRegistry registry) {
        this.classifier = new EventClassifier(config.appId());
        this.catalogs = catalogs;
        this.publisher = publisher;
        this.registry = registry;
    }

    @Incoming(Channels.RAW_EVENTS)
    public Uni<Void> consume(ConsumerRecord<String, String> record) {
        InboundEvent event;
        try {
            event = classify(record);
        } catch (MalformedRecordException e) {
            count("malformed");
            // Offsets and reason only: the reason never quotes the record.
            LOG.warnf("Dead-lettering raw record %s-%d@%d: %s", record.topic(), record.partition(), record.offset(),
                    e.getMessage());
            return Uni.createFrom().failure(e);
        }
        count("accepted");
        registry.counter("routing.events", "class", event.eventClass().name().toLowerCase(Locale.ROOT),
                "kind", event.kind()).increment();
        if (event.eventClass() == EventClass.UNKNOWN) {
            LOG.infof("Unknown Messenger event %s on page %s (%s-%d@%d), passed on as unknown", event.eventId(),
                    event.pageId(), record.topic(), record.partition(), record.offset());
        }
        return publisher.publish(event);
    }

    private InboundEvent classify(ConsumerRecord<String, String> record) {
        String value = record.value();
        JsonNode json = parse(value);
        RawRecord raw = new RawRecord(record.key(), json, value.getBytes(UTF_8),
                header(record, RawEventHeaders.CHANNEL), header(record, RawEventHeaders.PAGE_ID),
                receivedAt(record), new SourceRef(record.topic(), record.partition(), record.offset()));
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
