package org.handover.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.handover.harness.FreePorts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line: clear errors and exit codes, before anything touches a cluster or when none answers. */
class ReplayToolTest {

    @TempDir
    Path dir;

    @Test
    void aNamespaceKafkaWouldRefuseIsAnErrorThatSaysWhichCharactersWork() {
        Run run = run("timeline", "--page", "1", "--psid", "2", "--namespace", "bad/name");
        assertThat(run.code).isEqualTo(1);
        assertThat(run.err).contains("--namespace bad/name: use letters, digits, '.', '_' and '-'");
    }

    @Test
    void anUnknownHandoverSwitchIsAUsageError() {
        Run run = run("replay", "--page", "1", "--psid", "2", "--handover", "maybe");
        assertThat(run.code).isEqualTo(2);
        assertThat(run.err).contains("'maybe': use as-recorded, on or off");
    }

    @Test
    void aReplayNeedsOurAppId() {
        Run run = run("replay", "--page", "1", "--psid", "2", "--handover", "off", "--app-id", "not-a-number");
        assertThat(run.code).isEqualTo(1);
        assertThat(run.err).contains("--app-id");
    }

    @Test
    void aClusterThatDoesNotAnswerIsNamedNotAStackTrace() throws IOException {
        int closedPort = FreePorts.pick(1)[0];
        Path config = dir.resolve("client.properties");
        Files.writeString(config, "default.api.timeout.ms=1500\nrequest.timeout.ms=1000\n");

        Run run = run("timeline", "--page", "1", "--psid", "2", "--bootstrap-servers", "localhost:" + closedPort,
                "--kafka-config", config.toString());

        assertThat(run.code).isEqualTo(1);
        assertThat(run.err).contains("replay: Kafka: ").contains("check --bootstrap-servers")
                .doesNotContain("\tat org.");
    }

    @Test
    void aMissingClientPropertiesFileIsNamed() {
        Run run = run("timeline", "--page", "1", "--psid", "2", "--kafka-config", dir.resolve("nope").toString());
        assertThat(run.code).isEqualTo(1);
        assertThat(run.err).contains("cannot read --kafka-config");
    }

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = ReplayTool.run(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), args);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private record Run(int code, String out, String err) {
    }
}
