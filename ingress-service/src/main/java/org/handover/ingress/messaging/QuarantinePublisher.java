package org.handover.ingress.messaging;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.handover.contracts.RawEventHeaders;

/**
 * Keeps signed webhook bodies that cannot be split into events, whole, in
 * {@link org.handover.contracts.Topics#WEBHOOK_QUARANTINE}, with the reason in the {@value #REASON} header. Nothing
 * Meta sent is dropped, and a person can inspect and replay it later.
 */
@ApplicationScoped
public class QuarantinePublisher {

    /** Header naming why the body was quarantined. */
    public static final String REASON = "mh-quarantine-reason";

    private final MutinyEmitter<String> emitter;

    public QuarantinePublisher(@Channel(Channels.WEBHOOK_QUARANTINE) MutinyEmitter<String> emitter) {
        this.emitter = emitter;
    }

    /** Quarantines a body; completes when the broker acknowledged it. Keyed by request id. */
    public Uni<Void> quarantine(String body, String reason, String requestId, Instant receivedAt) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(REASON, reason.getBytes(UTF_8));
        headers.add(RawEventHeaders.REQUEST_ID, requestId.getBytes(UTF_8));
        headers.add(RawEventHeaders.RECEIVED_AT, Long.toString(receivedAt.toEpochMilli()).getBytes(UTF_8));
        return emitter.sendMessage(Message.of(body).addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(requestId)
                .withHeaders(headers)
                .build()));
    }
}
