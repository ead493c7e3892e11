package org.handover.service.support.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The records the consumers of this process are working on, per partition, so that a partition leaves this replica
 * only once its work here is done. With key-ordered concurrency many records of a partition are in flight at once;
 * when the partition is revoked (a rebalance: a replica joins, leaves or dies), {@link DrainingRebalanceListener}
 * waits, up to {@code consumer.drain-timeout} (10 s, {@code CONSUMER_DRAIN_TIMEOUT}), for them to end before the
 * revocation completes. The partition's new owner starts only then, so one conversation is never worked on by two
 * replicas at once (which would break its order); what this replica finished but had not committed yet is read again
 * there and deduplicated by its event or decision id. A record that starts after its partition was revoked (it was
 * already on its way to a worker) is not worked on: the new owner has it.
 *
 * <p>Consumers call {@link #start(ConsumerRecord)} and close the returned {@link Work} when done. Thread-safe.
 */
@ApplicationScoped
public class InFlightRecords {

    private static final Logger LOG = Logger.getLogger(InFlightRecords.class);

    private final Duration drainTimeout;
    private final Map<TopicPartition, Integer> inFlight = new ConcurrentHashMap<>();
    private final Set<TopicPartition> revoked = ConcurrentHashMap.newKeySet();

    public InFlightRecords(
            @ConfigProperty(name = "consumer.drain-timeout", defaultValue = "PT10S") Duration drainTimeout) {
        this.drainTimeout = drainTimeout;
    }

    /** One record's work; {@link #owned()} says whether to do it. Close it when the work ends, however it ends. */
    public final class Work implements AutoCloseable {
        private final TopicPartition partition;
        private final boolean owned;
        private boolean closed;

        private Work(TopicPartition partition, boolean owned) {
            this.partition = partition;
            this.owned = owned;
        }

        /** Whether this replica still owns the record's partition: if not, the new owner handles the record. */
        public boolean owned() {
            return owned;
        }

        @Override
        public void close() {
            if (owned && !closed) {
                closed = true;
                finished(partition);
            }
        }
    }

    /** The work on {@code record} starts. */
    public Work start(ConsumerRecord<?, ?> record) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        synchronized (this) {
            if (revoked.contains(partition)) {
                return new Work(partition, false);
            }
            inFlight.merge(partition, 1, Integer::sum);
            return new Work(partition, true);
        }
    }

    /** How many records of {@code partition} are being worked on now. */
    public synchronized int inFlight(TopicPartition partition) {
        return inFlight.getOrDefault(partition, 0);
    }

    /** Whether {@code partition} was revoked or lost (and not assigned again): no new work on it starts. */
    public synchronized boolean isRevoked(TopicPartition partition) {
        return revoked.contains(partition);
    }

    /** The partitions are this replica's (again): their records are worked on. */
    public synchronized void assigned(Collection<TopicPartition> partitions) {
        revoked.removeAll(partitions);
    }

    /**
     * The partitions leave this replica: no new work on them starts, and this waits until the work in flight on them
     * ended or the drain timeout passed; returns how many records were still in flight then (0 normally).
     */
    public synchronized int revoke(Collection<TopicPartition> partitions) {
        revoked.addAll(partitions);
        long deadline = System.nanoTime() + drainTimeout.toNanos();
        int left = count(partitions);
        try {
            while (left > 0) {
                long wait = deadline - System.nanoTime();
                if (wait <= 0) {
                    LOG.warnf("%d records of revoked partitions %s still in flight after %s; their new owner will "
                            + "handle them again (deduplicated by id)", left, partitions, drainTimeout);
                    return left;
                }
                wait(Math.max(1, wait / 1_000_000));
                left = count(partitions);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return count(partitions);
        }
        return 0;
    }

    /** The partitions were lost (the session expired): no new work on them starts; nothing to wait for. */
    public synchronized void markLost(Collection<TopicPartition> partitions) {
        revoked.addAll(partitions);
    }

    private synchronized void finished(TopicPartition partition) {
        inFlight.computeIfPresent(partition, (p, n) -> n > 1 ? n - 1 : null);
        notifyAll();
    }

    private int count(Collection<TopicPartition> partitions) {
        return partitions.stream().mapToInt(p -> inFlight.getOrDefault(p, 0)).sum();
    }
}
