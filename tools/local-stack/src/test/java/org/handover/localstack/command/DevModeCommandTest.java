package org.handover.localstack.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DevModeCommandTest {

    @TempDir
    Path dir;

    @Test
    void theDevEnvironmentFileIsReadBackByTheShellExactly() throws Exception {
        String tricky = "it's \"quoted\" $HOME `date` a b";
        Path file = dir.resolve("handover-service.env");
        Files.writeString(file, "VALUE=" + StackRun.shellQuoted(tricky) + "\n", StandardCharsets.UTF_8);

        Process shell = new ProcessBuilder(List.of("bash", "-c", "set -a; . \"$0\"; set +a; printf '%s' \"$VALUE\"",
                file.toString())).redirectErrorStream(true).start();
        String read = new String(shell.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(shell.waitFor()).isZero();
        assertThat(read).isEqualTo(tricky);
    }
}
