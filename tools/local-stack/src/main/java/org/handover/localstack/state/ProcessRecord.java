package org.handover.localstack.state;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A process the stack started, as written in the state file, so that {@code stop} and {@code status} can find it
 * from another JVM, even after the launcher died.
 *
 * @param name      component name ({@code launcher}, {@code postgres}, a service name)
 * @param pid       operating-system process id
 * @param started   when the process started, or {@code null} if unknown: tells a live process from a later one
 *                  that reused the pid
 * @param port      port it serves on, 0 if none
 * @param readiness URL answering 200 when it is ready, or {@code null}
 * @param log       its log file, or {@code null}
 */
public record ProcessRecord(String name, long pid, Instant started, int port, String readiness, Path log) {

    /** Name of the launcher's own record. */
    public static final String LAUNCHER = "launcher";
    /** Name of the record of the embedded PostgreSQL server. */
    public static final String POSTGRES = "postgres";

    // Start times read twice from /proc can differ by a clock tick; a reused pid is off by far more.
    private static final Duration START_TOLERANCE = Duration.ofSeconds(1);

    public ProcessRecord {
        Objects.requireNonNull(name, "name");
    }

    /** A record of a process this JVM can see (a child, or itself). */
    public static ProcessRecord of(String name, ProcessHandle process, int port, String readiness, Path log) {
        return new ProcessRecord(name, process.pid(), process.info().startInstant().orElse(null), port, readiness,
                log);
    }

    /** The process, if it is still running and is the same process that was recorded (not a reused pid). */
    public Optional<ProcessHandle> findAlive() {
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(this::sameStart);
    }

    private boolean sameStart(ProcessHandle handle) {
        if (started == null) {
            return true;
        }
        return handle.info().startInstant()
                .map(actual -> Duration.between(started, actual).abs().compareTo(START_TOLERANCE) <= 0)
                .orElse(true);
    }
}
