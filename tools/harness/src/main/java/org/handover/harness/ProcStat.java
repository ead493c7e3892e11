package org.handover.harness;

import java.util.Optional;

/**
 * One line of Linux's {@code /proc/<pid>/stat} or {@code /proc/<pid>/task/<tid>/stat}: the command name and the CPU
 * time, for the benchmarks that split CPU by process or by thread. The command name (field 2) is in parentheses and may
 * hold spaces and parentheses, so the other fields are counted after its last closing parenthesis: state is field 3,
 * utime 14, stime 15.
 */
public final class ProcStat {

    private ProcStat() {
    }

    /** The command (a thread's name for a task's line) between the first '(' and the last ')'; empty if malformed. */
    public static Optional<String> command(String stat) {
        int open = stat.indexOf('(');
        int close = stat.lastIndexOf(')');
        return open < 0 || close < open ? Optional.empty() : Optional.of(stat.substring(open + 1, close));
    }

    /** utime + stime, in clock ticks ({@code USER_HZ}). */
    public static long cpuTicks(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
        return Long.parseLong(fields[14 - 3]) + Long.parseLong(fields[15 - 3]);
    }
}
