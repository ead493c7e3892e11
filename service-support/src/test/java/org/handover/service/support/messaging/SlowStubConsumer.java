package org.handover.service.support.messaging;

import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.handover.contracts.MalformedRecordException;

/**
 * A consumer shaped like the services' (a {@link KeyedSequencer} of {@link ConsumerLanes})
 * whose work is a 150 ms wait, as a Send API call of Meta takes: what the throughput tests measure. Excluded from the
 * module's other tests ({@code quarkus.arc.exclude-types}); a throughput test's profile brings it in with its channel.
 * A record whose value is {@code poison} breaks its contract (dead-lettered, as the services' malformed records).
 */
// A singleton, no client proxy: the tests read its fields.
@Singleton
public class SlowStubConsumer {

    /** The channel; the profile names its topic and its ordering. */
    public static final String CHANNEL = "slow-stub";
    /** The stub work's duration: a Send API call's typical latency. */
    public static final long WORK_MILLIS = 150;

    final Map<String, List<String>> valuesByKey = new ConcurrentHashMap<>();
    final AtomicInteger running = new AtomicInteger();
    final AtomicInteger mostRunning = new AtomicInteger();
    final AtomicInteger done = new AtomicInteger();
    volatile long firstStart;
    volatile long lastEnd;

    private final KeyedSequencer lanes;

    public SlowStubConsumer(ConsumerLanes lanes) {
        this.lanes = lanes.sequencer(CHANNEL);
    }

    @Incoming(CHANNEL)
    public CompletionStage<Void> consume(Message<String> message) {
        return lanes.submit(message, this::work);
    }

    private void work(ConsumerRecord<String, String> record) {
        if (firstStart == 0) {
            firstStart = System.nanoTime();
        }
        mostRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
        try {
            if ("poison".equals(record.value())) {
                throw new MalformedRecordException("poison");
            }
            // The stub's work: a remote call's latency (this is the measured load, not a wait of the test).
            sleep();
            valuesByKey.computeIfAbsent(record.key(), k -> new CopyOnWriteArrayList<>()).add(record.value());
        } finally {
            running.decrementAndGet();
            lastEnd = System.nanoTime();
            done.incrementAndGet();
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(WORK_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
