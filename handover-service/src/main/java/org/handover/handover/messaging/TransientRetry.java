package org.handover.handover.messaging;

import io.smallrye.faulttolerance.api.Guard;
import java.time.temporal.ChronoUnit;
import java.util.function.Supplier;
import org.handover.contracts.MalformedRecordException;

/**
 * The retry every consumer of handover-service wraps its work in: a database or broker hiccup is retried, in order,
 * with backoff (0.5 s doubling to 8 s, 5 retries), before the record could reach the dead-letter topic. Only a record
 * that keeps failing (a bug, a long outage) ends there, with its reason, to be replayed; a malformed one goes at once.
 */
final class TransientRetry {

    private final Guard guard;

    TransientRetry(String description) {
        this.guard = Guard.create()
                .withDescription(description)
                .withRetry()
                    .maxRetries(5)
                    .delay(500, ChronoUnit.MILLIS)
                    .jitter(0, ChronoUnit.MILLIS)
                    .abortOn(MalformedRecordException.class)
                    .withExponentialBackoff()
                        .factor(2)
                        .maxDelay(8, ChronoUnit.SECONDS)
                        .done()
                    .done()
                .build();
    }

    /** Runs {@code work}, retrying transient failures; rethrows the last failure. */
    <T> T call(Supplier<T> work, Class<T> type) {
        return guard.get(work, type);
    }
}
