package org.handover.ingress.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Where the benchmark JVM's CPU goes, by group of threads: the service's HTTP event loops, its Kafka producer, the
 * embedded broker, the load generator, and the rest (the JIT's compiler threads and the GC, which the thread bean
 * does not list: the process's CPU minus the threads it lists). Everything runs in one JVM on the same cores, so a
 * request's cost is shared out this way, not by who asked for it.
 */
final class ThreadCpu {

    /** The groups, in print order; a thread counts in the first whose test its name passes. */
    static final Map<String, Predicate<String>> GROUPS = groups();
    static final String OTHER = "other (JIT, GC)";

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
        groups.put("load generator", name -> name.startsWith("bench-") || name.startsWith("HttpClient-"));
        groups.put("broker", name -> name.startsWith("data-plane-kafka") || name.startsWith("kafka-")
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
        // Listed threads of no group (Quarkus' own, the JVM's service threads) count as other too.
        used.put(OTHER, Math.max(0, OS.getProcessCpuTime() - grouped));
        return used;
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
