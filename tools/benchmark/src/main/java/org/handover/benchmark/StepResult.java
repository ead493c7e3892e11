package org.handover.benchmark;

import java.util.List;
import java.util.Map;

/**
 * The figures of one step: one rate at one Meta latency.
 *
 * @param latencyMs      Meta's latency for the Send API and the Graph calls
 * @param rate           user messages per second asked for
 * @param sent           user messages sent
 * @param answered       of those, how many the bot answered (a Send API call in the emulator's journal) in time
 * @param endToEnd       user message (when it was due) to the bot's Send API call, lost answers as never
 * @param stages         per stage, in pipeline order ({@link #STAGES})
 * @param cpuMsPerMessage CPU milliseconds per user message sent, per process, over the step and its drain
 * @param peakRssMb      highest resident memory per process during the step
 * @param driverLagMs    how late the load driver sent its most late message (it should be near 0)
 */
record StepResult(int latencyMs, int rate, int sent, int answered, Percentiles endToEnd,
        Map<String, Percentiles> stages, Map<String, Double> cpuMsPerMessage, Map<String, Long> peakRssMb,
        long driverLagMs) {

    /** The stages, from the Kafka record timestamps (and the user message's due time for the first). */
    static final List<String> STAGES = List.of("user>raw", "raw>inbound", "inbound>decision", "decision>outbound");

    /** The latency target of a sustained rate: every message answered, p99 at most this. */
    static final long TARGET_P99_MS = 1000;

    /** Whether this rate is sustained: every message answered and p99 at most {@value #TARGET_P99_MS} ms. */
    boolean sustained() {
        return sent > 0 && answered == sent && endToEnd.at(99) <= TARGET_P99_MS;
    }
}
