package org.handover.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.handover.localstack.command.StackRun;
import org.handover.localstack.component.Components;
import org.handover.localstack.component.ServiceDefinition;
import org.handover.localstack.config.StackConfig;
import org.handover.localstack.process.ServiceProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the real {@code up} path (embedded KRaft broker, embedded PostgreSQL, the four service jars as child
 * processes) in a temporary state folder on free ports, and checks that stopping it leaves nothing behind.
 *
 * <p>Needs every service's {@code target/quarkus-app/quarkus-run.jar}: a full {@code ./mvnw verify} builds them
 * before this module; run alone, build them first ({@code ./mvnw install -DskipTests}).
 */
class LocalStackTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    Path stateDir;

    @Test
    void upMakesEveryServiceReadyAndStopLeavesNoProcessOrPortBehind() throws Exception {
        Path root = repositoryRoot();
        List<Path> missing = Components.SERVICES.stream()
                .map(service -> service.jar(root))
                .filter(jar -> !Files.isRegularFile(jar))
                .toList();
        assertThat(missing)
                .withFailMessage("Missing service jar(s) %s: build them first with `./mvnw install -DskipTests` "
                        + "(a full `./mvnw verify` builds them before this module)", missing)
                .isEmpty();

        StackConfig config = StackConfig.fromEnvironment(root, environmentOnFreePorts(), List.of());
        List<ProcessHandle> started = new ArrayList<>();
        StackRun stack = new StackRun(config, System.out, System.err);
        try {
            stack.start();
            stack.services().stream().map(ServiceProcess::handle).forEach(started::add);
            started.add(stack.postmaster().orElseThrow());
            assertThat(stack.services()).extracting(ServiceProcess::name)
                    .containsExactlyElementsOf(Components.SERVICES.stream().map(ServiceDefinition::name).toList());
            assertThat(stateDir.resolve("stack.properties")).exists();

            for (ServiceProcess service : stack.services()) {
                HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(service.readinessUri()).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(response.statusCode()).as("readiness of %s", service.name()).isEqualTo(200);
                JsonNode health = JSON.readTree(response.body());
                assertThat(health.path("status").asText()).as("readiness of %s", service.name()).isEqualTo("UP");
                assertThat(checkStatus(health, "Kafka connection health check"))
                        .as("Kafka check of %s", service.name()).isEqualTo("UP");
                if (service.name().equals("handover-service")) {
                    assertThat(checkStatus(health, "Database connections health check"))
                            .as("database check of handover-service").isEqualTo("UP");
                }
            }
        } finally {
            stack.close();
        }

        assertThat(started).hasSize(Components.SERVICES.size() + 1);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(started).as("processes of the stack").noneMatch(ProcessHandle::isAlive));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(busy(config.listeningPorts().keySet())).as("ports still in use").isEmpty());
        assertThat(stateDir.resolve("stack.properties")).doesNotExist();
        assertThat(stateDir.resolve("logs")).isDirectoryContaining("glob:**/handover-service.log");
    }

    private Map<String, String> environmentOnFreePorts() throws IOException {
        Map<String, String> env = new HashMap<>();
        env.put(StackConfig.STATE_DIR_ENV, stateDir.toString());
        List<String> portVariables = new ArrayList<>(List.of(StackConfig.KAFKA_PORT_ENV,
                StackConfig.KAFKA_CONTROLLER_PORT_ENV, StackConfig.POSTGRES_PORT_ENV));
        Components.SERVICES.forEach(service -> portVariables.add(service.portEnv()));
        List<ServerSocket> held = new ArrayList<>();
        try {
            // all held open together, so that no two variables get the same port
            for (String variable : portVariables) {
                ServerSocket socket = new ServerSocket(0);
                held.add(socket);
                env.put(variable, Integer.toString(socket.getLocalPort()));
            }
        } finally {
            for (ServerSocket socket : held) {
                socket.close();
            }
        }
        // below the test's own time budget, so that a stuck service fails with its log rather than a timeout
        env.put(StackConfig.READY_TIMEOUT_ENV, "240");
        return env;
    }

    private static String checkStatus(JsonNode health, String name) {
        for (JsonNode check : health.path("checks")) {
            if (check.path("name").asText().equals(name)) {
                return check.path("status").asText();
            }
        }
        return "missing from " + health;
    }

    private static List<Integer> busy(Iterable<Integer> ports) {
        List<Integer> busy = new ArrayList<>();
        for (int port : ports) {
            try (ServerSocket socket = new ServerSocket()) {
                socket.setReuseAddress(true);
                socket.bind(new InetSocketAddress(port));
            } catch (IOException e) {
                busy.add(port);
            }
        }
        return busy;
    }

    static Path repositoryRoot() {
        // set by the module's surefire configuration; the fallback is the module folder as working directory
        return Path.of(System.getProperty(LocalStack.ROOT_PROPERTY, "../..")).toAbsolutePath().normalize();
    }
}
