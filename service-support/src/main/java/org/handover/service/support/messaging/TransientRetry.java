package org.handover.service.support.messaging;

import io.smallrye.faulttolerance.api.Guard;
import java.util.function.Supplier;

/**
 * The retry a consumer wraps its work in: a database or broker hiccup is retried, in order, under a
 * {@link RetryPolicy} (by default {@link RetryPolicy#transientFailures()}), before the record could reach the
 * dead-letter topic. Only a record that keeps failing (a bug, a long outage) ends there, with its reason, to be
 * replayed; a malformed one goes at once. Thread-safe: one instance per consumer.
 */
public final class TransientRetry {

    private final RetryPolicy policy;
    private final Guard guard;

    /** The consumers' policy, {@link RetryPolicy#transientFailures()}; {@code description} names the guard. */
    public TransientRetry(String description) {
        this(description, RetryPolicy.transientFailures());
    }

    /** Another policy; {@code description} names the guard. */
    public TransientRetry(String description, RetryPolicy policy) {
        this.policy = policy;
        this.guard = policy.guard(description);
    }

    /** The policy this retries under. */
    public RetryPolicy policy() {
        return policy;
    }

    /** Runs {@code work}, retrying transient failures; rethrows the last failure. */
    public <T> T call(Supplier<T> work, Class<T> type) {
        return guard.get(work, type);
    }

    /** Runs {@code work}, retrying transient failures; rethrows the last failure. */
    public void run(Runnable work) {
        guard.get(() -> {
            work.run();
            return Boolean.TRUE;
        }, Boolean.class);
    }
}
