package org.handover.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tools/local-stack/build-progress}, the filter the stack's and the replay tool's builds print through. */
class BuildProgressTest {

    @TempDir
    Path dir;

    @Test
    void printsOneLinePerModuleTheDownloadsTheErrorsAndTheResultAndLogsEverything() throws Exception {
        List<String> maven = new ArrayList<>(List.of(
                "[INFO] Scanning for projects...",
                "[INFO] ------------------------------------------------------------------------",
                "[INFO] Reactor Build Order:",
                "[INFO] Building Event contracts 0.1.0-SNAPSHOT                                  [1/3]",
                "[INFO]   from event-contracts/pom.xml"));
        for (int i = 1; i <= 120; i++) {
            maven.add("[INFO] Downloading from central: https://repo.example/a" + i + ".jar");
            maven.add("[INFO] Downloaded from central: https://repo.example/a" + i + ".jar (1 kB at 9 kB/s)");
        }
        maven.addAll(List.of(
                "[INFO] Building Service support 0.1.0-SNAPSHOT                                 [2/3]",
                "[INFO] Building Handover service 0.1.0-SNAPSHOT                               [3/3]",
                "[ERROR] Failed to execute goal on project handover-service: boom",
                "[INFO] BUILD FAILURE"));
        Path input = dir.resolve("maven.out");
        Files.write(input, maven, StandardCharsets.UTF_8);
        Path log = dir.resolve("logs/build.log");

        Process filter = new ProcessBuilder(script().toString(), log.toString())
                .redirectInput(input.toFile()).redirectErrorStream(true).start();
        List<String> printed = new String(filter.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
                .lines().map(line -> line.replaceFirst("^\\s+\\d+ s ", "<t>")).toList();

        assertThat(filter.waitFor()).isZero();
        assertThat(printed).containsExactly(
                "<t> [1/3]    Event contracts",
                "<t>          50 artifacts downloaded so far",
                "<t>          100 artifacts downloaded so far",
                "<t> [2/3]    Service support",
                "<t> [3/3]    Handover service",
                "[ERROR] Failed to execute goal on project handover-service: boom",
                "<t> BUILD FAILURE (120 artifacts downloaded)");
        assertThat(Files.readAllLines(log, StandardCharsets.UTF_8)).isEqualTo(maven);
    }

    private static Path script() {
        // the module's directory when Maven runs the test; the repository root otherwise
        for (Path candidate : List.of(Path.of("build-progress"), Path.of("tools/local-stack/build-progress"))) {
            if (Files.isExecutable(candidate)) {
                return candidate.toAbsolutePath();
            }
        }
        throw new IllegalStateException("tools/local-stack/build-progress not found from " + Path.of("").toAbsolutePath());
    }
}
