package org.handover.localstack.command;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.handover.harness.ServiceProcess;
import org.handover.localstack.state.ProcessRecord;
import org.handover.localstack.state.StackState;
import org.handover.localstack.state.StateFolder;

/**
 * {@code stack stop}: asks the launcher recorded in the state folder to stop (SIGTERM, so its shutdown hook stops
 * everything in order), and cleans up after a launcher that cannot: anything it had started that still runs is
 * stopped too, including a PostgreSQL server found through its {@code postmaster.pid}.
 */
public final class StopCommand {

    // The launcher needs up to 15 s for the services, then PostgreSQL and Kafka stop in a few seconds.
    private static final Duration LAUNCHER_GRACE = Duration.ofSeconds(40);
    // For leftovers of a launcher that died: SIGTERM lets them shut down cleanly, SIGKILL follows.
    private static final Duration LEFTOVER_GRACE = Duration.ofSeconds(10);

    private final StateFolder folder;
    private final PrintStream out;

    public StopCommand(StateFolder folder, PrintStream out) {
        this.folder = folder;
        this.out = out;
    }

    /** Stops what runs; exit code 0 when nothing of the stack is left running (also when nothing ran). */
    public int run() {
        Optional<StackState> state = folder.readState();
        boolean didSomething = false;

        Optional<ProcessHandle> launcher = state.flatMap(s -> s.launcher().findAlive());
        if (launcher.isPresent()) {
            didSomething = true;
            long begin = System.nanoTime();
            out.println("Stopping the local stack (launcher pid " + launcher.get().pid()
                    + "): it stops the services, then PostgreSQL, then Kafka...");
            launcher.get().destroy();
            if (ServiceProcess.awaitExit(launcher.get(), LAUNCHER_GRACE)) {
                out.printf("Launcher stopped after %.1f s.%n", (System.nanoTime() - begin) / 1e9);
            } else {
                launcher.get().destroyForcibly();
                ServiceProcess.awaitExit(launcher.get(), Duration.ofSeconds(5));
                out.println("The launcher was still running " + LAUNCHER_GRACE.toSeconds() + " s later: killed it.");
            }
        }

        // Leftovers of a launcher that died: the services first, all at once (they shut down in parallel), then
        // PostgreSQL, which on SIGTERM waits for its clients (handover-service) to disconnect.
        Map<ProcessHandle, String> services = new LinkedHashMap<>();
        Map<ProcessHandle, String> postgres = new LinkedHashMap<>();
        state.ifPresent(s -> s.processes().forEach(p -> p.findAlive().ifPresent(h ->
                (ProcessRecord.POSTGRES.equals(p.name()) ? postgres : services).put(h, p.name()))));
        folder.runningPostmaster().ifPresent(h -> postgres.putIfAbsent(h, ProcessRecord.POSTGRES));
        List<String> survivors = new ArrayList<>();
        didSomething |= stopAll(services, survivors);
        didSomething |= stopAll(postgres, survivors);

        if (!survivors.isEmpty()) {
            out.println("Could not stop: " + String.join(", ", survivors) + ".");
            return 1;
        }
        if (state.isPresent()) {
            // the launcher removes it when it stops cleanly; after a crash it is stale
            folder.deleteState();
        }
        if (!didSomething) {
            out.println("No local stack is running (state folder " + folder.root() + ")"
                    + (state.isPresent() ? "; removed a stale state file." : "."));
        } else {
            out.println("Nothing of the local stack is running any more.");
        }
        return 0;
    }

    /** SIGTERM to all, then SIGKILL to those still running after the grace period; true if any was running. */
    private boolean stopAll(Map<ProcessHandle, String> processes, List<String> survivors) {
        processes.keySet().removeIf(p -> !p.isAlive());
        if (processes.isEmpty()) {
            return false;
        }
        processes.keySet().forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + LEFTOVER_GRACE.toNanos();
        for (Map.Entry<ProcessHandle, String> entry : processes.entrySet()) {
            ProcessHandle process = entry.getKey();
            String what = entry.getValue() + " (pid " + process.pid() + ")";
            if (ServiceProcess.awaitExit(process, Duration.ofNanos(Math.max(0, deadline - System.nanoTime())))) {
                out.println("Stopped leftover " + what + ".");
            } else {
                process.destroyForcibly();
                if (ServiceProcess.awaitExit(process, Duration.ofSeconds(5))) {
                    out.println("Killed leftover " + what + ": still running " + LEFTOVER_GRACE.toSeconds()
                            + " s after SIGTERM.");
                } else {
                    survivors.add(what);
                }
            }
        }
        return true;
    }
}
