package org.handover.service.support.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smallrye.faulttolerance.api.TypedGuard;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.handover.contracts.MalformedRecordException;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    /** Today's values with delays short enough for a test. */
    private static RetryPolicy.Builder fast() {
        return RetryPolicy.builder().initialDelay(Duration.ofMillis(1)).maxDelay(Duration.ofMillis(4));
    }

    /** Fails {@code failures} times with {@code failure}, then answers {@code "done"}. */
    private static final class Flaky {
        final AtomicInteger attempts = new AtomicInteger();
        private final int failures;
        private final RuntimeException failure;

        Flaky(int failures, RuntimeException failure) {
            this.failures = failures;
            this.failure = failure;
        }

        String get() {
            if (attempts.incrementAndGet() <= failures) {
                throw failure;
            }
            return "done";
        }
    }

    @Test
    void theInfrastructurePolicyRetriesOnlyInfrastructureFailuresForEverWithACappedDelay() {
        RetryPolicy policy = RetryPolicy.infrastructureFailures(Duration.ofMillis(500), Duration.ofSeconds(30));

        assertThat(policy.retries(new java.net.ConnectException("refused"))).isTrue();
        assertThat(policy.retries(new IllegalStateException("a bug"))).isFalse();
        assertThat(policy.allowsRetry(1_000_000, Duration.ofDays(3))).isTrue();
        assertThat(policy.delayBefore(1)).isEqualTo(Duration.ofMillis(500));
        assertThat(policy.delayBefore(2)).isEqualTo(Duration.ofSeconds(1));
        assertThat(policy.delayBefore(6)).isEqualTo(Duration.ofSeconds(16));
        assertThat(policy.delayBefore(7)).isEqualTo(Duration.ofSeconds(30));
        assertThat(policy.delayBefore(1000)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void theBoundedPolicyAllowsItsRetriesWithinItsDuration() {
        RetryPolicy policy = RetryPolicy.transientFailures();

        assertThat(policy.allowsRetry(5, Duration.ofSeconds(10))).isTrue();
        assertThat(policy.allowsRetry(6, Duration.ofSeconds(10))).isFalse();
        assertThat(policy.allowsRetry(1, Duration.ofMinutes(3))).isFalse();
        assertThat(policy.delayBefore(5)).isEqualTo(Duration.ofSeconds(8));
    }

    @Test
    void theConsumersPolicyRetriesFiveTimesFromHalfASecondDoublingToEightSeconds() {
        RetryPolicy policy = RetryPolicy.transientFailures();

        assertThat(policy.maxRetries()).isEqualTo(5);
        assertThat(policy.initialDelay()).isEqualTo(Duration.ofMillis(500));
        assertThat(policy.maxDelay()).isEqualTo(Duration.ofSeconds(8));
        assertThat(policy.maxDuration()).isEqualTo(Duration.ofMinutes(3));
        assertThat(policy.retries(new IllegalStateException("database down"))).isTrue();
        assertThat(policy.retries(new MalformedRecordException("no eventId"))).isFalse();
        assertThat(policy.retries(new AssertionError("a bug"))).isFalse();
        assertThat(RetryPolicy.builder().build()).usingRecursiveComparison().isEqualTo(policy);
    }

    @Test
    void retriesATransientFailureUntilTheWorkSucceeds() {
        Flaky work = new Flaky(5, new IllegalStateException("broker hiccup"));

        String result = fast().build().guard("test").get(work::get, String.class);

        assertThat(result).isEqualTo("done");
        assertThat(work.attempts).hasValue(6);
    }

    @Test
    void givesUpAfterMaxRetriesWithTheLastFailure() {
        IllegalStateException down = new IllegalStateException("database down");
        Flaky work = new Flaky(Integer.MAX_VALUE, down);

        assertThatThrownBy(() -> fast().build().guard("test").get(work::get, String.class))
                .isSameAs(down);
        assertThat(work.attempts).hasValue(6);
    }

    @Test
    void neverRetriesAMalformedRecordNorASubclassOfIt() {
        Flaky malformed = new Flaky(1, new MalformedRecordException("decision without decisionId"));
        Flaky subclass = new Flaky(1, new MalformedRecordException("x") {
        });
        var retry = fast().build().guard("test");

        assertThatThrownBy(() -> retry.get(malformed::get, String.class)).isInstanceOf(MalformedRecordException.class);
        assertThatThrownBy(() -> retry.get(subclass::get, String.class)).isInstanceOf(MalformedRecordException.class);
        assertThat(malformed.attempts).hasValue(1);
        assertThat(subclass.attempts).hasValue(1);
    }

    @Test
    void retriesOnlyWhatTheRetryOnPredicateAcceptsAndNeverTheAbortClasses() {
        RetryPolicy policy = fast()
                .retryOn(t -> t instanceof IllegalStateException)
                .abortOn(UnsupportedOperationException.class)
                .build();
        Flaky temporary = new Flaky(2, new IllegalStateException("code 2"));
        Flaky other = new Flaky(2, new IllegalArgumentException("code 100"));
        Flaky malformedNowRetried = new Flaky(2, new MalformedRecordException("not an abort class here"));

        assertThat(policy.guard("t").get(temporary::get, String.class)).isEqualTo("done");
        assertThatThrownBy(() -> policy.guard("o").get(other::get, String.class))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> policy.guard("m").get(malformedNowRetried::get, String.class))
                .isInstanceOf(MalformedRecordException.class);
        assertThat(policy.retries(new UnsupportedOperationException())).isFalse();
        assertThat(temporary.attempts).hasValue(3);
        assertThat(other.attempts).hasValue(1);
        assertThat(malformedNowRetried.attempts).hasValue(1);
    }

    @Test
    void unlimitedRetriesGoOnPastAnyCountUntilTheWorkSucceeds() {
        Flaky work = new Flaky(40, new IllegalStateException("long outage"));
        RetryPolicy forever = fast().maxRetries(RetryPolicy.UNLIMITED).maxDuration(RetryPolicy.UNBOUNDED).build();

        assertThat(forever.guard("test").get(work::get, String.class)).isEqualTo("done");
        assertThat(work.attempts).hasValue(41);
    }

    @Test
    void noRetryStartsAfterTheMaxDuration() {
        Flaky work = new Flaky(Integer.MAX_VALUE, new IllegalStateException("outage"));
        RetryPolicy bounded = RetryPolicy.builder().maxRetries(RetryPolicy.UNLIMITED)
                .initialDelay(Duration.ofMillis(10)).maxDelay(Duration.ofMillis(20))
                .maxDuration(Duration.ofMillis(100)).build();

        assertThatThrownBy(() -> bounded.guard("test").get(work::get, String.class))
                .isInstanceOf(IllegalStateException.class);
        // Delays of 10 ms then 20 ms: at most 100 / 10 + 1 attempts fit, and at least two.
        assertThat(work.attempts.get()).isBetween(2, 11);
    }

    @Test
    void appliesToTheRetryOfATypedGuardBesideItsOtherStrategies() throws Exception {
        Flaky work = new Flaky(2, new IllegalStateException("code 1200"));
        RetryPolicy policy = fast().maxRetries(2).build();
        TypedGuard<String> guard = TypedGuard.create(String.class)
                .withRetry().with(policy::applyTo).done()
                .withRateLimit().limit(100).window(1, java.time.temporal.ChronoUnit.SECONDS).done()
                .build();

        assertThat(guard.call(work::get)).isEqualTo("done");
        assertThat(work.attempts).hasValue(3);
    }

    @Test
    void refusesNonsensicalBounds() {
        assertThatThrownBy(() -> RetryPolicy.builder().maxRetries(-2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RetryPolicy.builder().initialDelay(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RetryPolicy.builder().initialDelay(Duration.ofSeconds(8)).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be above initialDelay");
    }
}
