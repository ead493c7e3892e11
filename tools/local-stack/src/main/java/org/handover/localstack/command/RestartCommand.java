package org.handover.localstack.command;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Optional;
import org.awaitility.core.ConditionTimeoutException;
import org.handover.harness.Waits;
import org.handover.localstack.state.RestartRequests;
import org.handover.localstack.state.StackState;
import org.handover.localstack.state.StateFolder;

/**
 * {@code stack restart <service>}: asks the running launcher, which owns the service processes, to stop the service
 * (if it still runs) and start it again on the same port with the same settings, and waits for its answer: exit code
 * 0 once the service is ready again, 1 when it could not be restarted, 3 when no stack runs.
 */
public final class RestartCommand {

    /** No stack runs (as {@code status}). */
    public static final int NOT_RUNNING = 3;

    private static final Duration POLL = Duration.ofMillis(250);

    private final StateFolder folder;
    private final String service;
    private final Duration timeout;
    private final PrintStream out;

    /**
     * @param timeout how long to wait for the launcher's answer: its stop grace and ready timeout, and some margin
     */
    public RestartCommand(StateFolder folder, String service, Duration timeout, PrintStream out) {
        this.folder = folder;
        this.service = service;
        this.timeout = timeout;
        this.out = out;
    }

    public int run() {
        Optional<StackState> state = folder.readState();
        Optional<ProcessHandle> launcher = state.flatMap(s -> s.launcher().findAlive());
        if (launcher.isEmpty()) {
            out.println("No local stack is running (state folder " + folder.root() + "): `tools/local-stack/stack up`"
                    + " starts one.");
            return NOT_RUNNING;
        }
        if (state.get().process(service).isEmpty()) {
            out.println(service + " is not run by this stack (left out with --except, or not started yet).");
            return 1;
        }
        RestartRequests requests = folder.restartRequests();
        requests.request(service);
        out.println("Asked the launcher (pid " + launcher.get().pid() + ") to restart " + service
                + "; waiting until it is ready (the launcher's terminal shows the steps)...");
        String[] answer = new String[1];
        try {
            Waits.atMost(timeout, POLL).until(() -> {
                Optional<String> result = requests.result(service, true);
                result.ifPresent(r -> answer[0] = r);
                return result.isPresent() || !launcher.get().isAlive();
            });
        } catch (ConditionTimeoutException e) {
            out.println("No answer from the launcher within " + timeout.toSeconds() + " s; `tools/local-stack/stack "
                    + "status` shows where " + service + " is.");
            return 1;
        }
        if (answer[0] == null) {
            out.println("The launcher stopped before it answered.");
            return NOT_RUNNING;
        }
        out.println(answer[0].substring(0, 1).toUpperCase() + answer[0].substring(1));
        return answer[0].startsWith("ready") ? 0 : 1;
    }
}
