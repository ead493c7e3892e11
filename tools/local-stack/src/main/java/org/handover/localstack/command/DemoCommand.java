package org.handover.localstack.command;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.awaitility.core.ConditionFactory;
import org.awaitility.core.ConditionTimeoutException;
import org.handover.emulator.AppSpec;
import org.handover.emulator.JournalEntry;
import org.handover.emulator.TranscriptLine;
import org.handover.harness.Waits;
import org.handover.localstack.client.EmulatorClient;
import org.handover.localstack.client.EmulatorClient.EmulatorException;
import org.handover.localstack.client.HandoverAdminClient;
import org.handover.localstack.component.LocalWorld;

/**
 * {@code stack demo}: plays the product's story against a running stack, through the emulator's control API, with a
 * new user, and checks that each step happened before the next: the bot answers guided messages, asks "Change to
 * agent?" after free text, carries on when the user says no, confirms and hands the thread to the Page Inbox when
 * the user says yes, stays silent while the agent works, and is back (and answering) once the agent marks the
 * conversation done. Prints the conversation at the end; exit code 0 when every step happened, 1 otherwise (with the
 * step that did not happen, and the conversation so far).
 *
 * <p>The question, its answers and the bot's lines around the handover are the page's own settings, read from
 * handover-service's admin API, so the demo follows a page whose admin changed them.
 */
public final class DemoCommand {

    /** How long each step may take (webhook, Kafka, three services, the Send API). */
    public static final Duration STEP_TIMEOUT = Duration.ofSeconds(20);

    private static final Duration POLL = Duration.ofMillis(200);
    // How long the bot must stay quiet, once our app got the user's message, to count as silent.
    private static final Duration SILENCE = Duration.ofSeconds(2);

    private final EmulatorClient emulator;
    private final HandoverAdminClient handover;
    private final String pageId;
    private final Duration stepTimeout;
    private final PrintStream out;
    private final String psid;
    private int step;
    private int seen;

    /**
     * @param emulator    the running emulator
     * @param handover    handover-service's admin API (for the page's settings)
     * @param pageId      the page to play on (the demo page has a catalog)
     * @param stepTimeout how long each step may take
     * @param out         where the story and the transcript are printed
     */
    public DemoCommand(EmulatorClient emulator, HandoverAdminClient handover, String pageId, Duration stepTimeout,
            PrintStream out) {
        this.emulator = emulator;
        this.handover = handover;
        this.pageId = pageId;
        this.stepTimeout = stepTimeout;
        this.out = out;
        this.psid = newPsid();
    }

    /**
     * The words of the page's handover interaction.
     *
     * @param question     the "Change to agent" question
     * @param accept       the quick reply that accepts
     * @param reject       the quick reply that rejects
     * @param confirmation sent before the thread goes to the agent
     * @param stayWithBot  sent when the user rejects
     * @param botIsBack    sent when the thread comes back to the bot; {@code null} when the page says nothing
     */
    public record Script(String question, String accept, String reject, String confirmation, String stayWithBot,
            String botIsBack) {

        /** The script of a page's settings as handover-service's admin API returns them. */
        public static Script of(JsonNode settings) {
            String botIsBack = settings.path("botIsBackText").asText(null);
            return new Script(settings.path("questionText").asText(), settings.path("acceptTitle").asText(),
                    settings.path("rejectTitle").asText(), settings.path("confirmationText").asText(),
                    settings.path("stayWithBotText").asText(),
                    botIsBack == null || botIsBack.isBlank() ? null : botIsBack);
        }
    }

    /** The user the demo plays (a new one each run). */
    public String psid() {
        return psid;
    }

    /** Checks that the stack can play the demo, plays it, prints the conversation; 0 when every step happened. */
    public int run() {
        if (!emulator.isUp()) {
            out.println("No Messenger emulator answers at " + emulator.baseUrl() + ". Start the stack first (`"
                    + "tools/local-stack/stack up`); it runs the emulator unless MESSENGER_GRAPH_BASE_URL is set or "
                    + "LOCAL_EMULATOR=off. A stack elsewhere: set EMULATOR_PORT.");
            return 1;
        }
        HandoverAdminClient.Answer settings;
        try {
            settings = handover.settings(pageId);
        } catch (IllegalStateException e) {
            out.println("Cannot read the settings of page " + pageId + ": " + e.getMessage() + ".");
            return 1;
        }
        if (!settings.ok()) {
            out.println("Cannot read the settings of page " + pageId + " from handover-service: HTTP "
                    + settings.status() + ", " + settings.error() + ".");
            return 1;
        }
        if (!settings.body().path("handoverActive").asBoolean()) {
            out.println("Handover is not active for page " + pageId + ", so the bot would never offer an agent. "
                    + "The launcher activates it when the stack starts (see its output): activate it with POST "
                    + "/admin/pages/" + pageId + "/activate on handover-service.");
            return 1;
        }
        return play(Script.of(settings.body()));
    }

    /** Plays the story with {@code script}, prints the conversation; 0 when every step happened. */
    public int play(Script script) {
        long begin = System.nanoTime();
        out.println("Demo on page " + pageId + " with a new user " + psid + " (emulator " + emulator.baseUrl()
                + "):");
        try {
            step("the user presses Get Started", () -> emulator.postback(pageId, psid, "Get Started", "GET_STARTED"),
                    expect("the bot welcomes the user with options", l -> isBot(l) && !l.quickReplies().isEmpty()));
            String option = offeredOption("Opening hours");
            step("the user taps \"" + option + "\"", () -> emulator.taps(pageId, psid, option),
                    expect("the bot answers", answerOtherThan(script)));
            step("the user writes something the bot does not know",
                    () -> emulator.says(pageId, psid, "Can I rent a tandem for the weekend?"),
                    expect("the bot asks \"" + script.question() + "\"", botSays(script.question())));
            step("the user taps \"" + script.reject() + "\"", () -> emulator.taps(pageId, psid, script.reject()),
                    expect("the bot carries on: \"" + script.stayWithBot() + "\"", botSays(script.stayWithBot())));
            step("the user types a guided option: \"Delivery\"", () -> emulator.says(pageId, psid, "Delivery"),
                    expect("the bot answers it", answerOtherThan(script)));
            step("the user writes something the bot does not know, again",
                    () -> emulator.says(pageId, psid, "My new bike makes a clicking noise when I brake."),
                    expect("the bot asks \"" + script.question() + "\"", botSays(script.question())));
            step("the user taps \"" + script.accept() + "\"", () -> emulator.taps(pageId, psid, script.accept()),
                    expect("the bot confirms: \"" + script.confirmation() + "\"", botSays(script.confirmation())),
                    expect("the thread goes to the Page Inbox", ownerBecomes(AppSpec.pageInbox().name())));
            silentStep("the user writes while the agent holds the thread",
                    () -> emulator.says(pageId, psid, "Is it dangerous to ride it like that?"));
            step("the agent replies from the Page Inbox",
                    () -> emulator.agentReplies(pageId, psid, "Hi, Sam from the workshop here. It is safe; bring it "
                            + "in and we adjust the brakes for free."),
                    expect("the agent's reply reaches the user", l -> "agent".equals(l.speaker())));
            List<Expectation> back = new ArrayList<>();
            back.add(expect("the thread comes back to the bot", ownerBecomes(LocalWorld.OUR_APP_NAME)));
            if (script.botIsBack() != null) {
                back.add(expect("the bot says it is back: \"" + script.botIsBack() + "\"",
                        botSays(script.botIsBack())));
            }
            step("the agent marks the conversation done", () -> emulator.agentMarksDone(pageId, psid),
                    back.toArray(Expectation[]::new));
            step("the user presses \"Opening hours\" in the menu",
                    () -> emulator.postback(pageId, psid, "Opening hours", "OPENING_HOURS"),
                    expect("the bot answers again", answerOtherThan(script)));
        } catch (DemoFailure | EmulatorException e) {
            out.println();
            out.println("Demo FAILED at step " + step + ": " + e.getMessage());
            printTranscript("The conversation so far");
            out.println("The services' logs are in the stack's state folder (.local-stack/logs/ by default).");
            return 1;
        }
        out.println();
        out.printf(Locale.ROOT, "Demo played: %d steps in %.1f s.%n", step, (System.nanoTime() - begin) / 1e9);
        printTranscript("The conversation, as the user and the agent saw it");
        return 0;
    }

    // ---- steps ----

    private record Expectation(String what, Predicate<TranscriptLine> match) {
    }

    private static Expectation expect(String what, Predicate<TranscriptLine> match) {
        return new Expectation(what, match);
    }

    /** Does {@code action}, then waits for each expected line, in order, after what the previous steps saw. */
    private void step(String description, Runnable action, Expectation... expectations) {
        step++;
        long begin = System.nanoTime();
        out.printf(Locale.ROOT, "%3d. %s%n", step, description);
        action.run();
        for (Expectation expectation : expectations) {
            awaitLine(expectation);
            out.printf(Locale.ROOT, "       ok: %s (%.1f s)%n", expectation.what(), (System.nanoTime() - begin) / 1e9);
        }
    }

    /**
     * The user writes while another app owns the thread: waits until our app got the message (in {@code standby}),
     * then for {@link #SILENCE}, and fails if the bot said anything.
     */
    private void silentStep(String description, Supplier<String> action) {
        step++;
        long begin = System.nanoTime();
        out.printf(Locale.ROOT, "%3d. %s%n", step, description);
        int before = emulator.transcript(pageId, psid).size();
        String mid = action.get();
        awaitDelivered(mid);
        List<TranscriptLine> lines = new ArrayList<>();
        // fails at once when the bot speaks; holds when it stayed silent for the whole time
        waitFor(SILENCE.plus(Duration.ofSeconds(5))).during(SILENCE).until(() -> {
            lines.clear();
            lines.addAll(emulator.transcript(pageId, psid));
            for (TranscriptLine line : lines.subList(Math.min(before, lines.size()), lines.size())) {
                if (isBot(line)) {
                    throw new DemoFailure("the bot spoke while the agent held the thread: \"" + line.text() + "\"");
                }
            }
            return true;
        });
        seen = lines.size();
        out.printf(Locale.ROOT, "       ok: the bot got the message and stays silent (%.1f s)%n",
                (System.nanoTime() - begin) / 1e9);
    }

    private void awaitLine(Expectation expectation) {
        try {
            waitFor(stepTimeout).until(() -> {
                List<TranscriptLine> lines = emulator.transcript(pageId, psid);
                for (int i = seen; i < lines.size(); i++) {
                    if (expectation.match().test(lines.get(i))) {
                        seen = i + 1;
                        return true;
                    }
                }
                return false;
            });
        } catch (ConditionTimeoutException e) {
            throw new DemoFailure(expectation.what() + " did not happen within " + stepTimeout.toSeconds() + " s");
        }
    }

    /** Waits until the webhook carrying message {@code mid} was accepted by one of the external apps (ours). */
    private void awaitDelivered(String mid) {
        try {
            waitFor(stepTimeout).until(() -> delivered(mid));
        } catch (ConditionTimeoutException e) {
            throw new DemoFailure("the user's message did not reach the bot's webhook within "
                    + stepTimeout.toSeconds() + " s");
        }
    }

    /** A wait of at most {@code timeout}, polling the emulator from this thread. */
    private static ConditionFactory waitFor(Duration timeout) {
        return Waits.atMost(timeout, POLL);
    }

    private boolean delivered(String mid) {
        for (JournalEntry entry : emulator.journal(0)) {
            if (entry.type() == JournalEntry.Type.WEBHOOK && "true".equals(entry.detail("accepted"))
                    && entry.details().get("events") instanceof List<?> events) {
                for (Object event : events) {
                    if (event instanceof Map<?, ?> map && mid != null && mid.equals(map.get("id"))) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** {@code wanted} if the user is offered it, else the first quick reply offered (the catalog may change). */
    private String offeredOption(String wanted) {
        List<String> offered = emulator.offered(pageId, psid);
        return offered.stream().filter(t -> t.equalsIgnoreCase(wanted)).findFirst()
                .orElse(offered.isEmpty() ? wanted : offered.get(0));
    }

    // ---- what the lines say ----

    private static boolean isBot(TranscriptLine line) {
        return "bot".equals(line.speaker());
    }

    private static Predicate<TranscriptLine> botSays(String text) {
        return line -> isBot(line) && text.equals(line.text());
    }

    /** A bot answer that is none of the handover lines: a guided answer. */
    private static Predicate<TranscriptLine> answerOtherThan(Script script) {
        return line -> isBot(line) && !line.text().equals(script.question())
                && !line.text().equals(script.stayWithBot()) && !line.text().equals(script.confirmation())
                && !line.text().equals(script.botIsBack());
    }

    private static Predicate<TranscriptLine> ownerBecomes(String appName) {
        return line -> "control".equals(line.speaker()) && line.text().startsWith("thread owner:")
                && line.text().contains("-> " + appName + " (");
    }

    private void printTranscript(String title) {
        out.println(title + " (user " + psid + "):");
        try {
            out.print(emulator.transcriptText(pageId, psid));
        } catch (EmulatorException e) {
            out.println("  (cannot read it: " + e.getMessage() + ")");
        }
    }

    /** A new user id: page-scoped ids are numbers (16 digits here). */
    public static String newPsid() {
        return Long.toString(ThreadLocalRandom.current().nextLong(1_000_000_000_000_000L, 9_999_999_999_999_999L));
    }

    /** A step that did not happen; the message says which. */
    private static final class DemoFailure extends RuntimeException {

        private static final long serialVersionUID = 1L;

        DemoFailure(String message) {
            super(message);
        }
    }
}
