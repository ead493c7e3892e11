package org.handover.service.support.messaging;

import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.handover.service.support.logging.LogContext;
import org.jboss.logging.Logger;

/**
 * Key-ordered concurrency for one channel: the records of one key (a conversation) run strictly one after the other,
 * records of different keys at the same time, at most {@code bound} records in flight (queued behind their key or
 * running). A consumer's {@code @Incoming} method takes the {@link Message} and returns {@link #submit}: SmallRye calls
 * it for one message at a time and waits for the returned stage, which completes once the message is admitted (a
 * permit is free) and chained on its key's tail, not when its work ends. So when {@code bound} records are in flight
 * the channel stops requesting, its queue fills and SmallRye pauses the Kafka consumer: backpressure, nothing
 * skipped.
 *
 * <p>When a record's work ends its message is acknowledged; when it fails, nacked, which goes through the channel's
 * failure strategy (the dead-letter topic) for that record alone. The channel's throttled commit strategy commits an
 * offset only when every record before it on the partition was acknowledged: below the oldest unfinished record, so a
 * crash loses nothing (what was in flight is read again and deduplicated by id). Each record's work is registered with
 * {@link InFlightRecords} (a revoked partition leaves once its work here ended; work that would start after the
 * revocation is left to the new owner). At shutdown {@link #stopAdmitting()} and {@link #awaitIdle(Duration)} let the
 * records running finish while no new one starts: a record that had not started is neither acknowledged nor nacked, so
 * the offsets committed at the consumer's close end below it and the next owner reads it; a record still running when
 * the workers are closed (a failing one included) is left unacknowledged the same way, instead of a record interrupted
 * mid-retry being dead-lettered.
 *
 * <p>Why not SmallRye's own {@code ordered=key} (Kafka connector 4.34): a nacked record goes to the dead-letter topic,
 * whose handler then acknowledges it, and the ordered stream releases the key's next record once per signal: after a
 * dead letter two records of that key ran at once and out of order (measured with {@code KeyOrderedThroughputTest}:
 * 17 running with a bound of 16, a key's records 0, 1, 3, 2, 4). Confluent's Parallel Consumer would replace the
 * connector (its own consumer loop and offset encoding) and SmallRye's dead-letter handling, for the same result.
 */
public final class KeyedSequencer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(KeyedSequencer.class);
    private static final CompletableFuture<Void> IDLE = CompletableFuture.completedFuture(null);

    private final String channel;
    private final int bound;
    private final InFlightRecords inFlightRecords;
    private final ExecutorService workers;
    private final Map<String, CompletableFuture<Void>> tails = new HashMap<>();
    private int inFlight;
    private CompletableFuture<Void> waiting;
    /** Records whose work is running now (started, not ended). */
    private int running;
    /** Records left unstarted since {@link #stopAdmitting()}: the next owner reads them again. */
    private int leftUnstarted;
    private boolean draining;
    private volatile boolean closing;

    /** A sequencer of {@code channel} with at most {@code bound} records in flight, on {@code bound} threads. */
    public KeyedSequencer(String channel, int bound, InFlightRecords inFlightRecords) {
        if (bound < 1) {
            throw new IllegalArgumentException("the concurrency of " + channel + " must be at least 1: " + bound);
        }
        this.channel = channel;
        this.bound = bound;
        this.inFlightRecords = inFlightRecords;
        AtomicInteger threads = new AtomicInteger();
        ThreadFactory factory = work -> {
            Thread thread = new Thread(work, channel + "-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
        this.workers = Executors.newFixedThreadPool(bound, factory);
    }

    /** The channel this sequences. */
    public String channel() {
        return channel;
    }

    /** The most records in flight at once. */
    public int bound() {
        return bound;
    }

    /** Records in flight now (queued behind their key or running). */
    public synchronized int inFlight() {
        return inFlight;
    }

    /**
     * Admits {@code message} (waiting for a permit) and chains {@code work} on its record's key; the returned stage
     * completes on admission. {@code work} gets the Kafka record; the message is acked when it returns, nacked with
     * what it throws.
     */
    public CompletionStage<Void> submit(Message<String> message, Consumer<ConsumerRecord<String, String>> work) {
        @SuppressWarnings("unchecked")
        ConsumerRecord<String, String> record = message.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(metadata -> (ConsumerRecord<String, String>) metadata.getRecord())
                .orElseThrow(() -> new IllegalStateException(channel + ": records come from Kafka"));
        CompletableFuture<Void> admitted;
        synchronized (this) {
            if (inFlight < bound) {
                inFlight++;
                admitted = IDLE;
            } else {
                // SmallRye calls one message at a time and waits for this stage: one waiter at most.
                admitted = waiting = new CompletableFuture<>();
            }
        }
        return admitted.thenRun(() -> chain(key(record), message, record, work));
    }

    private static String key(ConsumerRecord<String, String> record) {
        // No key: the partition orders it (never mixed with a real key, which has no '\0').
        return record.key() != null ? record.key() : "\0" + record.topic() + "-" + record.partition();
    }

    private void chain(String key, Message<String> message, ConsumerRecord<String, String> record,
            Consumer<ConsumerRecord<String, String>> work) {
        CompletableFuture<Void> done;
        synchronized (this) {
            CompletableFuture<Void> tail = tails.getOrDefault(key, IDLE);
            done = tail.thenRunAsync(() -> run(message, record, work), workers);
            tails.put(key, done);
        }
        done.whenComplete((ignored, failure) -> finished(key, done));
    }

    private void run(Message<String> message, ConsumerRecord<String, String> record,
            Consumer<ConsumerRecord<String, String>> work) {
        synchronized (this) {
            if (draining) {
                // Shutting down: neither acked nor nacked, so no offset is committed past it; the next owner reads it.
                leftUnstarted++;
                return;
            }
            running++;
        }
        // The record's log context (conversation reference, coordinates; the consumer adds its event or decision id)
        // for every line of its work, its retries and its dead-lettering, cleared before the thread takes another.
        try (LogContext.Scope context = LogContext.forRecord(record)) {
            runAdmitted(message, record, work);
        } finally {
            synchronized (this) {
                running--;
                notifyAll();
            }
        }
    }

    private void runAdmitted(Message<String> message, ConsumerRecord<String, String> record,
            Consumer<ConsumerRecord<String, String>> work) {
        try (InFlightRecords.Work registered = inFlightRecords.start(record)) {
            if (registered.owned()) {
                work.accept(record);
            }
            // Not owned: the partition was revoked; its new owner reads the record again. The ack is ignored there.
            message.ack();
        } catch (RuntimeException | Error failure) {
            if (closing || Thread.currentThread().isInterrupted()) {
                LOG.infof("%s: %s-%d@%d left unacknowledged at shutdown (read again by the next owner)", channel,
                        record.topic(), record.partition(), record.offset());
                return;
            }
            message.nack(failure);
        }
    }

    private void finished(String key, CompletableFuture<Void> done) {
        CompletableFuture<Void> admit = null;
        synchronized (this) {
            tails.remove(key, done);
            if (waiting != null) {
                admit = waiting;
                waiting = null;
            } else {
                inFlight--;
            }
        }
        if (admit != null) {
            // The freed permit passes to the waiting message.
            admit.complete(null);
        }
    }

    /**
     * Shutdown, first step: no record starts any more (those admitted or queued behind their key are left
     * unacknowledged, for the next owner); the records running go on to their ends. Returns how many were running.
     */
    public synchronized int stopAdmitting() {
        draining = true;
        return running;
    }

    /**
     * Shutdown, second step: waits until the records running when {@link #stopAdmitting()} was called have ended,
     * {@code bound} at most; returns how many still run then (0 normally).
     */
    public synchronized int awaitIdle(Duration bound) {
        long deadline = System.nanoTime() + bound.toNanos();
        try {
            while (running > 0) {
                long wait = deadline - System.nanoTime();
                if (wait <= 0) {
                    break;
                }
                wait(Math.max(1, wait / 1_000_000));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return running;
    }

    /** Records left unstarted since {@link #stopAdmitting()} so far. */
    public synchronized int leftUnstarted() {
        return leftUnstarted;
    }

    /** Stops the workers: work in flight is interrupted and left unacknowledged (read again by the next owner). */
    @Override
    public void close() {
        closing = true;
        workers.shutdownNow();
        try {
            workers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
