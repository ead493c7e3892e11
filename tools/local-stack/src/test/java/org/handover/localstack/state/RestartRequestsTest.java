package org.handover.localstack.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RestartRequestsTest {

    @TempDir
    Path dir;

    @Test
    void theLauncherSeesEachRequestOnceAndTheCommandReadsItsAnswer() throws Exception {
        Path requests = dir.resolve("requests");
        Files.createDirectories(requests);
        // left by an earlier launcher: never acted on
        Files.writeString(requests.resolve("bot-service.request"), "bot-service");
        List<String> seen = new CopyOnWriteArrayList<>();
        try (RestartRequests launcher = new RestartRequests(requests)) {
            launcher.watch(name -> {
                seen.add(name);
                launcher.answer(name, "ready: " + name + " (pid 42)");
            });
            RestartRequests command = new RestartRequests(requests);

            command.request("routing-service");

            await().atMost(Duration.ofSeconds(10))
                    .until(() -> command.result("routing-service", false).isPresent());
            assertThat(command.result("routing-service", true)).contains("ready: routing-service (pid 42)");
            assertThat(command.result("routing-service", false)).as("read once").isEmpty();
            assertThat(seen).containsExactly("routing-service");
            try (var left = Files.list(requests)) {
                assertThat(left).as("no request left behind").isEmpty();
            }
        }
    }
}
