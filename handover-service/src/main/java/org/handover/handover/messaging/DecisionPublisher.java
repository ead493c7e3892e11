package org.handover.handover.messaging;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.handover.contracts.Decision;
import org.handover.contracts.ThreadControl;

/**
 * Writes handover-service's output: decisions (control changes and reply orders, one ordered stream per
 * conversation) and the latest owner and epoch of each conversation to the compacted control topic. Keys are set
 * explicitly: per-conversation order is a correctness property here.
 */
@ApplicationScoped
public class DecisionPublisher {

    private final MutinyEmitter<Decision> decisions;
    private final MutinyEmitter<ThreadControl> threadControl;

    public DecisionPublisher(@Channel(Channels.DECISIONS) MutinyEmitter<Decision> decisions,
            @Channel(Channels.THREAD_CONTROL) MutinyEmitter<ThreadControl> threadControl) {
        this.decisions = decisions;
        this.threadControl = threadControl;
    }

    /** Publishes a decision; completes when the broker acknowledged it. */
    public Uni<Void> publish(Decision decision) {
        return decisions.sendMessage(Message.of(decision)
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(decision.key()).build()));
    }

    /** Publishes a conversation's current owner and epoch; completes when the broker acknowledged it. */
    public Uni<Void> publish(ThreadControl control) {
        return threadControl.sendMessage(Message.of(control)
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(control.key()).build()));
    }
}
