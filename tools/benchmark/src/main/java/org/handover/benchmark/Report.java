package org.handover.benchmark;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The benchmark's tables, as text: one pair per Meta latency, then the sustained capacity of each. */
final class Report {

    private Report() {
    }

    /** Latency table: answered, end-to-end percentiles and per-stage p50/p99 of each rate. */
    static List<String> latencyTable(List<StepResult> steps) {
        List<String> lines = new ArrayList<>();
        StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "%7s %9s %8s %8s %8s %9s",
                "rate/s", "answered", "p50 ms", "p90 ms", "p99 ms", "lag ms"));
        for (String stage : StepResult.STAGES) {
            header.append(String.format(Locale.ROOT, " %18s", stage));
        }
        lines.add(header.toString());
        lines.add(String.format(Locale.ROOT, "%54s%s", "", "   (per stage: p50/p99 ms)"));
        for (StepResult step : steps) {
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%7d %9s %8s %8s %8s %9d",
                    step.rate(), step.answered() + "/" + step.sent(), Percentiles.format(step.endToEnd().at(50)),
                    Percentiles.format(step.endToEnd().at(90)), Percentiles.format(step.endToEnd().at(99)),
                    step.driverLagMs()));
            for (String stage : StepResult.STAGES) {
                Percentiles p = step.stages().get(stage);
                line.append(String.format(Locale.ROOT, " %18s", p == null || p.count() == 0 ? "-"
                        : Percentiles.format(p.at(50)) + "/" + Percentiles.format(p.at(99))));
            }
            lines.add(line.toString());
        }
        return lines;
    }

    /** Resource table: CPU-ms per user message and peak RSS (MB) per process, for each rate. */
    static List<String> resourceTable(List<StepResult> steps, List<String> processes) {
        List<String> lines = new ArrayList<>();
        StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "%7s |", "rate/s"));
        processes.forEach(p -> header.append(String.format(Locale.ROOT, " %16s", p)));
        lines.add(header + "   CPU-ms per message");
        for (StepResult step : steps) {
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%7d |", step.rate()));
            processes.forEach(p -> line.append(String.format(Locale.ROOT, " %16.1f",
                    step.cpuMsPerMessage().getOrDefault(p, 0.0))));
            lines.add(line.toString());
        }
        StringBuilder rssHeader = new StringBuilder(String.format(Locale.ROOT, "%7s |", "rate/s"));
        processes.forEach(p -> rssHeader.append(String.format(Locale.ROOT, " %16s", p)));
        lines.add(rssHeader + "   peak RSS MB");
        for (StepResult step : steps) {
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%7d |", step.rate()));
            processes.forEach(p -> line.append(String.format(Locale.ROOT, " %16d",
                    step.peakRssMb().getOrDefault(p, 0L))));
            lines.add(line.toString());
        }
        return lines;
    }

    /** The highest rate sustained (every message answered, p99 at most 1 s), if any. */
    static Optional<Integer> capacity(List<StepResult> steps) {
        return steps.stream().filter(StepResult::sustained).map(StepResult::rate).max(Integer::compare);
    }

    /** One line: the sustained capacity at one latency, or that even the lowest rate missed. */
    static String capacityLine(int latencyMs, List<StepResult> steps) {
        Optional<Integer> capacity = capacity(steps);
        int lowest = steps.stream().mapToInt(StepResult::rate).min().orElse(0);
        return String.format(Locale.ROOT, "sustained capacity at Meta latency %d ms (all answered, p99 <= %d ms): %s",
                latencyMs, StepResult.TARGET_P99_MS,
                capacity.map(c -> c + " user messages/s").orElse("below " + lowest + " user messages/s"));
    }
}
