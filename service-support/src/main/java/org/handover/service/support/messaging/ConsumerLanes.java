package org.handover.service.support.messaging;

import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Makes each consumer's {@link KeyedSequencer}, with {@code consumer.concurrency} records in flight per channel and
 * replica ({@code CONSUMER_CONCURRENCY}, default 16: a Send or Graph API call takes 100-300 ms, so 16 lanes carry about
 * 50-150 conversations' messages per second per replica), and stops them at shutdown.
 *
 * <p>Graceful shutdown (SIGTERM): on Quarkus's {@link ShutdownEvent}, which comes after readiness went DOWN and the
 * HTTP requests in flight ended, and before the Kafka connector closes the consumers, no record starts any more and the
 * records running finish, {@code consumer.drain-timeout} at most ({@code CONSUMER_DRAIN_TIMEOUT}, 10 s). The consumers'
 * close then commits everything below the first record not done (the channels set {@code graceful-shutdown=false}:
 * the connector's own wait would wait for records that will not start) and leaves the group at once, so the
 * partitions move to a survivor without a session timeout, and the survivor re-reads only what was not done here. One
 * INFO line per channel says how it ended.
 */
@ApplicationScoped
public class ConsumerLanes {

    private static final Logger LOG = Logger.getLogger(ConsumerLanes.class);

    private final int concurrency;
    private final Duration drainTimeout;
    private final InFlightRecords inFlight;
    private final List<KeyedSequencer> sequencers = new CopyOnWriteArrayList<>();

    public ConsumerLanes(@ConfigProperty(name = "consumer.concurrency", defaultValue = "16") int concurrency,
            @ConfigProperty(name = "consumer.drain-timeout", defaultValue = "PT10S") Duration drainTimeout,
            InFlightRecords inFlight) {
        this.concurrency = concurrency;
        this.drainTimeout = drainTimeout;
        this.inFlight = inFlight;
    }

    /** The sequencer of {@code channel}. */
    public KeyedSequencer sequencer(String channel) {
        KeyedSequencer sequencer = new KeyedSequencer(channel, concurrency, inFlight);
        sequencers.add(sequencer);
        return sequencer;
    }

    /** Lets the records running finish while none starts any more; every channel at once, one bound for all. */
    void drain(@Observes ShutdownEvent event) {
        Map<KeyedSequencer, Integer> running = new LinkedHashMap<>();
        sequencers.forEach(sequencer -> running.put(sequencer, sequencer.stopAdmitting()));
        long deadline = System.nanoTime() + drainTimeout.toNanos();
        long start = System.nanoTime();
        running.forEach((sequencer, atStop) -> {
            int left = sequencer.awaitIdle(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            long millis = (System.nanoTime() - start) / 1_000_000;
            if (left == 0) {
                LOG.infof("Consumer of %s stopping: %d records in flight finished in %d ms, %d not started "
                        + "(left to the next owner)", sequencer.channel(), atStop, millis, sequencer.leftUnstarted());
            } else {
                LOG.warnf("Consumer of %s stopping: %d of %d records in flight still running after %s; left "
                        + "unacknowledged (read again by the next owner)", sequencer.channel(), left, atStop,
                        drainTimeout);
            }
        });
    }

    @PreDestroy
    void close() {
        sequencers.forEach(KeyedSequencer::close);
    }
}
