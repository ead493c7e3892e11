package org.handover.ingress.messaging;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.handover.contracts.RawEventHeaders;
import org.handover.contracts.Topics;

/**
 * Keeps signed webhook bodies that cannot be split into events, whole, in
 * {@link org.handover.contracts.Topics#WEBHOOK_QUARANTINE}, with the reason in the {@value #REASON} header. Nothing
 * Meta sent is dropped, and a person can inspect and replay it later. The value is the body's bytes exactly as
 * received (a byte-array serializer), even when they are not valid UTF-8.
 */
@ApplicationScoped
public class QuarantinePublisher {

    /** Header naming why the body was quarantined. */
    public static final String REASON = "mh-quarantine-reason";

    private final KafkaSends<byte[]> sends;
    private final String topic;

    public QuarantinePublisher(@Channel(Channels.WEBHOOK_QUARANTINE) MutinyEmitter<byte[]> channelWiring,
            KafkaClientService clients,
            @ConfigProperty(name = "mp.messaging.outgoing.webhook-quarantine.topic",
                    defaultValue = Topics.WEBHOOK_QUARANTINE) String topic) {
        this.sends = new KafkaSends<>(clients, Channels.WEBHOOK_QUARANTINE);
        this.topic = topic;
    }

    /**
     * Quarantines a body; completes when the broker acknowledged it. Keyed by request id.
     *
     * @param object the envelope's {@code object} when it could be read, else {@code null}
     */
    public Uni<Void> quarantine(byte[] body, String reason, String object, String requestId, Instant receivedAt) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(REASON, reason.getBytes(UTF_8));
        headers.add(RawEventHeaders.REQUEST_ID, requestId.getBytes(UTF_8));
        headers.add(RawEventHeaders.RECEIVED_AT, Long.toString(receivedAt.toEpochMilli()).getBytes(UTF_8));
        if (object != null) {
            headers.add(RawEventHeaders.OBJECT, object.getBytes(UTF_8));
        }
        return Uni.createFrom().deferred(() -> sends.producer()
                .send(new ProducerRecord<>(topic, null, requestId, body, headers))
                .replaceWithVoid());
    }
}
