package org.handover.ingress.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.handover.harness.ProcStat;

/**
 * Where the benchmark JVM's CPU goes, by group of threads: the service's HTTP event loops, its Kafka producer, the
 * embedded broker, the load generator, the JIT's compiler threads, the collector (with the serial collector its work
 * runs on the VM thread) and the rest. The JVM's own threads are not in the thread bean: on Linux they are read from
 * {@code /proc/self/task} by name (else they count in the rest). Everything runs in one JVM on the same cores, so a
 * request's cost is shared out this way, not by who asked for it.
 */
final class ThreadCpu {

    /** The groups, in print order; a thread counts in the first whose test its name passes. */
    static final Map<String, Predicate<String>> GROUPS = groups();
    static final String LOAD_GENERATOR = "load generator";
    static final String BROKER = "broker";
    static final String JIT = "JIT";
    static final String GC = "GC";
    static final String OTHER = "other";

    /** Linux's clock ticks in a second ({@code USER_HZ}), the unit of {@code /proc/.../stat}'s CPU times. */
    private static final long TICKS_PER_SECOND = 100;

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private ThreadCpu() {
    }

    private static Map<String, Predicate<String>> groups() {
        Map<String, Predicate<String>> groups = new LinkedHashMap<>();
        groups.put("http", name -> name.startsWith("vert.x-eventloop") || name.startsWith("executor-thread"));
        groups.put("kafka producer", name -> name.startsWith("kafka-producer-network-thread")
                || name.startsWith("smallrye-kafka-producer-thread"));
        groups.put(LOAD_GENERATOR, name -> name.startsWith("bench-") || name.startsWith("HttpClient-"));
        groups.put(BROKER, name -> name.startsWith("data-plane-kafka") || name.startsWith("kafka-")
                || name.contains("raft") || name.contains("quorum") || name.startsWith("controller-")
                || name.startsWith("broker-") || name.startsWith("ExpirationReaper")
                || name.startsWith("LogDirFailureHandler") || name.startsWith("group-coordinator")
                || name.startsWith("share-coordinator") || name.startsWith("transaction-"));
        return groups;
    }

    /** CPU nanoseconds used so far, per group (and {@link #OTHER}). */
    static Map<String, Long> snapshot() {
        Map<String, Long> used = new LinkedHashMap<>();
        GROUPS.keySet().forEach(group -> used.put(group, 0L));
        long listed = 0;
        long[] ids = THREADS.getAllThreadIds();
        ThreadInfo[] infos = THREADS.getThreadInfo(ids);
        for (int i = 0; i < ids.length; i++) {
            long cpu = THREADS.getThreadCpuTime(ids[i]);
            if (infos[i] == null || cpu < 0) {
                continue;
            }
            listed += cpu;
            String name = infos[i].getThreadName();
            for (Map.Entry<String, Predicate<String>> group : GROUPS.entrySet()) {
                if (group.getValue().test(name)) {
                    used.merge(group.getKey(), cpu, Long::sum);
                    break;
                }
            }
        }
        long grouped = used.values().stream().mapToLong(Long::longValue).sum();
        used.put(JIT, 0L);
        used.put(GC, 0L);
        jvmThreads(used);
        long jvm = used.get(JIT) + used.get(GC);
        // Listed threads of no group (Quarkus' own, the JVM's service threads) count as other too.
        used.put(OTHER, Math.max(0, OS.getProcessCpuTime() - grouped - jvm));
        return used;
    }

    /** Adds the CPU of the JVM's compiler and collector threads (by their names in /proc/self/task), if readable. */
    private static void jvmThreads(Map<String, Long> used) {
        Path tasks = Path.of("/proc/self/task");
        if (!Files.isDirectory(tasks)) {
            return;
        }
        try (DirectoryStream<Path> threads = Files.newDirectoryStream(tasks)) {
            for (Path thread : threads) {
                String stat;
                try {
                    stat = Files.readString(thread.resolve("stat"));
                } catch (IOException ended) {
                    continue;
                }
                String name = ProcStat.command(stat).orElse("");
                String group = name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")
                        ? JIT
                        : name.equals("VM Thread") || name.startsWith("GC Thread") || name.startsWith("G1 ")
                                || name.startsWith("GC ") ? GC : null;
                if (group == null) {
                    continue;
                }
                long ticks = ProcStat.cpuTicks(stat);
                used.merge(group, ticks * 1_000_000_000L / TICKS_PER_SECOND, Long::sum);
            }
        } catch (IOException | RuntimeException unreadable) {
            // Not Linux as expected: the JVM's threads count in the rest.
        }
    }

    /** The share (0-100) of all the process's CPU from {@code before} to {@code after} that {@code group} used. */
    static double percent(Map<String, Long> before, Map<String, Long> after, String group) {
        long all = 0;
        for (Map.Entry<String, Long> used : after.entrySet()) {
            all += Math.max(0, used.getValue() - before.getOrDefault(used.getKey(), 0L));
        }
        long mine = Math.max(0, after.getOrDefault(group, 0L) - before.getOrDefault(group, 0L));
        return all == 0 ? 0 : 100.0 * mine / all;
    }

    /**
     * Microseconds of CPU per request from {@code before} to {@code after}, per group. Threads that ended between
     * the two snapshots are missing from {@code after}: what they used counts as {@link #OTHER}.
     */
    static Map<String, Double> perRequest(Map<String, Long> before, Map<String, Long> after, long requests) {
        Map<String, Double> micros = new LinkedHashMap<>();
        for (String group : List.copyOf(after.keySet())) {
            long used = Math.max(0, after.get(group) - before.getOrDefault(group, 0L));
            micros.put(group, requests == 0 ? 0 : used / 1000.0 / requests);
        }
        return micros;
    }
}
