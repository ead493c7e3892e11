package org.handover.localstack.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateFolderTest {

    @TempDir
    Path dir;

    @Test
    void stateFileRoundTripsEveryProcess() {
        StateFolder folder = new StateFolder(dir);
        folder.create();
        ProcessRecord launcher = ProcessRecord.of("launcher", ProcessHandle.current(), 0, null, null);
        StackState state = StackState.starting(launcher)
                .withKafka("localhost:9092", true)
                .withDatabase("jdbc:postgresql://localhost:5432/handover", true)
                .withEmulator("http://127.0.0.1:8090")
                .withProcess(new ProcessRecord("ingress-service", 4242, null, 8081,
                        "http://localhost:8081/q/health/ready", dir.resolve("logs/ingress-service.log")))
                .withPhase(StackState.RUNNING);

        folder.writeState(state);

        assertThat(folder.readState()).contains(state);
        assertThat(folder.readState().orElseThrow().process("ingress-service")).map(ProcessRecord::port).contains(8081);
        folder.deleteState();
        assertThat(folder.readState()).isEmpty();
    }

    @Test
    void recordedProcessIsAliveOnlyWhileItIsTheSameProcess() {
        ProcessRecord self = ProcessRecord.of("launcher", ProcessHandle.current(), 0, null, null);
        ProcessRecord reusedPid = new ProcessRecord("launcher", self.pid(), self.started().minusSeconds(3600), 0,
                null, null);

        assertThat(self.findAlive()).isPresent();
        assertThat(reusedPid.findAlive()).isEmpty();
    }
}
