package org.handover.service.support.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class KeyedSequencerTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final InFlightRecords inFlight = new InFlightRecords(Duration.ofSeconds(1));
    private KeyedSequencer sequencer;

    /** A message as the Kafka connector gives it, remembering how it was settled. */
    private static final class Settled {
        final Map<Long, String> outcomes = new ConcurrentHashMap<>();
        final AtomicInteger offsets = new AtomicInteger();

        Message<String> message(String key, String value) {
            long offset = offsets.getAndIncrement();
            ConsumerRecord<String, String> record = new ConsumerRecord<>("conversation.inbound", 0, offset, key, value);
            return Message.of(value, Metadata.of(new IncomingKafkaRecordMetadata<>(record, "test")),
                    () -> {
                        outcomes.put(offset, "ack");
                        return CompletableFuture.completedFuture(null);
                    },
                    failure -> {
                        outcomes.put(offset, "nack: " + failure.getMessage());
                        return CompletableFuture.completedFuture(null);
                    });
        }
    }

    @AfterEach
    void close() {
        if (sequencer != null) {
            sequencer.close();
        }
    }

    @Test
    void aKeysRecordsRunInOrderOneAtATimeWhileOtherKeysRunAlongside() {
        sequencer = new KeyedSequencer("test", 8, inFlight);
        Settled settled = new Settled();
        Map<String, List<String>> seen = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> runningPerKey = new ConcurrentHashMap<>();
        AtomicInteger mostPerKey = new AtomicInteger();
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        CountDownLatch fourAtOnce = new CountDownLatch(4);

        for (int i = 0; i < 5; i++) {
            for (String key : List.of("A", "B", "C", "D")) {
                String value = String.valueOf(i);
                submitBlocking(settled.message(key, value), record -> {
                    AtomicInteger mine = runningPerKey.computeIfAbsent(record.key(), k -> new AtomicInteger());
                    mostPerKey.accumulateAndGet(mine.incrementAndGet(), Math::max);
                    most.accumulateAndGet(running.incrementAndGet(), Math::max);
                    fourAtOnce.countDown();
                    try {
                        // The first record of each key waits for the others to start: only concurrency lets it end.
                        assertThat(fourAtOnce.await(5, TimeUnit.SECONDS)).isTrue();
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                    seen.computeIfAbsent(record.key(), k -> new CopyOnWriteArrayList<>()).add(record.value());
                    running.decrementAndGet();
                    mine.decrementAndGet();
                });
            }
        }

        await().atMost(WAIT).until(() -> settled.outcomes.size() == 20);
        assertThat(settled.outcomes.values()).containsOnly("ack");
        assertThat(seen).containsOnlyKeys("A", "B", "C", "D")
                .allSatisfy((key, values) -> assertThat(values).containsExactly("0", "1", "2", "3", "4"));
        assertThat(mostPerKey).hasValue(1);
        assertThat(most.get()).isEqualTo(4);
    }

    @Test
    void noMoreThanTheBoundAreInFlightAndTheNextWaitsForAPermit() {
        sequencer = new KeyedSequencer("test", 2, inFlight);
        Settled settled = new Settled();
        CountDownLatch release = new CountDownLatch(1);
        java.util.function.Consumer<ConsumerRecord<String, String>> held = record -> {
            try {
                release.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        };

        CompletionStage<Void> first = sequencer.submit(settled.message("A", "0"), held);
        CompletionStage<Void> second = sequencer.submit(settled.message("B", "0"), held);
        CompletionStage<Void> third = sequencer.submit(settled.message("C", "0"), held);

        assertThat(first.toCompletableFuture()).isDone();
        assertThat(second.toCompletableFuture()).isDone();
        assertThat(third.toCompletableFuture()).isNotDone();
        assertThat(sequencer.inFlight()).isEqualTo(2);
        release.countDown();
        await().atMost(WAIT).until(() -> third.toCompletableFuture().isDone() && settled.outcomes.size() == 3);
        await().atMost(WAIT).until(() -> sequencer.inFlight() == 0);
    }

    @Test
    void aFailureNacksOnlyItsRecordAndItsKeyGoesOn() {
        sequencer = new KeyedSequencer("test", 4, inFlight);
        Settled settled = new Settled();
        List<String> seen = new CopyOnWriteArrayList<>();

        for (String value : List.of("0", "bad", "2")) {
            submitBlocking(settled.message("A", value), record -> {
                if (record.value().equals("bad")) {
                    throw new IllegalStateException("broken record");
                }
                seen.add(record.value());
            });
        }
        submitBlocking(settled.message("B", "0"), record -> seen.add("B" + record.value()));

        await().atMost(WAIT).until(() -> settled.outcomes.size() == 4);
        assertThat(settled.outcomes).containsExactlyInAnyOrderEntriesOf(
                Map.of(0L, "ack", 1L, "nack: broken record", 2L, "ack", 3L, "ack"));
        assertThat(seen.stream().filter(v -> !v.startsWith("B"))).containsExactly("0", "2");
    }

    @Test
    void aRecordOfARevokedPartitionIsLeftToItsNewOwner() {
        sequencer = new KeyedSequencer("test", 4, inFlight);
        Settled settled = new Settled();
        inFlight.revoke(List.of(new org.apache.kafka.common.TopicPartition("conversation.inbound", 0)));
        AtomicInteger worked = new AtomicInteger();

        submitBlocking(settled.message("A", "0"), record -> worked.incrementAndGet());

        await().atMost(WAIT).until(() -> settled.outcomes.size() == 1);
        assertThat(worked).hasValue(0);
    }

    @Test
    void atShutdownTheRecordsRunningFinishAndNoneStartsAfterThemWhichStayUnacknowledged() throws Exception {
        sequencer = new KeyedSequencer("test", 4, inFlight);
        Settled settled = new Settled();
        CountDownLatch bothRunning = new CountDownLatch(2);
        CountDownLatch release = new CountDownLatch(1);
        List<String> worked = new CopyOnWriteArrayList<>();
        java.util.function.Consumer<ConsumerRecord<String, String>> slow = record -> {
            bothRunning.countDown();
            try {
                assertThat(release.await(5, TimeUnit.SECONDS)).isTrue();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            worked.add(record.key() + record.value());
        };
        // A0 and B0 run; A1 waits behind A0 on its key
        submitBlocking(settled.message("A", "0"), slow);
        submitBlocking(settled.message("B", "0"), slow);
        submitBlocking(settled.message("A", "1"), record -> worked.add(record.key() + record.value()));
        assertThat(bothRunning.await(5, TimeUnit.SECONDS)).isTrue();

        assertThat(sequencer.stopAdmitting()).isEqualTo(2);
        // admitted after the stop: never started
        submitBlocking(settled.message("C", "0"), record -> worked.add(record.key() + record.value()));
        release.countDown();

        assertThat(sequencer.awaitIdle(WAIT)).isZero();
        await().atMost(WAIT).until(() -> sequencer.leftUnstarted() == 2);
        assertThat(worked).containsExactlyInAnyOrder("A0", "B0");
        // the two that ran are acknowledged; the two left are neither acked nor nacked (their offsets stay uncommitted)
        assertThat(settled.outcomes).isEqualTo(Map.of(0L, "ack", 1L, "ack"));
    }

    @Test
    void awaitingIdleEndsAtItsBoundAndSaysHowManyStillRun() throws Exception {
        sequencer = new KeyedSequencer("test", 4, inFlight);
        Settled settled = new Settled();
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        submitBlocking(settled.message("A", "0"), record -> {
            running.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertThat(running.await(5, TimeUnit.SECONDS)).isTrue();

        assertThat(sequencer.stopAdmitting()).isEqualTo(1);
        assertThat(sequencer.awaitIdle(Duration.ofMillis(200))).isEqualTo(1);
        release.countDown();
        assertThat(sequencer.awaitIdle(WAIT)).isZero();
    }

    /** Submits as SmallRye does: the next message only once the previous one was admitted. */
    private void submitBlocking(Message<String> message,
            java.util.function.Consumer<ConsumerRecord<String, String>> work) {
        try {
            sequencer.submit(message, work).toCompletableFuture().get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
