package org.handover.service.support.messaging;

import io.smallrye.faulttolerance.api.Guard;
import io.smallrye.faulttolerance.api.TypedGuard;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;
import org.handover.contracts.MalformedRecordException;

/**
 * How a transient failure is retried: exponential backoff from {@link #initialDelay()} doubling up to
 * {@link #maxDelay()}, at most {@link #maxRetries()} retries and no retry started after {@link #maxDuration()}, only
 * for the failures {@link #retries(Throwable)} accepts. Immutable; built with {@link #builder()}, whose defaults are
 * {@link #transientFailures() the consumers' policy}. Applied through SmallRye Fault Tolerance, either as a
 * {@link Guard} of its own ({@link #guard(String)}), in a loop of the caller's ({@link #allowsRetry(int, Duration)},
 * {@link #delayBefore(int)}: {@link ConsumerRetry}) or on the retry part of a
 * caller's guard ({@link #applyTo(Guard.Builder.RetryBuilder)}, {@link #applyTo(TypedGuard.Builder.RetryBuilder)}),
 * so that a client can combine it with a rate limit in one guard.
 *
 * <p>Retrying for ever is {@code maxRetries(UNLIMITED).maxDuration(UNBOUNDED)}.
 */
public final class RetryPolicy {

    /** {@link Builder#maxRetries(int)}: no bound on the number of retries. */
    public static final int UNLIMITED = -1;

    /** {@link Builder#maxDuration(Duration)}: no bound on the time spent retrying. */
    public static final Duration UNBOUNDED = Duration.ZERO;

    private static final Predicate<Throwable> ANY_EXCEPTION = Exception.class::isInstance;
    private static final RetryPolicy TRANSIENT_FAILURES = builder().build();

    private final int maxRetries;
    private final Duration initialDelay;
    private final Duration maxDelay;
    private final Duration maxDuration;
    private final List<Class<? extends Throwable>> abortOn;
    private final Predicate<Throwable> retryOn;

    private RetryPolicy(Builder builder) {
        this.maxRetries = builder.maxRetries;
        this.initialDelay = builder.initialDelay;
        this.maxDelay = builder.maxDelay;
        this.maxDuration = builder.maxDuration;
        this.abortOn = List.copyOf(builder.abortOn);
        this.retryOn = builder.retryOn;
    }

    /**
     * The consumers' bounded retry of a failure that is neither a contract break nor an infrastructure outage (see
     * {@link FailureKind}; most likely a bug, perhaps a race): 5 retries with backoff from 0.5 s doubling to 8 s
     * (about 15 s in all), after which the record goes to the dead-letter topic; a {@link MalformedRecordException}
     * is never retried (it would fail again: it goes to the dead-letter topic at once).
     */
    public static RetryPolicy transientFailures() {
        return TRANSIENT_FAILURES;
    }

    /**
     * The consumers' retry of an infrastructure failure ({@link FailureKind#INFRASTRUCTURE}: database or broker
     * unavailable, I/O, timeouts): for as long as it lasts ({@link #UNLIMITED} retries, {@link #UNBOUNDED} time), with
     * backoff from {@code initialDelay} doubling to {@code maxDelay}; only infrastructure failures are retried.
     */
    public static RetryPolicy infrastructureFailures(Duration initialDelay, Duration maxDelay) {
        return builder().maxRetries(UNLIMITED).maxDuration(UNBOUNDED).initialDelay(initialDelay).maxDelay(maxDelay)
                .retryOn(failure -> FailureKind.of(failure) == FailureKind.INFRASTRUCTURE).build();
    }

    /** A builder whose defaults are those of {@link #transientFailures()}. */
    public static Builder builder() {
        return new Builder();
    }

    /** Retries after the first attempt; {@link #UNLIMITED} for no bound. */
    public int maxRetries() {
        return maxRetries;
    }

    /** The delay before the first retry; doubled for each further one. */
    public Duration initialDelay() {
        return initialDelay;
    }

    /** The upper bound of one delay. */
    public Duration maxDelay() {
        return maxDelay;
    }

    /** No retry starts after this much time since the first attempt; {@link #UNBOUNDED} for no bound. */
    public Duration maxDuration() {
        return maxDuration;
    }

    /**
     * Whether a failure is worth another attempt: not one of the abort classes (nor a subclass), and accepted by the
     * retry-on predicate (by default any {@link Exception}; an {@link Error} is never retried).
     */
    public boolean retries(Throwable failure) {
        for (Class<? extends Throwable> abort : abortOn) {
            if (abort.isInstance(failure)) {
                return false;
            }
        }
        return retryOn.test(failure);
    }

    /**
     * Whether retry number {@code retry} (1 for the first) may start, {@code elapsed} after the first attempt: within
     * {@link #maxRetries()} and {@link #maxDuration()}. (For a caller that runs its own loop, as
     * {@link ConsumerRetry} does; the guards below apply the same bounds.)
     */
    public boolean allowsRetry(int retry, Duration elapsed) {
        boolean withinCount = maxRetries == UNLIMITED || retry <= maxRetries;
        boolean withinTime = maxDuration.isZero() || elapsed.compareTo(maxDuration) < 0;
        return withinCount && withinTime;
    }

    /** The delay before retry number {@code retry} (1 for the first): the initial delay doubled, capped. */
    public Duration delayBefore(int retry) {
        Duration delay = initialDelay;
        for (int i = 1; i < retry && delay.compareTo(maxDelay) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(maxDelay) > 0 ? maxDelay : delay;
    }

    /** A guard that runs an action under this policy; {@code description} names it in SmallRye's logs and metrics. */
    public Guard guard(String description) {
        return Guard.create().withDescription(description).withRetry().with(this::applyTo).done().build();
    }

    /** Sets this policy on the retry part of a {@link Guard} being built. */
    public void applyTo(Guard.Builder.RetryBuilder retry) {
        retry.maxRetries(maxRetries)
                .delay(initialDelay.toMillis(), ChronoUnit.MILLIS)
                .maxDuration(maxDuration.toMillis(), ChronoUnit.MILLIS)
                .jitter(0, ChronoUnit.MILLIS)
                .whenException(this::retries)
                .withExponentialBackoff()
                    .factor(2)
                    .maxDelay(maxDelay.toMillis(), ChronoUnit.MILLIS)
                    .done();
    }

    /** Sets this policy on the retry part of a {@link TypedGuard} being built (e.g. one that also rate-limits). */
    public <T> void applyTo(TypedGuard.Builder.RetryBuilder<T> retry) {
        retry.maxRetries(maxRetries)
                .delay(initialDelay.toMillis(), ChronoUnit.MILLIS)
                .maxDuration(maxDuration.toMillis(), ChronoUnit.MILLIS)
                .jitter(0, ChronoUnit.MILLIS)
                .whenException(this::retries)
                .withExponentialBackoff()
                    .factor(2)
                    .maxDelay(maxDelay.toMillis(), ChronoUnit.MILLIS)
                    .done();
    }

    @Override
    public String toString() {
        return "RetryPolicy[maxRetries=" + maxRetries + ", initialDelay=" + initialDelay + ", maxDelay=" + maxDelay
                + ", maxDuration=" + maxDuration + ", abortOn=" + abortOn + "]";
    }

    /** Builds a {@link RetryPolicy}; starts from the values of {@link #transientFailures()}. */
    public static final class Builder {

        private int maxRetries = 5;
        private Duration initialDelay = Duration.ofMillis(500);
        private Duration maxDelay = Duration.ofSeconds(8);
        // SmallRye's own default: far above what 5 retries from 0.5 s to 8 s take (15.5 s of delays).
        private Duration maxDuration = Duration.ofMinutes(3);
        private List<Class<? extends Throwable>> abortOn = List.of(MalformedRecordException.class);
        private Predicate<Throwable> retryOn = ANY_EXCEPTION;

        private Builder() {
        }

        /** Retries after the first attempt ({@code 0} disables retries, {@link #UNLIMITED} removes the bound). */
        public Builder maxRetries(int maxRetries) {
            if (maxRetries < UNLIMITED) {
                throw new IllegalArgumentException("maxRetries must be >= 0, or UNLIMITED: " + maxRetries);
            }
            this.maxRetries = maxRetries;
            return this;
        }

        /** The delay before the first retry; doubled for each further one. */
        public Builder initialDelay(Duration initialDelay) {
            this.initialDelay = nonNegative(initialDelay, "initialDelay");
            return this;
        }

        /** The upper bound of one delay. */
        public Builder maxDelay(Duration maxDelay) {
            this.maxDelay = nonNegative(maxDelay, "maxDelay");
            return this;
        }

        /** No retry starts after this much time since the first attempt; {@link #UNBOUNDED} removes the bound. */
        public Builder maxDuration(Duration maxDuration) {
            this.maxDuration = nonNegative(maxDuration, "maxDuration");
            return this;
        }

        /**
         * Failures never retried, with their subclasses; replaces the default ({@link MalformedRecordException}).
         * Checked before {@link #retryOn(Predicate)}.
         */
        @SafeVarargs
        public final Builder abortOn(Class<? extends Throwable>... failures) {
            this.abortOn = List.of(failures);
            return this;
        }

        /**
         * Which failures are retried, unless an abort class matches first; the default retries any
         * {@link Exception}. A client passes its own classification here (e.g. "Meta said temporary").
         */
        public Builder retryOn(Predicate<Throwable> retryOn) {
            this.retryOn = Objects.requireNonNull(retryOn, "retryOn");
            return this;
        }

        /** The policy. */
        public RetryPolicy build() {
            // SmallRye's exponential backoff needs room to grow.
            if (maxDelay.compareTo(initialDelay) <= 0) {
                throw new IllegalArgumentException(
                        "maxDelay " + maxDelay + " must be above initialDelay " + initialDelay);
            }
            return new RetryPolicy(this);
        }

        private static Duration nonNegative(Duration value, String name) {
            Objects.requireNonNull(value, name);
            if (value.isNegative()) {
                throw new IllegalArgumentException(name + " must not be negative: " + value);
            }
            return value;
        }
    }
}
