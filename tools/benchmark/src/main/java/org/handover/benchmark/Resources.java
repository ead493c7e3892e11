package org.handover.benchmark;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * CPU time and resident memory of the processes under load, by name: each service's JVM, this JVM (the broker, the
 * emulator and the load driver share it) and PostgreSQL (the postmaster and its backends). CPU is read at the edges
 * of a step; memory is sampled every half second in the background and its peak kept since the last {@link #reset}.
 */
final class Resources implements AutoCloseable {

    private static final long SAMPLE_MILLIS = 500;

    private final Map<String, Supplier<List<Long>>> processes;
    private final Map<String, Long> peakKb = new ConcurrentHashMap<>();
    private final Thread sampler;
    private volatile boolean running = true;

    /** {@code processes}: a name, in print order, and the pids it stands for now (asked at every sample). */
    Resources(Map<String, Supplier<List<Long>>> processes) {
        this.processes = new LinkedHashMap<>(processes);
        this.sampler = new Thread(this::sample, "benchmark-resources");
        this.sampler.setDaemon(true);
        this.sampler.start();
    }

    /** The names, in print order. */
    List<String> names() {
        return List.copyOf(processes.keySet());
    }

    /** CPU milliseconds (user + system) each name has used so far. */
    Map<String, Long> cpuMillis() {
        Map<String, Long> cpu = new LinkedHashMap<>();
        processes.forEach((name, pids) -> cpu.put(name,
                pids.get().stream().map(ProcStats::cpuMillis).filter(OptionalLong::isPresent)
                        .mapToLong(OptionalLong::getAsLong).sum()));
        return cpu;
    }

    /** Forgets the memory peaks (a new step starts). */
    void reset() {
        peakKb.clear();
        sampleOnce();
    }

    /** The highest resident memory of each name since {@link #reset}, in MB. */
    Map<String, Long> peakMb() {
        sampleOnce();
        Map<String, Long> peaks = new LinkedHashMap<>();
        processes.keySet().forEach(name -> peaks.put(name, peakKb.getOrDefault(name, 0L) / 1024));
        return peaks;
    }

    private void sample() {
        while (running) {
            sampleOnce();
            try {
                TimeUnit.MILLISECONDS.sleep(SAMPLE_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void sampleOnce() {
        processes.forEach((name, pids) -> {
            long kb = pids.get().stream().map(ProcStats::rssKb).filter(OptionalLong::isPresent)
                    .mapToLong(OptionalLong::getAsLong).sum();
            peakKb.merge(name, kb, Math::max);
        });
    }

    @Override
    public void close() {
        running = false;
        sampler.interrupt();
    }
}
