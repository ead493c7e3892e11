package org.handover.ingress.messaging;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.handover.contracts.QuarantineHeaders;
import org.handover.contracts.RawEventHeaders;
import org.handover.contracts.SizeBudget;
import org.handover.contracts.Topics;

/**
 * Keeps signed webhook bodies that cannot be split into events, whole, in
 * {@link org.handover.contracts.Topics#WEBHOOK_QUARANTINE}, with the reason in the {@value #REASON} header. Nothing
 * Meta sent is dropped, and a person can inspect and replay it later. The value is the body's bytes exactly as
 * received (a byte-array serializer), even when they are not valid UTF-8.
 *
 * <p>A body over {@link SizeBudget#RECORD_VALUE_BYTES} cannot be one record: it is written as consecutive chunks,
 * same key and headers plus the chunk headers of {@link QuarantineHeaders}, which say how to put it back together.
 * The headers are this service's own codes, ids and times, so they stay within the record's headroom: the one value
 * taken from the body, {@code object}, is left out when it is longer than {@value #MAX_OBJECT_HEADER_BYTES} bytes.
 */
@ApplicationScoped
public class QuarantinePublisher {

    /** Header naming why the body was quarantined. */
    public static final String REASON = QuarantineHeaders.REASON;

    /** Longest {@code object} copied into a header (Meta's are short words). */
    static final int MAX_OBJECT_HEADER_BYTES = 256;

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
     * Quarantines a body, in chunks of {@link SizeBudget#RECORD_VALUE_BYTES} when it is larger; completes when the
     * broker acknowledged every record. Keyed by request id.
     *
     * @param object the envelope's {@code object} when it could be read, else {@code null}
     */
    public Uni<Void> quarantine(byte[] body, String reason, String object, String requestId, Instant receivedAt) {
        return quarantine(body, reason, object, requestId, receivedAt, SizeBudget.RECORD_VALUE_BYTES);
    }

    /**
     * Quarantines a body in chunks of at most {@code chunkBytes} (one record without chunk headers when it fits);
     * completes when the broker acknowledged every chunk, fails as soon as one failed. The chunks are queued in order
     * on the producer's single sending thread and stay in order in the topic's partition.
     */
    public Uni<Void> quarantine(byte[] body, String reason, String object, String requestId, Instant receivedAt,
            int chunkBytes) {
        int count = SizeBudget.chunkCount(body.length, chunkBytes);
        if (count == 1) {
            RecordHeaders headers = headers(reason, object, requestId, receivedAt);
            return Uni.createFrom().deferred(() -> sends.producer()
                    .send(new ProducerRecord<>(topic, null, requestId, body, headers))
                    .replaceWithVoid());
        }
        byte[] digest = HexFormat.of().formatHex(sha256(body)).getBytes(UTF_8);
        byte[] countText = Integer.toString(count).getBytes(UTF_8);
        List<ProducerRecord<String, byte[]>> chunks = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            RecordHeaders headers = headers(reason, object, requestId, receivedAt);
            headers.add(QuarantineHeaders.CHUNK_INDEX, Integer.toString(i).getBytes(UTF_8));
            headers.add(QuarantineHeaders.CHUNK_COUNT, countText);
            headers.add(QuarantineHeaders.CHUNK_SHA256, digest);
            byte[] chunk = Arrays.copyOfRange(body, i * chunkBytes, Math.min(body.length, (i + 1) * chunkBytes));
            chunks.add(new ProducerRecord<>(topic, null, requestId, chunk, headers));
        }
        return Uni.createFrom().deferred(() -> Uni.join()
                .all(chunks.stream().map(chunk -> sends.producer().send(chunk).replaceWithVoid()).toList())
                .andFailFast()
                .replaceWithVoid());
    }

    private static RecordHeaders headers(String reason, String object, String requestId, Instant receivedAt) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(REASON, reason.getBytes(UTF_8));
        headers.add(RawEventHeaders.REQUEST_ID, requestId.getBytes(UTF_8));
        headers.add(RawEventHeaders.RECEIVED_AT, Long.toString(receivedAt.toEpochMilli()).getBytes(UTF_8));
        if (object != null) {
            byte[] objectBytes = object.getBytes(UTF_8);
            if (objectBytes.length <= MAX_OBJECT_HEADER_BYTES) {
                headers.add(RawEventHeaders.OBJECT, objectBytes);
            }
        }
        return headers;
    }

    private static byte[] sha256(byte[] body) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(body);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
