package org.handover.routing.messaging;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.handover.contracts.InboundEvent;

/**
 * Writes classified events to {@link org.handover.contracts.Topics#CONVERSATION_INBOUND}, keyed by conversation so
 * that handover-service sees one conversation's events in the order Meta delivered them.
 */
@ApplicationScoped
public class InboundEventPublisher {

    private final MutinyEmitter<InboundEvent> emitter;

    public InboundEventPublisher(@Channel(Channels.CLASSIFIED_EVENTS) MutinyEmitter<InboundEvent> emitter) {
        this.emitter = emitter;
    }

    /** Publishes one event; completes when the broker acknowledged it. */
    public Uni<Void> publish(InboundEvent event) {
        return emitter.sendMessage(Message.of(event)
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(event.key()).build()));
    }
}
