package org.handover.e2e;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.handover.emulator.JournalEntry;
import org.handover.emulator.MessengerEmulator;
import org.handover.emulator.TranscriptLine;

/**
 * What the end-to-end tests read and wait for: the page's texts as handover-service and bot-service hold them (never
 * copied into the tests), the bot's messages and the thread's owner as Meta (the emulator) saw them.
 */
final class Conversations {

    /** How long one step of a conversation may take through the whole system on a slow machine. */
    static final Duration STEP = Duration.ofSeconds(30);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicLong NEXT_USER = new AtomicLong(System.currentTimeMillis() % 1_000_000 * 1000);

    private final E2eStack stack;
    private final MessengerEmulator meta;
    private final DemoPage demo;
    private final JsonNode catalog;

    /** The legacy roles demo page's conversations. */
    Conversations(E2eStack stack) {
        this(stack, DemoPage.LEGACY);
    }

    /** The conversations of one of the demo pages. */
    Conversations(E2eStack stack, DemoPage demo) {
        this.stack = stack;
        this.meta = stack.emulator();
        this.demo = demo;
        try {
            this.catalog = JSON.readTree(demo.catalogFile(
                    Path.of(System.getProperty(StackExtension.ROOT_PROPERTY, ".."))).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the demo catalog", e);
        }
    }

    /** The demo page these conversations are on. */
    DemoPage demo() {
        return demo;
    }

    /** Its page id. */
    String pageId() {
        return demo.id();
    }

    /** A user id never used before in this run (numeric, like a real PSID). */
    static String newUser() {
        return Long.toString(7_000_000_000_000L + NEXT_USER.incrementAndGet());
    }

    /**
     * Activates the handover protocol for the demo page (idempotent); fails the test when refused. The Conversation
     * Routing page gets its setup kind and texts of its own first (saving the same settings again changes nothing).
     */
    void activateDemoPage() {
        if (demo.routing()) {
            Map<String, Object> body = settingsBody(settings(World.DEMO_PAGE), "MESSENGER", demo.setupKind());
            body.put("questionText", "Shall a bookseller take over?");
            body.put("acceptTitle", "Yes, a bookseller");
            body.put("rejectTitle", "No, stay here");
            body.put("confirmationText", "A bookseller from Harbour Books will answer you here shortly.");
            body.put("stayWithBotText", "Fine, the Harbour Books bot carries on.");
            body.put("botIsBackText", "The Harbour Books bot is back. Ask me anything.");
            E2eStack.Response saved = stack.admin("PUT", "handover-service",
                    "/admin/pages/" + demo.id() + "/settings", body);
            if (saved.status() != 200) {
                throw new AssertionError("settings of the Conversation Routing demo page refused: " + saved);
            }
        }
        E2eStack.Response response = stack.admin("POST", "handover-service",
                "/admin/pages/" + demo.id() + "/activate", null);
        if (response.status() != 200) {
            throw new AssertionError("activation of the demo page " + demo.id() + " failed: " + response);
        }
    }

    /** The demo page's settings as handover-service holds them (texts of the question, answers, confirmation). */
    JsonNode settings(String pageId) {
        return stack.admin("GET", "handover-service", "/admin/pages/" + pageId + "/settings", null).body();
    }

    /** handover-service's view of a conversation: owner, epoch, transitions. */
    JsonNode history(String pageId, String psid) {
        return stack.admin("GET", "handover-service", "/admin/pages/" + pageId + "/conversations/" + psid
                + "/history", null).body();
    }

    /** The catalog's text for a guided payload (the welcome or an answer). */
    String answerText(String payload) {
        if (catalog.path("welcome").path("payload").asText().equals(payload)) {
            return catalog.path("welcome").path("text").asText();
        }
        for (JsonNode answer : catalog.path("answers")) {
            if (answer.path("payload").asText().equals(payload)) {
                return answer.path("text").asText();
            }
        }
        throw new IllegalArgumentException("no answer " + payload + " in the demo catalog");
    }

    /** Every Send API call our app made in this conversation (sent or refused), oldest first. */
    List<JournalEntry> botSends(String psid) {
        return meta.journal().select(e -> e.type() == JournalEntry.Type.SEND_API && World.OUR_APP.equals(e.appId())
                && demo.id().equals(e.pageId()) && psid.equals(e.psid()));
    }

    /** Texts our app sent successfully in this conversation, oldest first. */
    List<String> botTexts(String psid) {
        return botSends(psid).stream().filter(JournalEntry::ok).map(e -> e.detail("text")).toList();
    }

    /** Waits until the bot has sent {@code text} in this conversation; returns that journal entry. */
    JournalEntry awaitBotSays(String psid, String text) {
        return awaitEntry("the bot to send \"" + text + "\" to " + psid,
                e -> e.type() == JournalEntry.Type.SEND_API && e.ok() && World.OUR_APP.equals(e.appId())
                        && demo.id().equals(e.pageId()) && psid.equals(e.psid()) && text.equals(e.detail("text")));
    }

    /** Waits until {@code appId} owns the thread on Meta's side. */
    void awaitOwner(String psid, String appId) {
        await("owner of " + psid + " to be " + appId).atMost(STEP).pollInterval(Duration.ofMillis(50))
                .until(() -> appId.equals(meta.platform().owner(demo.id(), psid)));
    }

    /** Waits until handover-service has processed the event with this id (a message id). */
    void awaitProcessed(String eventId) {
        await("handover-service to process " + eventId).atMost(STEP).pollInterval(Duration.ofMillis(100))
                .until(() -> stack.processedEvents(java.util.Set.of(eventId)).contains(eventId));
    }

    /** Waits for a journal entry. */
    JournalEntry awaitEntry(String what, Predicate<JournalEntry> match) {
        return await(what).atMost(STEP).pollInterval(Duration.ofMillis(50))
                .until(() -> meta.journal().select(match).stream().findFirst().orElse(null),
                        java.util.Objects::nonNull);
    }

    /** The events of a webhook journal entry ({@code id}, {@code kind}, {@code channel}, {@code pageId}, {@code psid}). */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> events(JournalEntry webhook) {
        Object events = webhook.details() == null ? null : webhook.details().get("events");
        return events instanceof List<?> list ? (List<Map<String, Object>>) list : List.of();
    }

    /** Whether a webhook journal entry carries the event {@code id} in {@code channel}. */
    static boolean carries(JournalEntry webhook, String id, String channel) {
        return events(webhook).stream().anyMatch(e -> id.equals(e.get("id")) && channel.equals(e.get("channel")));
    }

    /** Thread-control calls ({@code pass_thread_control}, ...) our app made in this conversation. */
    List<JournalEntry> threadControlCalls(String psid, String call) {
        return meta.journal().select(e -> e.type() == JournalEntry.Type.THREAD_CONTROL && psid.equals(e.psid())
                && demo.id().equals(e.pageId()) && World.OUR_APP.equals(e.appId()) && call.equals(e.action()));
    }

    /** The conversation as a person reads it, for failure messages and the test log. */
    String transcript(String psid) {
        return meta.transcript(demo.id(), psid).stream().map(TranscriptLine::render)
                .collect(Collectors.joining("\n"));
    }

    /** A full settings body for {@code PUT /admin/pages/{id}/settings}: the demo page's texts, given kind. */
    Map<String, Object> settingsBody(String channel, String setupKind) {
        return settingsBody(settings(World.DEMO_PAGE), channel, setupKind);
    }

    private static Map<String, Object> settingsBody(JsonNode demo, String channel, String setupKind) {
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("channel", channel);
        body.put("setupKind", setupKind);
        body.put("targetAppId", World.INBOX);
        for (String field : List.of("questionText", "acceptTitle", "rejectTitle", "confirmationText",
                "stayWithBotText", "botIsBackText")) {
            body.put(field, demo.path(field).asText());
        }
        body.put("honourInboxRequests", true);
        body.put("idleTimeoutMinutes", null);
        return body;
    }
}
