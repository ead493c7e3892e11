package org.handover.harness;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Finds the PostgreSQL server of a data directory. {@code pg_ctl} starts it detached (its own session), so it is no
 * child of the JVM that started it and outlives one that was killed (a local stack's launcher, say); its pid is the
 * first line of {@code postmaster.pid}.
 */
public final class Postmaster {

    private Postmaster() {
    }

    /** The server running on {@code dataDir}, if any. */
    public static Optional<ProcessHandle> running(Path dataDir) {
        try {
            List<String> lines = Files.readAllLines(dataDir.resolve("postmaster.pid"), StandardCharsets.UTF_8);
            if (lines.isEmpty()) {
                return Optional.empty();
            }
            long pid = Long.parseLong(lines.get(0).trim());
            return ProcessHandle.of(pid)
                    .filter(ProcessHandle::isAlive)
                    // a stale pid file (after a crash) may name a pid that now belongs to something else
                    .filter(p -> p.info().command().map(c -> c.endsWith("postgres")).orElse(true));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }
}
