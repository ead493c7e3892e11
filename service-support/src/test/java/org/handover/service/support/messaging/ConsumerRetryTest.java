package org.handover.service.support.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.handover.contracts.MalformedRecordException;
import org.junit.jupiter.api.Test;

class ConsumerRetryTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final OutageMonitor monitor = new OutageMonitor(registry, Duration.ofMillis(1),
            Duration.ofMillis(4));
    private final ConsumerRetry retry = monitor.retry("inbound-events");

    private static RuntimeException databaseDown() {
        return new IllegalStateException("JDBC", new SQLException("Connection refused", "08001"));
    }

    /** Throws the given failures in turn, then answers "done"; records whether the channel was paused each time. */
    private final class Script implements Supplier<String> {
        final List<Boolean> pausedAtAttempt = new ArrayList<>();
        private final List<RuntimeException> failures;

        Script(List<RuntimeException> failures) {
            this.failures = failures;
        }

        @Override
        public String get() {
            pausedAtAttempt.add(monitor.paused("inbound-events"));
            int attempt = pausedAtAttempt.size();
            if (attempt <= failures.size()) {
                throw failures.get(attempt - 1);
            }
            return "done";
        }
    }

    private double gauge() {
        return registry.get("consumer.paused").tag("channel", "inbound-events").gauge().value();
    }

    private double pauses() {
        return registry.get("consumer.pauses").tag("channel", "inbound-events").counter().count();
    }

    @Test
    void anInfrastructureFailureIsRetriedFarBeyondTheBoundedRetriesWithTheChannelPausedMeanwhile() {
        List<RuntimeException> outage = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            outage.add(databaseDown());
        }
        Script work = new Script(outage);

        assertThat(retry.call(work)).isEqualTo("done");

        assertThat(work.pausedAtAttempt).hasSize(51).first().isEqualTo(false);
        assertThat(work.pausedAtAttempt.subList(1, 51)).containsOnly(true);
        assertThat(monitor.paused("inbound-events")).isFalse();
        assertThat(gauge()).isZero();
        assertThat(pauses()).isEqualTo(1);
    }

    @Test
    void aContractBreakIsRethrownAtOnceWithoutAPause() {
        Script work = new Script(List.of(new MalformedRecordException("no eventId")));

        assertThatThrownBy(() -> retry.call(work)).isInstanceOf(MalformedRecordException.class);
        assertThat(work.pausedAtAttempt).containsExactly(false);
        assertThat(pauses()).isZero();
    }

    @Test
    void aBugIsRetriedFiveTimesThenRethrownWithoutAPause() {
        IllegalStateException bug = new IllegalStateException("a bug");
        Script work = new Script(List.of(bug, bug, bug, bug, bug, bug, bug));
        OutageMonitor fast = new OutageMonitor(registry, Duration.ofMillis(1), Duration.ofMillis(4));
        ConsumerRetry bounded = new ConsumerRetry("other", fast, fast.infrastructurePolicy(),
                RetryPolicy.builder().initialDelay(Duration.ofMillis(1)).maxDelay(Duration.ofMillis(2)).build());

        assertThatThrownBy(() -> bounded.call(work)).isSameAs(bug);
        assertThat(work.pausedAtAttempt).hasSize(6);
        assertThat(fast.paused("other")).isFalse();
    }

    @Test
    void anOutageDoesNotUseUpTheRetriesOfABug() {
        IllegalStateException bug = new IllegalStateException("a race");
        List<RuntimeException> failures = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            failures.add(databaseDown());
        }
        failures.add(bug);
        failures.add(bug);
        ConsumerRetry quick = new ConsumerRetry("inbound-events", monitor, monitor.infrastructurePolicy(),
                RetryPolicy.builder().initialDelay(Duration.ofMillis(1)).maxDelay(Duration.ofMillis(2)).build());
        Script work = new Script(failures);

        assertThat(quick.call(work)).isEqualTo("done");
        assertThat(work.pausedAtAttempt).hasSize(13);
    }

    @Test
    void theChannelStaysPausedWhileAnyOfItsRecordsRetriesAnOutageAndIsCountedOnce() throws Exception {
        // Both records must have failed and been recorded as paused before the first is let through: counted down at
        // the start of each one's second attempt (counting down before the throw raced the pause's recording).
        CountDownLatch bothRetrying = new CountDownLatch(2);
        CountDownLatch firstMayPass = new CountDownLatch(1);
        AtomicInteger firstAttempts = new AtomicInteger();
        CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> retry.call(() -> {
            if (firstAttempts.incrementAndGet() == 1) {
                throw databaseDown();
            }
            // a second attempt: the retry recorded the first one's failure as a pause before it began
            bothRetrying.countDown();
            await(firstMayPass);
            return "first";
        }));
        CountDownLatch secondMayPass = new CountDownLatch(1);
        AtomicInteger secondAttempts = new AtomicInteger();
        CompletableFuture<String> second = CompletableFuture.supplyAsync(() -> retry.call(() -> {
            if (secondAttempts.incrementAndGet() == 1) {
                throw databaseDown();
            }
            bothRetrying.countDown();
            await(secondMayPass);
            return "second";
        }));
        assertThat(bothRetrying.await(10, TimeUnit.SECONDS)).isTrue();

        firstMayPass.countDown();
        assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo("first");
        assertThat(monitor.paused("inbound-events")).isTrue();
        assertThat(gauge()).isEqualTo(1);
        assertThat(monitor.pauses()).containsOnlyKeys("inbound-events");
        assertThat(monitor.pauses().get("inbound-events").failureClass()).isEqualTo(SQLException.class.getName());

        secondMayPass.countDown();
        assertThat(second.get(5, TimeUnit.SECONDS)).isEqualTo("second");
        assertThat(monitor.paused("inbound-events")).isFalse();
        assertThat(monitor.pauses()).isEmpty();
        assertThat(pauses()).isEqualTo(1);
    }

    @Test
    void anInterruptEndsTheWaitWithTheFailureAndEndsThePause() {
        OutageMonitor slow = new OutageMonitor(registry, Duration.ofMinutes(1),
                Duration.ofMinutes(2));
        ConsumerRetry waiting = slow.retry("decisions");
        RuntimeException down = databaseDown();
        Thread.currentThread().interrupt();

        assertThatThrownBy(() -> waiting.run(() -> {
            throw down;
        })).isSameAs(down);
        assertThat(Thread.interrupted()).isTrue();
        assertThat(slow.paused("decisions")).isFalse();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
