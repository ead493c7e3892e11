package org.handover.testsupport;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** Reads the consumers' counters, which are tagged by {@code outcome}. */
public final class OutcomeCounters {

    private OutcomeCounters() {
    }

    /** The count of counter {@code name} with tag {@code outcome}; 0 while nothing has been counted yet. */
    public static double count(MeterRegistry registry, String name, String outcome) {
        Counter counter = registry.find(name).tag("outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }
}
