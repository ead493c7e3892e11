package org.handover.ingress.messaging;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.handover.contracts.RawEventHeaders;
import org.handover.contracts.SchemaVersion;
import org.handover.contracts.Topics;

/**
 * Writes raw Messenger events to {@link org.handover.contracts.Topics#WEBHOOK_RAW}, one record per event, keyed by
 * conversation, metadata in headers. The returned {@link Uni} completes only when Kafka acknowledged the record
 * ({@code acks=all}), which is what lets ingress answer Meta {@code 200} safely. Sends never block the caller's
 * thread (see {@link KafkaSends}).
 */
@ApplicationScoped
public class RawEventPublisher {

    private final KafkaSends<String> sends;
    private final String topic;

    public RawEventPublisher(@Channel(Channels.WEBHOOK_EVENTS) MutinyEmitter<String> channelWiring,
            KafkaClientService clients,
            @ConfigProperty(name = "mp.messaging.outgoing.webhook-events.topic", defaultValue = Topics.WEBHOOK_RAW)
            String topic) {
        this.sends = new KafkaSends<>(clients, Channels.WEBHOOK_EVENTS);
        this.topic = topic;
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
        return Uni.createFrom().deferred(() -> sends.producer()
                .send(new ProducerRecord<>(topic, null, event.key(), event.json(), headers))
                .replaceWithVoid());
    }

    /**
     * Publishes events in the order given (each send is queued on the producer's single sending thread in
     * subscription order, and the idempotent producer keeps that order within a partition); completes when the broker
     * acknowledged all of them, fails as soon as one failed. Cancelling it cancels the sends not yet handed to Kafka.
     */
    public Uni<Void> publishAll(List<RawEvent> events) {
        if (events.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Uni.join().all(events.stream().map(this::publish).toList()).andFailFast().replaceWithVoid();
    }
}
