package org.handover.ingress.messaging;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.handover.contracts.RawEventHeaders;
import org.handover.contracts.SchemaVersion;

/**
 * Writes raw Messenger events to {@link org.handover.contracts.Topics#WEBHOOK_RAW}, one record per event, keyed by
 * conversation, metadata in headers. The returned {@link Uni} completes only when Kafka acknowledged the record
 * ({@code acks=all}), which is what lets ingress answer Meta {@code 200} safely.
 */
@ApplicationScoped
public class RawEventPublisher {

    private final MutinyEmitter<String> emitter;

    public RawEventPublisher(@Channel(Channels.WEBHOOK_EVENTS) MutinyEmitter<String> emitter) {
        this.emitter = emitter;
    }

    /** Publishes one event; completes when the broker acknowledged it. */
    public Uni<Void> publish(RawEvent event) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(RawEventHeaders.CHANNEL, event.channel().getBytes(UTF_8));
        headers.add(RawEventHeaders.PAGE_ID, event.pageId().getBytes(UTF_8));
        headers.add(RawEventHeaders.ENTRY_TIME, Long.toString(event.entryTime()).getBytes(UTF_8));
        headers.add(RawEventHeaders.RECEIVED_AT, Long.toString(event.receivedAt().toEpochMilli()).getBytes(UTF_8));
        headers.add(RawEventHeaders.REQUEST_ID, event.requestId().getBytes(UTF_8));
        headers.add(RawEventHeaders.OBJECT, event.object().getBytes(UTF_8));
        headers.add(RawEventHeaders.SCHEMA_VERSION, Integer.toString(SchemaVersion.CURRENT).getBytes(UTF_8));
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(event.key())
                .withHeaders(headers)
                .build();
        return emitter.sendMessage(Message.of(event.json()).addMetadata(metadata));
    }

    /** Publishes events in order; completes when the broker acknowledged all of them, fails if any failed. */
    public Uni<Void> publishAll(List<RawEvent> events) {
        if (events.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Uni.join().all(events.stream().map(this::publish).toList()).andFailFast().replaceWithVoid();
    }
}
