package org.handover.localstack.command;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;
import org.handover.harness.ReadinessProbe;
import org.handover.localstack.client.EmulatorClient;
import org.handover.localstack.state.ProcessRecord;
import org.handover.localstack.state.StackState;
import org.handover.localstack.state.StateFolder;

/** {@code stack status}: which parts of the stack recorded in the state folder run, and whether each is ready. */
public final class StatusCommand {

    /** Exit code: everything runs and every service is ready. */
    public static final int ALL_READY = 0;
    /** Exit code: the stack runs (or left processes behind) but something is down or not ready. */
    public static final int DEGRADED = 1;
    /** Exit code: no stack runs (the LSB code for "program is not running"). */
    public static final int NOT_RUNNING = 3;

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT);
    private static final String ROW = "  %-18s %-12s %-48s %s%n";

    private final StateFolder folder;
    private final PrintStream out;
    private final ReadinessProbe probe = new ReadinessProbe();

    public StatusCommand(StateFolder folder, PrintStream out) {
        this.folder = folder;
        this.out = out;
    }

    public int run() {
        Optional<StackState> recorded = folder.readState();
        if (recorded.isEmpty()) {
            Optional<ProcessHandle> postmaster = folder.runningPostmaster();
            if (postmaster.isPresent()) {
                out.println("No local stack is running in " + folder.root() + ", but its PostgreSQL still is (pid "
                        + postmaster.get().pid() + "); `" + StackRun.STOP_COMMAND + "` stops it.");
                return DEGRADED;
            }
            out.println("No local stack is running in " + folder.root() + ".");
            return NOT_RUNNING;
        }
        StackState state = recorded.get();
        Optional<ProcessHandle> launcher = state.launcher().findAlive();
        boolean healthy = launcher.isPresent() && StackState.RUNNING.equals(state.phase());
        if (launcher.isPresent()) {
            String since = launcher.get().info().startInstant()
                    .map(i -> ", up since " + CLOCK.format(i.atZone(ZoneId.systemDefault()))).orElse("");
            out.println("Local stack in " + folder.root() + ": " + state.phase() + " (launcher pid "
                    + launcher.get().pid() + since + ")");
        } else {
            out.println("Local stack in " + folder.root() + ": the launcher (pid " + state.launcher().pid()
                    + ") is gone; what it started and still runs is listed below. `" + StackRun.STOP_COMMAND
                    + "` cleans up.");
        }

        if (state.emulatorUrl() != null) {
            // it lives in the launcher: up only while the launcher is
            boolean up = launcher.isPresent() && new EmulatorClient(URI.create(state.emulatorUrl())).isUp();
            healthy &= up;
            out.printf(ROW, "emulator", "in launcher", state.emulatorUrl() + "/_emulator/",
                    up ? "answering" : "not answering");
        }
        if (state.kafkaBootstrap() != null) {
            boolean reachable = reachable(state.kafkaBootstrap());
            boolean up = reachable && (launcher.isPresent() || !state.kafkaEmbedded());
            healthy &= up;
            out.printf(ROW, "kafka", state.kafkaEmbedded() ? "in launcher" : "external", state.kafkaBootstrap(),
                    up ? "reachable" : "not reachable");
        }
        if (state.databaseUrl() != null && !state.databaseEmbedded()) {
            out.printf(ROW, "postgres", "external", state.databaseUrl(), "");
        }
        for (ProcessRecord process : state.processes()) {
            Optional<ProcessHandle> alive = process.findAlive();
            String where = process.readiness() != null ? process.readiness()
                    : ProcessRecord.POSTGRES.equals(process.name()) && state.databaseUrl() != null ? state.databaseUrl()
                    : process.port() > 0 ? "port " + process.port() : "";
            String status;
            if (alive.isEmpty()) {
                status = "not running";
                healthy = false;
            } else if (process.readiness() != null) {
                ReadinessProbe.Answer answer = probe.check(URI.create(process.readiness()));
                status = switch (answer) {
                    case READY -> "ready";
                    case NOT_READY -> "running, not ready";
                    case UNREACHABLE -> "running, not answering";
                };
                healthy &= answer == ReadinessProbe.Answer.READY;
            } else {
                status = "running";
            }
            out.printf(ROW, process.name(), alive.map(h -> "pid " + h.pid()).orElse("-"), where, status);
        }
        if (launcher.isEmpty()) {
            return DEGRADED;
        }
        out.println("Logs in " + folder.logs() + "/");
        return healthy ? ALL_READY : DEGRADED;
    }

    private static boolean reachable(String bootstrapServers) {
        String first = bootstrapServers.split(",")[0].trim();
        int colon = first.lastIndexOf(':');
        if (colon < 0) {
            return false;
        }
        try (Socket socket = new Socket()) {
            String host = first.substring(0, colon);
            socket.connect(new InetSocketAddress(host, Integer.parseInt(first.substring(colon + 1))), 1000);
            return true;
        } catch (IOException | NumberFormatException e) {
            return false;
        }
    }
}
