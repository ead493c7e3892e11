package org.handover.emulator;

import java.time.Duration;
import java.util.Random;

/**
 * How webhooks are delivered; changeable while the emulator runs (the control API's {@code PUT /_emulator/settings}).
 * Defaults: batches of up to 10 events gathered for 5 ms, no duplicates, retries from 200 ms doubling to 5 s.
 */
public final class DeliverySettings {

    private volatile int maxBatch = 10;
    private volatile Duration linger = Duration.ofMillis(5);
    private volatile double duplicateProbability;
    private volatile Duration firstRetry = Duration.ofMillis(200);
    private volatile Duration maxRetry = Duration.ofSeconds(5);
    private volatile Duration requestTimeout = Duration.ofSeconds(10);
    private final Random random;

    public DeliverySettings(long seed) {
        this.random = new Random(seed);
    }

    public int maxBatch() {
        return maxBatch;
    }

    /** Most events in one POST (Meta batches up to 1000). */
    public DeliverySettings maxBatch(int events) {
        if (events < 1 || events > 1000) {
            throw new IllegalArgumentException("maxBatch must be 1 to 1000");
        }
        this.maxBatch = events;
        return this;
    }

    public Duration linger() {
        return linger;
    }

    /** How long a batch waits for more events before it goes. */
    public DeliverySettings linger(Duration linger) {
        this.linger = requireNonNegative(linger, "linger");
        return this;
    }

    public double duplicateProbability() {
        return duplicateProbability;
    }

    /** Probability that a delivered batch is delivered once more, as Meta's retries do. */
    public DeliverySettings duplicateProbability(double probability) {
        if (probability < 0 || probability > 1) {
            throw new IllegalArgumentException("duplicateProbability must be between 0 and 1");
        }
        this.duplicateProbability = probability;
        return this;
    }

    public Duration firstRetry() {
        return firstRetry;
    }

    public Duration maxRetry() {
        return maxRetry;
    }

    /** Backoff between attempts of a failed delivery: {@code first}, doubling up to {@code max}. */
    public DeliverySettings retry(Duration first, Duration max) {
        this.firstRetry = requireNonNegative(first, "firstRetry");
        this.maxRetry = requireNonNegative(max, "maxRetry");
        return this;
    }

    public Duration requestTimeout() {
        return requestTimeout;
    }

    /** How long one POST may take before it counts as failed (Meta allows 5 s before it considers retrying). */
    public DeliverySettings requestTimeout(Duration timeout) {
        this.requestTimeout = requireNonNegative(timeout, "requestTimeout");
        return this;
    }

    /** Draws whether the next delivered batch is duplicated. */
    boolean drawDuplicate() {
        double p = duplicateProbability;
        if (p <= 0) {
            return false;
        }
        synchronized (random) {
            return random.nextDouble() < p;
        }
    }

    private static Duration requireNonNegative(Duration value, String name) {
        if (value == null || value.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative");
        }
        return value;
    }
}
