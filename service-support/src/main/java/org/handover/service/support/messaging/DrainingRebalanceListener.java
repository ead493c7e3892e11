package org.handover.service.support.messaging;

import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

/**
 * The rebalance listener of every key-ordered consumer ({@code consumer-rebalance-listener.name=drain-in-flight}):
 * a revoked partition leaves only once the work in flight on it ended ({@link InFlightRecords#revoke}, bounded). It
 * runs on the channel's polling thread, after SmallRye's commit handler saw the revocation.
 */
@ApplicationScoped
@Identifier(DrainingRebalanceListener.NAME)
public class DrainingRebalanceListener implements KafkaConsumerRebalanceListener {

    /** The name a channel's {@code consumer-rebalance-listener.name} gives. */
    public static final String NAME = "drain-in-flight";

    private final InFlightRecords inFlight;

    public DrainingRebalanceListener(InFlightRecords inFlight) {
        this.inFlight = inFlight;
    }

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        inFlight.assigned(partitions);
    }

    @Override
    public void onPartitionsRevoked(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        inFlight.revoke(partitions);
    }

    @Override
    public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        // Lost, not revoked: another member may own them already; stop starting work on them, do not wait.
        inFlight.markLost(partitions);
    }
}
