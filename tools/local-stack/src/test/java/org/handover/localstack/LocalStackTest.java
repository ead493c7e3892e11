package org.handover.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.handover.emulator.MessengerEmulator;
import org.handover.emulator.TranscriptLine;
import org.handover.harness.FreePorts;
import org.handover.harness.ServiceDefinition;
import org.handover.harness.ServiceProcess;
import org.handover.harness.Services;
import org.handover.localstack.client.EmulatorClient;
import org.handover.localstack.client.HandoverAdminClient;
import org.handover.localstack.command.DemoCommand;
import org.handover.localstack.command.StackEndpoints;
import org.handover.localstack.command.RestartCommand;
import org.handover.localstack.command.StackRun;
import org.handover.localstack.component.Components;
import org.handover.localstack.component.LocalWorld;
import org.handover.localstack.config.StackConfig;
import org.handover.localstack.state.StateFolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the real {@code up} path (the emulator in this JVM, embedded KRaft broker, embedded PostgreSQL, the four
 * service jars as child processes) in a temporary state folder on free ports, plays the demo story through it with
 * the code {@code stack demo} runs, and checks that stopping it leaves nothing behind.
 *
 * <p>Needs every service's {@code target/quarkus-app/quarkus-run.jar}: a full {@code ./mvnw verify} builds them
 * before this module; run alone, build them first ({@code ./mvnw install -DskipTests}).
 */
class LocalStackTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    // the demo page's settings are the defaults, and its catalog is bot-service's demo catalog
    private static final String QUESTION = "I could not find an answer to that. Would you like to talk to a person?";
    private static final String DELIVERY = "We deliver in 2-3 working days. Delivery is free from 50 EUR, otherwise "
            + "4.90 EUR. Bikes are delivered fully assembled.";
    private static final String OPENING_HOURS = "Our shop at 12 Market Street is open Monday to Friday 9:00-18:00 "
            + "and Saturday 10:00-16:00. We are closed on Sundays and public holidays.";

    @TempDir
    Path stateDir;

    @Test
    void upMakesEveryServiceReadyPlaysTheDemoAndStopLeavesNoProcessOrPortBehind() throws Exception {
        Path root = repositoryRoot();
        List<Path> missing = Services.ALL.stream()
                .map(service -> service.jar(root))
                .filter(jar -> !Files.isRegularFile(jar))
                .toList();
        assertThat(missing)
                .withFailMessage("Missing service jar(s) %s: build them first with `./mvnw install -DskipTests` "
                        + "(a full `./mvnw verify` builds them before this module)", missing)
                .isEmpty();

        Map<String, String> environment = environmentOnFreePorts();
        StackConfig config = StackConfig.fromEnvironment(root, environment, List.of());
        assertThat(config.emulator()).as("the emulator is on by default").isTrue();
        List<ProcessHandle> started = new ArrayList<>();
        StackRun stack = new StackRun(config, System.out, System.err);
        try {
            stack.start();
            stack.services().stream().map(ServiceProcess::handle).forEach(started::add);
            started.add(stack.postmaster().orElseThrow());
            assertThat(stack.services()).extracting(ServiceProcess::name)
                    .containsExactlyElementsOf(Services.ALL.stream().map(ServiceDefinition::name).toList());
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

            MessengerEmulator emulator = stack.emulator().orElseThrow();
            assertThat(emulator.port()).isEqualTo(config.emulatorPort());
            // what `stack demo` and `stack chat` find: the emulator and handover-service of the recorded stack
            StackEndpoints endpoints = StackEndpoints.find(root, environment);
            assertThat(endpoints.fromState()).isTrue();
            assertThat(endpoints.emulator()).isEqualTo(emulator.baseUrl());
            assertThat(endpoints.handover()).isEqualTo(URI.create("http://localhost:" + config.port("handover-service")));
            assertThat(get(URI.create(emulator.baseUrl() + "/_emulator/health"), null).statusCode()).isEqualTo(200);
            HttpResponse<String> settings = get(URI.create(endpoints.handover() + "/admin/pages/"
                    + LocalWorld.DEMO_PAGE_ID + "/settings"), endpoints.adminToken());
            assertThat(settings.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(settings.body()).path("handoverActive").asBoolean())
                    .as("handover activated for the demo page by the launcher").isTrue();
            assertThat(JSON.readTree(settings.body()).path("setupKind").asText())
                    .as("the demo page uses Conversation Routing, as the emulator plays it").isEqualTo(
                            "CONVERSATION_ROUTING");
            assertThat(emulator.platform().setup(LocalWorld.DEMO_PAGE_ID))
                    .isEqualTo(new org.handover.emulator.PageSetup.ConversationRouting("220000000000002"));

            ByteArrayOutputStream printed = new ByteArrayOutputStream();
            DemoCommand demo = new DemoCommand(new EmulatorClient(endpoints.emulator()),
                    new HandoverAdminClient(endpoints.handover(), endpoints.adminToken()), LocalWorld.DEMO_PAGE_ID,
                    DemoCommand.STEP_TIMEOUT, new PrintStream(printed, true, StandardCharsets.UTF_8));
            int code = demo.run();
            String output = printed.toString(StandardCharsets.UTF_8);
            System.out.println(output);
            assertThat(code).as("demo exit code; its output:%n%s", output).isZero();
            assertThat(output).contains("Demo played: 11 steps");
            assertThat(emulator.transcript(LocalWorld.DEMO_PAGE_ID, demo.psid()))
                    .extracting(TranscriptLine::speaker, TranscriptLine::text)
                    .containsSubsequence(
                            tuple("user", "[presses] Get Started"),
                            tuple("bot", "Hi! Welcome to Corner Bikes. What can we help you with?"),
                            tuple("user", "Can I rent a tandem for the weekend?"),
                            tuple("bot", QUESTION),
                            tuple("user", "[taps] No, thanks"),
                            tuple("bot", "No problem, I am still here. Choose one of the options or ask me again."),
                            tuple("user", "Delivery"),
                            tuple("bot", DELIVERY),
                            tuple("bot", QUESTION),
                            tuple("user", "[taps] Yes, an agent"),
                            tuple("bot", "Alright, a person from our team will answer you here shortly."),
                            tuple("control", "thread owner: Bot -> Page Inbox (pass_thread_control)"),
                            tuple("user", "Is it dangerous to ride it like that?"),
                            tuple("agent", "Hi, Sam from the workshop here. It is safe; bring it in and we adjust "
                                    + "the brakes for free."),
                            tuple("control", "agent marks the conversation done"),
                            tuple("control", "thread owner: Page Inbox -> Bot (pass_thread_control)"),
                            tuple("bot", "Our team has finished. I am back: ask me anything."),
                            tuple("user", "[presses] Opening hours"),
                            tuple("bot", OPENING_HOURS));
            // the bot said nothing while the agent held the thread
            List<TranscriptLine> lines = emulator.transcript(LocalWorld.DEMO_PAGE_ID, demo.psid());
            int passed = indexOf(lines, "thread owner: Bot -> Page Inbox (pass_thread_control)");
            int back = indexOf(lines, "thread owner: Page Inbox -> Bot (pass_thread_control)");
            assertThat(lines.subList(passed, back)).extracting(TranscriptLine::speaker).doesNotContain("bot");
            assertThat(emulator.journal().sendsWithoutControl("220000000000002"))
                    .as("Send API calls of our app without control of the thread").isEmpty();

            // a crashed service comes back with `stack restart`, from another "terminal", on the same port
            ServiceProcess crashed = service(stack, "routing-service");
            crashed.kill();
            await().atMost(Duration.ofSeconds(10)).until(() -> !crashed.isAlive());
            ByteArrayOutputStream restartOutput = new ByteArrayOutputStream();
            int restarted = new RestartCommand(new StateFolder(stateDir), "routing-service", Duration.ofSeconds(240),
                    new PrintStream(restartOutput, true, StandardCharsets.UTF_8)).run();
            String restartText = restartOutput.toString(StandardCharsets.UTF_8);
            assertThat(restarted).as("restart exit code; its output:%n%s", restartText).isZero();
            ServiceProcess again = service(stack, "routing-service");
            started.add(again.handle());
            assertThat(again.pid()).isNotEqualTo(crashed.pid());
            assertThat(again.port()).isEqualTo(crashed.port());
            assertThat(restartText).contains("Ready: routing-service (pid " + again.pid() + ")");
            assertThat(HTTP.send(HttpRequest.newBuilder(again.readinessUri()).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
            assertThat(new StateFolder(stateDir).readState().orElseThrow().process("routing-service").orElseThrow()
                    .pid()).as("the state file names the new process").isEqualTo(again.pid());
        } finally {
            stack.close();
        }

        assertThat(started).hasSize(Services.ALL.size() + 2);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(started).as("processes of the stack").noneMatch(ProcessHandle::isAlive));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(busy(config.listeningPorts().keySet())).as("ports still in use").isEmpty());
        assertThat(stateDir.resolve("stack.properties")).doesNotExist();
        assertThat(stateDir.resolve("logs")).isDirectoryContaining("glob:**/handover-service.log");
    }

    private Map<String, String> environmentOnFreePorts() {
        Map<String, String> env = new HashMap<>();
        env.put(StackConfig.STATE_DIR_ENV, stateDir.toString());
        List<String> portVariables = new ArrayList<>(List.of(StackConfig.KAFKA_PORT_ENV,
                StackConfig.KAFKA_CONTROLLER_PORT_ENV, StackConfig.POSTGRES_PORT_ENV, Components.EMULATOR_PORT_ENV));
        Services.ALL.forEach(service -> portVariables.add(service.portEnv()));
        FreePorts.pick(portVariables).forEach((variable, port) -> env.put(variable, Integer.toString(port)));
        // below the test's own time budget, so that a stuck service fails with its log rather than a timeout
        env.put(StackConfig.READY_TIMEOUT_ENV, "240");
        return env;
    }

    private static int indexOf(List<TranscriptLine> lines, String text) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).text().equals(text)) {
                return i;
            }
        }
        throw new AssertionError("no line '" + text + "' in " + lines);
    }

    private static HttpResponse<String> get(URI uri, String bearer) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
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
            if (!FreePorts.isFree(port)) {
                busy.add(port);
            }
        }
        return busy;
    }

    static Path repositoryRoot() {
        // set by the module's surefire configuration; the fallback is the module folder as working directory
        return Path.of(System.getProperty(LocalStack.ROOT_PROPERTY, "../..")).toAbsolutePath().normalize();
    }

    private static ServiceProcess service(StackRun stack, String name) {
        return stack.services().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }
}
