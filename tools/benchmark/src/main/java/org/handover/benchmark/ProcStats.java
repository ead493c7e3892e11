package org.handover.benchmark;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * What Linux says about a process: CPU time ({@code /proc/<pid>/stat}, utime + stime, in clock ticks) and resident
 * memory ({@code /proc/<pid>/status}, VmRSS). Empty when the process is gone or the file cannot be read.
 */
final class ProcStats {

    /** Linux's {@code USER_HZ}: 100 on every common architecture ({@code getconf CLK_TCK}). */
    static final long TICKS_PER_SECOND = ticksPerSecond();

    private ProcStats() {
    }

    /** utime + stime of {@code pid}, in milliseconds. */
    static OptionalLong cpuMillis(long pid) {
        try {
            return OptionalLong.of(org.handover.harness.ProcStat.cpuTicks(Files.readString(Path.of("/proc", Long.toString(pid), "stat"),
                    StandardCharsets.US_ASCII)) * 1000 / TICKS_PER_SECOND);
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    /** VmRSS of {@code pid}, in kB. */
    static OptionalLong rssKb(long pid) {
        try {
            return rssKb(Files.readString(Path.of("/proc", Long.toString(pid), "status"), StandardCharsets.US_ASCII));
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    /** VmRSS in kB from a {@code /proc/<pid>/status} text; empty for a process without memory (a zombie). */
    static OptionalLong rssKb(String status) {
        for (String line : status.split("\n")) {
            if (line.startsWith("VmRSS:")) {
                return OptionalLong.of(Long.parseLong(line.substring("VmRSS:".length()).replace("kB", "").trim()));
            }
        }
        return OptionalLong.empty();
    }

    /** The machine's CPU ticks so far, busy and in all ({@code /proc/stat}, every core); empty if unreadable. */
    static java.util.Optional<long[]> machineTicks() {
        try {
            return java.util.Optional.of(machineTicks(Files.readString(Path.of("/proc/stat"),
                    StandardCharsets.US_ASCII)));
        } catch (IOException | RuntimeException e) {
            return java.util.Optional.empty();
        }
    }

    /**
     * {busy, total} ticks from the {@code cpu} line of a {@code /proc/stat} text: total is the sum of its first eight
     * fields (user, nice, system, idle, iowait, irq, softirq, steal; guest time is already in user), busy is total
     * less idle and iowait.
     */
    static long[] machineTicks(String stat) {
        for (String line : stat.split("\n")) {
            if (line.startsWith("cpu ")) {
                String[] fields = line.substring(4).trim().split("\\s+");
                long total = 0;
                for (int i = 0; i < Math.min(8, fields.length); i++) {
                    total += Long.parseLong(fields[i]);
                }
                long idle = Long.parseLong(fields[3]) + (fields.length > 4 ? Long.parseLong(fields[4]) : 0);
                return new long[] {total - idle, total};
            }
        }
        throw new IllegalArgumentException("no cpu line");
    }

    private static long ticksPerSecond() {
        try {
            Process getconf = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(getconf.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
            return getconf.waitFor() == 0 ? Long.parseLong(out) : 100;
        } catch (IOException | RuntimeException e) {
            return 100;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 100;
        }
    }
}
