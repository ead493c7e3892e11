package org.handover.service.support.messaging;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * The retry a consumer wraps its work in, by the {@link FailureKind} of each failure: a {@link FailureKind#CONTRACT
 * contract break} is rethrown at once (to the dead-letter topic); an {@link FailureKind#INFRASTRUCTURE infrastructure
 * failure} is retried under the infrastructure policy (capped backoff, for as long as it lasts), the channel marked
 * paused in the {@link OutageMonitor} meanwhile; {@link FailureKind#OTHER anything else} is retried under the
 * bounded policy ({@link RetryPolicy#transientFailures()}) and then rethrown. Each kind counts its own attempts: a
 * database outage does not use up the retries of a bug. Made by {@link OutageMonitor#retry(String)}; thread-safe (it
 * keeps no state of its own: each call has its own attempts).
 *
 * <p>The calling thread waits between attempts: the record is not acknowledged meanwhile, so its offset is never
 * committed past. An interrupt (shutdown) ends the wait and rethrows the last failure with the interrupt flag set.
 */
public final class ConsumerRetry {

    private final String channel;
    private final OutageMonitor monitor;
    private final RetryPolicy infrastructure;
    private final RetryPolicy other;

    ConsumerRetry(String channel, OutageMonitor monitor, RetryPolicy infrastructure, RetryPolicy other) {
        this.channel = channel;
        this.monitor = monitor;
        this.infrastructure = infrastructure;
        this.other = other;
    }

    /** The channel this retries for (its pauses are reported under this name). */
    public String channel() {
        return channel;
    }

    /** Runs {@code work} until it succeeds or a failure is not retried any more; rethrows that failure. */
    public <T> T call(Supplier<T> work) {
        long start = System.nanoTime();
        int infrastructureRetries = 0;
        int otherRetries = 0;
        boolean paused = false;
        try {
            while (true) {
                try {
                    return work.get();
                } catch (RuntimeException failure) {
                    FailureKind kind = FailureKind.of(failure);
                    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
                    Duration delay;
                    if (kind == FailureKind.INFRASTRUCTURE && infrastructure.allowsRetry(infrastructureRetries + 1, elapsed)) {
                        if (!paused) {
                            monitor.pausing(channel, failure);
                            paused = true;
                        }
                        delay = infrastructure.delayBefore(++infrastructureRetries);
                    } else if (kind == FailureKind.OTHER && other.allowsRetry(otherRetries + 1, elapsed)) {
                        delay = other.delayBefore(++otherRetries);
                    } else {
                        throw failure;
                    }
                    waitFor(delay, failure);
                }
            }
        } finally {
            if (paused) {
                monitor.resumed(channel);
            }
        }
    }

    /** Runs {@code work} as {@link #call(Supplier)} does. */
    public void run(Runnable work) {
        call(() -> {
            work.run();
            return Boolean.TRUE;
        });
    }

    private static void waitFor(Duration delay, RuntimeException failure) {
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure.addSuppressed(e);
            throw failure;
        }
    }
}
