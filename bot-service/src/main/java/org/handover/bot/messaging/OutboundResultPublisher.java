package org.handover.bot.messaging;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.handover.contracts.OutboundResult;

/** Writes what became of each reply order (sent, refused, failed) to {@link org.handover.contracts.Topics#MESSENGER_OUTBOUND}. */
@ApplicationScoped
public class OutboundResultPublisher {

    private final MutinyEmitter<OutboundResult> emitter;

    public OutboundResultPublisher(@Channel(Channels.OUTBOUND_RESULTS) MutinyEmitter<OutboundResult> emitter) {
        this.emitter = emitter;
    }

    /** Publishes one result keyed by conversation; completes when the broker acknowledged it. */
    public Uni<Void> publish(OutboundResult result) {
        return emitter.sendMessage(Message.of(result)
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(result.key()).build()));
    }
}
