package org.handover.benchmark;

import java.util.Arrays;
import java.util.Collection;

/**
 * Nearest-rank percentiles of latencies in milliseconds. A message that never got its answer counts as
 * {@link #NEVER}: a percentile that falls on one is "never" too, so that a lost answer cannot make a run look fast.
 */
final class Percentiles {

    /** The latency of a message that was never answered. */
    static final long NEVER = Long.MAX_VALUE;

    private final long[] sorted;

    private Percentiles(long[] sorted) {
        this.sorted = sorted;
    }

    static Percentiles of(Collection<Long> millis) {
        long[] values = millis.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(values);
        return new Percentiles(values);
    }

    int count() {
        return sorted.length;
    }

    /** The {@code p}-th percentile ({@code 0 < p <= 100}), nearest rank; {@link #NEVER} when it is a lost one. */
    long at(double p) {
        if (p <= 0 || p > 100) {
            throw new IllegalArgumentException("percentile must be in (0, 100]");
        }
        if (sorted.length == 0) {
            return NEVER;
        }
        int rank = (int) Math.ceil(p / 100 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    /** A latency for the tables: {@code 52}, {@code 2700}, or {@code -} for none. */
    static String format(long millis) {
        return millis == NEVER ? "-" : Long.toString(millis);
    }
}
