package org.handover.service.support.messaging;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Which consumers are paused on an infrastructure failure ({@link FailureKind#INFRASTRUCTURE}), per channel, and the
 * {@link ConsumerRetry} each consumer retries with. A channel is paused from the moment one of its records meets such
 * a failure until no record of it is retrying one any more (with key-ordered concurrency several may retry at once:
 * the channel is paused while any does).
 *
 * <p>What an operator sees: one WARN line when a pause starts (channel and the failure's class, never a record or a
 * message text), one INFO line when it ends (with how long it lasted), the gauge {@code consumer_paused{channel}}
 * (1 while paused), the counter {@code consumer_pauses_total{channel}}, and the readiness check
 * {@code ConsumerOutageCheck}, DOWN with the reason while a channel is paused.
 *
 * <p>The backoff of infrastructure retries: {@code consumer.retry.initial-delay} (0.5 s) doubling to
 * {@code consumer.retry.max-delay} (30 s), for as long as the outage lasts ({@code CONSUMER_RETRY_INITIAL_DELAY},
 * {@code CONSUMER_RETRY_MAX_DELAY}). Thread-safe.
 */
@ApplicationScoped
public class OutageMonitor {

    private static final Logger LOG = Logger.getLogger(OutageMonitor.class);

    private final MeterRegistry registry;
    private final RetryPolicy infrastructure;
    private final ConcurrentMap<String, ChannelState> channels = new ConcurrentHashMap<>();

    public OutageMonitor(MeterRegistry registry,
            @ConfigProperty(name = "consumer.retry.initial-delay", defaultValue = "PT0.5S") Duration initialDelay,
            @ConfigProperty(name = "consumer.retry.max-delay", defaultValue = "PT30S") Duration maxDelay) {
        this.registry = registry;
        this.infrastructure = RetryPolicy.infrastructureFailures(initialDelay, maxDelay);
    }

    /**
     * The retry a consumer of {@code channel} wraps its work in: infrastructure failures for as long as they last
     * (the channel paused meanwhile), anything else under {@link RetryPolicy#transientFailures()}, a contract break
     * never. Registers the channel's gauge and counter.
     */
    public ConsumerRetry retry(String channel) {
        state(channel);
        return new ConsumerRetry(channel, this, infrastructure, RetryPolicy.transientFailures());
    }

    /** The infrastructure retry policy of every channel. */
    public RetryPolicy infrastructurePolicy() {
        return infrastructure;
    }

    /** Whether {@code channel} is paused now. */
    public boolean paused(String channel) {
        ChannelState state = channels.get(channel);
        return state != null && state.paused() != null;
    }

    /** The channels paused now, by name, each with its pause. */
    public Map<String, Pause> pauses() {
        Map<String, Pause> pauses = new TreeMap<>();
        channels.forEach((channel, state) -> Optional.ofNullable(state.paused()).ifPresent(p -> pauses.put(channel, p)));
        return pauses;
    }

    /**
     * One record of {@code channel} starts retrying an infrastructure failure; {@code cause} is the failure (its class
     * name is kept, nothing else). Call {@link #resumed(String)} once for every call of this.
     */
    void pausing(String channel, Throwable cause) {
        state(channel).pausing(FailureKind.infrastructureCause(cause).orElse(cause).getClass().getName());
    }

    /** One record of {@code channel} that was retrying an infrastructure failure is past it (done, or given up). */
    void resumed(String channel) {
        state(channel).resumed();
    }

    private ChannelState state(String channel) {
        return channels.computeIfAbsent(channel, ChannelState::new);
    }

    /**
     * A pause: since when, and the class of the failure that started it.
     *
     * @param since when the first record of the channel met the failure
     * @param failureClass the class name of the failure (the infrastructure cause in its chain)
     */
    public record Pause(Instant since, String failureClass) {
    }

    private final class ChannelState {

        private final String channel;
        private final Counter pauses;
        private int retrying;
        private Pause pause;
        private long startedNanos;

        ChannelState(String channel) {
            this.channel = channel;
            Gauge.builder("consumer.paused", this, s -> s.paused() != null ? 1 : 0).tag("channel", channel)
                    .description("1 while the channel's consumer waits for the database or the broker")
                    .register(registry);
            this.pauses = Counter.builder("consumer.pauses").tag("channel", channel)
                    .description("Pauses of the channel's consumer on an infrastructure failure").register(registry);
        }

        synchronized Pause paused() {
            return pause;
        }

        synchronized void pausing(String failureClass) {
            if (retrying++ == 0) {
                // The wall clock, not the service's Clock bean: handover-service's may follow event time.
                pause = new Pause(Instant.now(), failureClass);
                startedNanos = System.nanoTime();
                pauses.increment();
                LOG.warnf("Consumer of %s paused: %s (infrastructure unavailable); retrying until it is back",
                        channel, failureClass);
            }
        }

        synchronized void resumed() {
            if (retrying == 0) {
                return;
            }
            if (--retrying == 0) {
                long millis = (System.nanoTime() - startedNanos) / 1_000_000;
                LOG.infof("Consumer of %s resumed after %d.%03d s paused (%s)", channel, millis / 1000, millis % 1000,
                        pause.failureClass());
                pause = null;
            }
        }
    }
}
