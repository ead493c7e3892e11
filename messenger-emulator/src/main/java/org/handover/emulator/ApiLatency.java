package org.handover.emulator;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How long the emulated Graph API takes to answer: a fixed part plus a uniformly drawn jitter, set apart for the Send
 * API ({@code POST /{page}/messages}) and for every other Graph call (thread control, {@code thread_owner}, ...).
 * Meta's Send API takes about 100 to 300 ms; the default here is 0 for both, so tests run at full speed.
 *
 * <p>The wait happens on the HTTP server's thread before the platform handles the call, outside the platform's lock:
 * concurrent calls wait side by side, and the journal records a call when Meta would answer it. Changeable while the
 * emulator runs: {@code PUT /_emulator/settings} ({@code sendLatencyMillis}, {@code sendJitterMillis},
 * {@code graphLatencyMillis}, {@code graphJitterMillis}) or the environment ({@link #configure(Map)}).
 */
public final class ApiLatency {

    /** Environment variable: the Send API's fixed latency in milliseconds. */
    public static final String SEND_LATENCY_ENV = "EMULATOR_SEND_LATENCY_MS";
    /** Environment variable: the Send API's jitter in milliseconds (0 to this much more). */
    public static final String SEND_JITTER_ENV = "EMULATOR_SEND_JITTER_MS";
    /** Environment variable: the other Graph calls' fixed latency in milliseconds. */
    public static final String GRAPH_LATENCY_ENV = "EMULATOR_GRAPH_LATENCY_MS";
    /** Environment variable: the other Graph calls' jitter in milliseconds. */
    public static final String GRAPH_JITTER_ENV = "EMULATOR_GRAPH_JITTER_MS";

    /** A fixed latency plus up to {@code jitter} more, drawn uniformly per call. */
    public record Delay(Duration fixed, Duration jitter) {

        /** No wait. */
        public static final Delay NONE = new Delay(Duration.ZERO, Duration.ZERO);

        public Delay {
            fixed = requireNonNegative(fixed, "latency");
            jitter = requireNonNegative(jitter, "jitter");
        }

        /** {@code fixedMillis} plus up to {@code jitterMillis}. */
        public static Delay ofMillis(long fixedMillis, long jitterMillis) {
            return new Delay(Duration.ofMillis(fixedMillis), Duration.ofMillis(jitterMillis));
        }

        /** One call's wait. */
        public Duration draw() {
            long jitterNanos = jitter.toNanos();
            return jitterNanos == 0 ? fixed
                    : fixed.plusNanos(ThreadLocalRandom.current().nextLong(jitterNanos + 1));
        }
    }

    private volatile Delay send = Delay.NONE;
    private volatile Delay graph = Delay.NONE;

    public Delay send() {
        return send;
    }

    /** The Send API's latency. */
    public ApiLatency send(Delay delay) {
        this.send = Objects.requireNonNull(delay, "delay");
        return this;
    }

    public Delay graph() {
        return graph;
    }

    /** The latency of every Graph call but the Send API. */
    public ApiLatency graph(Delay delay) {
        this.graph = Objects.requireNonNull(delay, "delay");
        return this;
    }

    /** The wait for one call of {@code call} ({@code messages} is the Send API, anything else a Graph call). */
    Duration draw(String call) {
        return (Faults.SEND_CALL.equals(call) ? send : graph).draw();
    }

    /**
     * Takes the latency from {@code environment} ({@value #SEND_LATENCY_ENV}, {@value #SEND_JITTER_ENV},
     * {@value #GRAPH_LATENCY_ENV}, {@value #GRAPH_JITTER_ENV}, in milliseconds); what is not set stays as it is.
     */
    public ApiLatency configure(Map<String, String> environment) {
        send(new Delay(millis(environment, SEND_LATENCY_ENV, send.fixed()),
                millis(environment, SEND_JITTER_ENV, send.jitter())));
        graph(new Delay(millis(environment, GRAPH_LATENCY_ENV, graph.fixed()),
                millis(environment, GRAPH_JITTER_ENV, graph.jitter())));
        return this;
    }

    @Override
    public String toString() {
        return "send " + send.fixed().toMillis() + "+" + send.jitter().toMillis() + " ms, graph "
                + graph.fixed().toMillis() + "+" + graph.jitter().toMillis() + " ms";
    }

    private static Duration millis(Map<String, String> environment, String name, Duration fallback) {
        String value = environment.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Duration.ofMillis(Long.parseLong(value.trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a number of milliseconds, not '" + value + "'");
        }
    }

    private static Duration requireNonNegative(Duration value, String name) {
        if (value == null || value.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative");
        }
        return value;
    }
}
