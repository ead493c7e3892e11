package org.handover.localstack.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import org.handover.localstack.state.ProcessRecord;
import org.handover.localstack.state.StackState;
import org.handover.localstack.state.StateFolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How {@code demo} and {@code chat} find the stack they play on. */
class StackEndpointsTest {

    @TempDir
    Path root;

    private final Map<String, String> env = Map.of("LOCAL_STACK_DIR", "state", "ADMIN_TOKEN", "exported-token");

    @Test
    void theRunningLauncherSaysWhereItsEmulatorAndHandoverServiceAre() {
        // this test JVM stands in for a running launcher
        record(StackState.starting(ProcessRecord.of("launcher", ProcessHandle.current(), 0, null, null))
                .withEmulator("http://127.0.0.1:18090")
                .withProcess(new ProcessRecord("handover-service", 4242, null, 18083, null, null))
                .withPhase(StackState.RUNNING));

        StackEndpoints endpoints = StackEndpoints.find(root, env);

        assertThat(endpoints).isEqualTo(new StackEndpoints(URI.create("http://127.0.0.1:18090"),
                URI.create("http://localhost:18083"), "exported-token", true, null));
        assertThat(endpoints.noEmulatorReason()).isEmpty();
    }

    @Test
    void aRunningStackWithoutEmulatorIsNamed() {
        record(StackState.starting(ProcessRecord.of("launcher", ProcessHandle.current(), 0, null, null))
                .withPhase(StackState.RUNNING));

        assertThat(StackEndpoints.find(root, env).noEmulatorReason()).hasValueSatisfying(reason -> assertThat(reason)
                .startsWith("The local stack running from " + root.resolve("state") + " has no emulator"));
    }

    @Test
    void withoutARunningStackThePortVariablesOrTheirDefaultsSay() {
        StackEndpoints defaults = StackEndpoints.find(root, env);
        StackEndpoints moved = StackEndpoints.find(root, Map.of("EMULATOR_PORT", "19090", "HANDOVER_PORT", "19083"));

        assertThat(defaults).isEqualTo(new StackEndpoints(URI.create("http://127.0.0.1:8090"),
                URI.create("http://localhost:8083"), "exported-token", false, null));
        assertThat(moved.emulator()).isEqualTo(URI.create("http://127.0.0.1:19090"));
        assertThat(moved.handover()).isEqualTo(URI.create("http://localhost:19083"));
        // no env file in this root, nothing exported
        assertThat(moved.adminToken()).isNull();
    }

    private void record(StackState state) {
        StateFolder folder = new StateFolder(root.resolve("state"));
        folder.create();
        folder.writeState(state);
    }
}
