package org.handover.localstack.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.handover.localstack.config.StackConfig;
import org.handover.localstack.state.ProcessRecord;
import org.handover.localstack.state.StackState;
import org.handover.localstack.state.StateFolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The paths of {@code up}, {@code stop} and {@code status} that start nothing. */
class CommandsTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

    @Test
    void upRefusesWhileTheStackRecordedInTheStateFolderRuns() {
        StateFolder folder = new StateFolder(dir.resolve("state"));
        folder.create();
        // this test JVM stands in for a running launcher
        StackState running = StackState.starting(ProcessRecord.of("launcher", ProcessHandle.current(), 0, null, null))
                .withPhase(StackState.RUNNING);
        folder.writeState(running);

        StackRun run = new StackRun(config(dir), out, out);

        assertThatThrownBy(run::start).isInstanceOf(StackException.class)
                .hasMessageContaining("A local stack is already running from " + folder.root())
                .hasMessageContaining("launcher pid " + ProcessHandle.current().pid())
                .hasMessageContaining("tools/local-stack/stack stop");
        // the running stack's state is not ours to remove
        assertThat(folder.readState()).contains(running);
    }

    @Test
    void upNamesEveryMissingServiceJarAndHowToBuildIt() {
        // a repository root without any build output
        StackRun run = new StackRun(config(dir), out, out);

        assertThatThrownBy(run::start).isInstanceOf(StackException.class)
                .hasMessageContaining(dir.resolve("ingress-service/target/quarkus-app/quarkus-run.jar").toString())
                .hasMessageContaining(dir.resolve("bot-service/target/quarkus-app/quarkus-run.jar").toString())
                .hasMessageContaining("without --no-build");
        assertThat(new StateFolder(dir.resolve("state")).readState()).isEmpty();
    }

    @Test
    void stopAndStatusSayThatNothingRuns() {
        StateFolder folder = new StateFolder(dir.resolve("state"));

        assertThat(new StopCommand(folder, out).run()).isZero();
        assertThat(new StatusCommand(folder, out).run()).isEqualTo(StatusCommand.NOT_RUNNING);
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("No local stack is running");
    }

    @Test
    void stopClearsTheStateOfALauncherThatDied() {
        StateFolder folder = new StateFolder(dir.resolve("state"));
        folder.create();
        // a pid that cannot be running: started an hour before this JVM's own process
        ProcessRecord self = ProcessRecord.of("launcher", ProcessHandle.current(), 0, null, null);
        folder.writeState(StackState.starting(new ProcessRecord("launcher", self.pid(),
                self.started().minusSeconds(3600), 0, null, null)));

        assertThat(new StopCommand(folder, out).run()).isZero();

        assertThat(folder.readState()).isEmpty();
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("removed a stale state file");
    }

    private static StackConfig config(Path root) {
        return StackConfig.fromEnvironment(root, Map.of(StackConfig.STATE_DIR_ENV, root.resolve("state").toString()),
                List.of());
    }
}
