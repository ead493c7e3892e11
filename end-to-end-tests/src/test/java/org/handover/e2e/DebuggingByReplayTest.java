package org.handover.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.handover.emulator.JournalEntry;
import org.handover.emulator.MessengerEmulator;
import org.handover.replay.ReplayTool;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Debugging by replay on the running system: a conversation played through the stack (the emulator as Meta) shows
 * every step in the replay tool's timeline, and a replay of it through shadow services decides what today's code
 * decides (the same with the same settings, differently with handover off) without a single call reaching Meta.
 */
@ExtendWith(StackExtension.class)
class DebuggingByReplayTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SECRET_WORDS = "my parcel 2231 never came";

    private final E2eStack stack;
    private final MessengerEmulator meta;
    private final Conversations conversations;
    private String psid;
    private Instant from;
    private JsonNode page;

    DebuggingByReplayTest(E2eStack stack) {
        this.stack = stack;
        this.meta = stack.emulator();
        this.conversations = new Conversations(stack);
    }

    @BeforeEach
    void aHandoverPlayedThroughTheStack() {
        conversations.activateDemoPage();
        page = conversations.settings(World.DEMO_PAGE);
        psid = Conversations.newUser();
        from = Instant.now().minusSeconds(1);

        meta.user(World.DEMO_PAGE, psid).says(SECRET_WORDS);
        conversations.awaitBotSays(psid, page.path("questionText").asText());
        meta.user(World.DEMO_PAGE, psid).taps(page.path("acceptTitle").asText());
        conversations.awaitBotSays(psid, page.path("confirmationText").asText());
        conversations.awaitOwner(psid, World.INBOX);
        String standby = meta.user(World.DEMO_PAGE, psid).says("hello?");
        conversations.awaitProcessed(standby);
        meta.agent(World.DEMO_PAGE).marksDone(psid);
        conversations.awaitOwner(psid, World.OUR_APP);
        conversations.awaitBotSays(psid, page.path("botIsBackText").asText());
        awaitRecordingComplete();
    }

    /**
     * Waits until the conversation is fully recorded, so that a window cut now holds all of it and only it.
     * {@code awaitBotSays} sees the Send API call; the echo of that message reaches the raw topic a moment later (the
     * emulator delivers it after answering), and bot-service publishes its outbound result after the call returned.
     * Cut before, the window would leave the echo outside and the result half-recorded, and the recorded side would
     * hold a different slice from the one a replay is fed. An echo's last trace is its classification in the timeline
     * ({@code inbound}, by its event id: routing-service publishes it after reading the raw event): handover-service
     * applies our own echo, an inert event, without a {@code processed_event} row.
     */
    private void awaitRecordingComplete() {
        Set<String> echoes = conversations.botSends(psid).stream().filter(JournalEntry::ok)
                .map(e -> e.detail("messageId")).collect(Collectors.toSet());
        await("the echo of every message the bot sent to " + psid + " classified").atMost(Conversations.STEP)
                .pollInterval(Duration.ofMillis(500)).until(() -> timeline(Instant.now()).stream()
                        .filter(e -> "inbound".equals(e.path("stage").asText()))
                        .map(e -> e.path("eventId").asText()).collect(Collectors.toSet()).containsAll(echoes));
        await("an outbound result for every reply order to " + psid).atMost(Conversations.STEP)
                .pollInterval(Duration.ofMillis(500)).until(() -> {
                    List<JsonNode> entries = timeline(Instant.now());
                    return summaries(entries, "decision").stream().filter(s -> s.startsWith("order ")).count()
                            == summaries(entries, "outbound").size();
                });
    }

    @Test
    void theTimelineShowsEveryStepFromWhatMetaSentToWhatWasSent() throws IOException {
        Run run = tool("timeline", "--bootstrap-servers", stack.bootstrapServers(), "--page", World.DEMO_PAGE,
                "--psid", psid, "--from", from.toString(), "--to", Instant.now().toString(), "--json");

        assertThat(run.exitCode()).as(run.err()).isZero();
        // The words themselves, not their number alone: "2231" also turns up in random request ids and timestamps (a
        // fresh-clone run failed on a request id ...-1222316851d4).
        assertThat(run.out()).as("the user's words are hidden by default").doesNotContain(SECRET_WORDS)
                .doesNotContain("parcel");
        List<JsonNode> entries = run.out().lines().map(DebuggingByReplayTest::json).toList();
        List<String> steps = entries.stream().map(e -> e.path("stage").asText() + " " + e.path("summary").asText())
                .toList();
        System.out.println("---- timeline of " + psid + "\n" + String.join("\n", steps));

        assertThat(summaries(entries, "raw")).anyMatch(s -> s.startsWith("messaging text message: [25 characters"))
                .anyMatch(s -> s.startsWith("messaging quick reply tap"))
                .anyMatch(s -> s.startsWith("standby text message"))
                .anyMatch(s -> s.startsWith("messaging pass_thread_control, new owner " + World.OUR_APP));
        assertThat(summaries(entries, "inbound")).anyMatch(s -> s.startsWith("FREE_TEXT"))
                .anyMatch(s -> s.startsWith("GUIDED")).anyMatch(s -> s.startsWith("STANDBY"))
                .anyMatch(s -> s.startsWith("HANDOVER_SIGNAL"));
        assertThat(summaries(entries, "decision")).anyMatch(s -> s.startsWith("order ASK_HANDOVER"))
                .anyMatch(s -> s.startsWith("order CONFIRM_HANDOVER"))
                .anyMatch(s -> s.startsWith("control: BOT -> AGENT (app " + World.INBOX + ")"))
                .anyMatch(s -> s.startsWith("control: AGENT -> BOT"))
                .anyMatch(s -> s.startsWith("order BOT_IS_BACK"));
        assertThat(summaries(entries, "control")).anyMatch(s -> s.startsWith("owner AGENT"))
                .anyMatch(s -> s.startsWith("owner BOT"));
        assertThat(summaries(entries, "outbound")).anyMatch(s -> s.startsWith("SENT ASK_HANDOVER"))
                .anyMatch(s -> s.startsWith("SENT CONFIRM_HANDOVER")).anyMatch(s -> s.startsWith("SENT BOT_IS_BACK"));
        // cause before effect: the free text, its classification, the question ordered, the question sent
        assertThat(steps).containsSubsequence(
                steps.stream().filter(s -> s.startsWith("raw messaging text message")).findFirst().orElseThrow(),
                steps.stream().filter(s -> s.startsWith("inbound FREE_TEXT")).findFirst().orElseThrow(),
                steps.stream().filter(s -> s.startsWith("decision order ASK_HANDOVER")).findFirst().orElseThrow(),
                steps.stream().filter(s -> s.startsWith("outbound SENT ASK_HANDOVER")).findFirst().orElseThrow());

        Run text = tool("timeline", "--bootstrap-servers", stack.bootstrapServers(), "--page", World.DEMO_PAGE,
                "--psid", psid, "--from", from.toString(), "--show-text");
        assertThat(text.exitCode()).isZero();
        assertThat(text.out()).contains("messaging text message: " + SECRET_WORDS).contains("outbound")
                .containsPattern("\\d+ records, \\d+ read to find them");
    }

    @Test
    void aReplayWithTheSameSettingsDecidesTheSameAndOneWithHandoverOffDecidesDifferentlyNeitherCallingMeta()
            throws IOException {
        Instant to = Instant.now();
        Path work = stack.root().resolve("end-to-end-tests/target/replay-work");
        Path settings = Files.createDirectories(work).resolve("settings-" + psid + ".json");
        Files.writeString(settings, page.toString());
        Path catalog = work.resolve("catalog-" + psid + ".json");
        Files.writeString(catalog, stack.admin("GET", "bot-service", "/admin/catalogs/" + World.DEMO_PAGE, null)
                .body().toString());
        long before = meta.journal().lastSeq();

        Run same = replay(to, work, "same-" + psid, "--settings", settings.toString(), "--catalog",
                catalog.toString());
        Run off = replay(to, work, "off-" + psid, "--handover", "off", "--catalog", catalog.toString());

        assertThat(meta.journal().since(before)).as("nothing reached Meta during the replays")
                .noneMatch(e -> e.type() == JournalEntry.Type.SEND_API || e.type() == JournalEntry.Type.THREAD_CONTROL);

        JsonNode sameResult = json(same.out().lines().reduce((a, b) -> b).orElseThrow());
        System.out.println("---- replay with the recorded settings\n" + sameResult.toPrettyString());
        assertThat(sameResult.path("sentInShadow").asLong()).isZero();
        long rawEvents = countsByStage(to).get("raw");
        assertThat(sameResult.path("steps")).hasSize((int) rawEvents);
        assertThat(sameResult.path("differences").asLong()).as(sameResult.toPrettyString()).isZero();

        JsonNode offResult = json(off.out().lines().reduce((a, b) -> b).orElseThrow());
        System.out.println("---- replay with handover off\n" + offResult.toPrettyString());
        assertThat(offResult.path("sentInShadow").asLong()).isZero();
        JsonNode first = offResult.path("steps").path(0);
        assertThat(first.path("same").asBoolean()).isFalse();
        assertThat(texts(first.path("recorded"))).contains("order ASK_HANDOVER", "sent ASK_HANDOVER");
        assertThat(texts(first.path("replayed"))).doesNotContain("order ASK_HANDOVER")
                .anyMatch(s -> s.startsWith("order "));
        assertThat(offResult.path("differences").asLong()).isGreaterThanOrEqualTo(1);

        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                stack.bootstrapServers()))) {
            Set<String> topics = admin.listTopics().names().get();
            assertThat(topics).as("the replays' topics are removed").noneMatch(t -> t.contains(psid));
        } catch (InterruptedException | java.util.concurrent.ExecutionException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void writingIntoTheProductionTopicsNeedsTheFlagAndTheServicesAbsorbTheDuplicates() {
        Run refused = tool("replay", "--bootstrap-servers", stack.bootstrapServers(), "--page", World.DEMO_PAGE,
                "--psid", psid, "--from", from.toString(), "--namespace", "", "--handover", "off",
                "--app-id", World.OUR_APP);
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err()).contains("--namespace");
        Map<String, Long> before = countsByStage();
        int sendsBefore = conversations.botSends(psid).size();

        Run into = tool("replay", "--bootstrap-servers", stack.bootstrapServers(), "--page", World.DEMO_PAGE,
                "--psid", psid, "--from", from.toString(), "--into-production");

        assertThat(into.exitCode()).as(into.err()).isZero();
        java.util.regex.Matcher wrote = java.util.regex.Pattern.compile("Wrote (\\d+) raw events").matcher(into.out());
        assertThat(wrote.find()).as(into.out()).isTrue();
        long written = Long.parseLong(wrote.group(1));
        assertThat(written).isEqualTo(before.get("raw"));
        // every event goes through the production services again; their dedupe absorbs all of them
        await("the copies classified").atMost(Conversations.STEP)
                .until(() -> countsByStage().getOrDefault("inbound", 0L) == 2 * before.get("inbound"));
        // and nothing follows: no decision, no outbound result, no message, for a while after
        await("no decision nor message after the copies").during(Duration.ofSeconds(3))
                .atMost(Duration.ofSeconds(3).plus(Conversations.STEP)).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    Map<String, Long> after = countsByStage();
                    assertThat(after.get("raw")).isEqualTo(before.get("raw") + written);
                    assertThat(after.get("decision")).isEqualTo(before.get("decision"));
                    assertThat(after.get("outbound")).isEqualTo(before.get("outbound"));
                    assertThat(conversations.botSends(psid)).hasSize(sendsBefore);
                });
    }

    private Map<String, Long> countsByStage() {
        return countsByStage(Instant.now());
    }

    private Map<String, Long> countsByStage(Instant to) {
        return timeline(to).stream()
                .collect(Collectors.groupingBy(e -> e.path("stage").asText(), Collectors.counting()));
    }

    /** The conversation's timeline from the start of the test's conversation to {@code to}, as JSON entries. */
    private List<JsonNode> timeline(Instant to) {
        Run run = tool("timeline", "--bootstrap-servers", stack.bootstrapServers(), "--page", World.DEMO_PAGE,
                "--psid", psid, "--from", from.toString(), "--to", to.toString(), "--json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        return run.out().lines().map(DebuggingByReplayTest::json).toList();
    }

    private Run replay(Instant to, Path work, String namespace, String... extra) {
        List<String> args = new ArrayList<>(List.of("replay", "--bootstrap-servers", stack.bootstrapServers(),
                "--page", World.DEMO_PAGE, "--psid", psid, "--from", from.toString(), "--to", to.toString(),
                "--namespace", namespace, "--app-id", World.OUR_APP, "--repo-root", stack.root().toString(),
                "--work-dir", work.resolve(namespace).toString(), "--replication-factor", "1", "--settle-ms", "700",
                "--json"));
        args.addAll(List.of(extra));
        Run run = tool(args.toArray(String[]::new));
        assertThat(run.exitCode()).as(run.err() + run.out()).isZero();
        return run;
    }

    private static List<String> summaries(List<JsonNode> entries, String stage) {
        return entries.stream().filter(e -> stage.equals(e.path("stage").asText()))
                .map(e -> e.path("summary").asText()).toList();
    }

    private static List<String> texts(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }

    private static JsonNode json(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + line, e);
        }
    }

    private static Run tool(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            code = ReplayTool.run(o, e, args);
        }
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private record Run(int exitCode, String out, String err) {
    }
}
