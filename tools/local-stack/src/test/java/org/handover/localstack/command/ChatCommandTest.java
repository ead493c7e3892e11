package org.handover.localstack.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.handover.emulator.AppSpec;
import org.handover.emulator.EmulatorWorld;
import org.handover.emulator.JournalEntry;
import org.handover.emulator.MessengerEmulator;
import org.handover.emulator.PageSetup;
import org.handover.emulator.PageSpec;
import org.handover.emulator.TranscriptLine;
import org.handover.localstack.client.EmulatorClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code stack chat} driven by a piped script against a real emulator (our app played inside it: no services). */
class ChatCommandTest {

    private static final String PAGE = "110000000000001";
    private static final String APP = "220000000000002";
    private static final String TOKEN = "page-token";
    private static final String PSID = "4000000000000001";

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
    private MessengerEmulator meta;

    @BeforeEach
    void startEmulator() {
        AppSpec bot = new AppSpec(APP, "Bot", null, null);
        PageSpec page = new PageSpec(PAGE, "Demo page", new PageSetup.Legacy(APP, List.of(AppSpec.pageInbox().id())),
                List.of(APP, AppSpec.pageInbox().id()), Map.of(APP, TOKEN));
        meta = MessengerEmulator.create().load(new EmulatorWorld(List.of(bot, AppSpec.pageInbox()), List.of(page)))
                .start(0);
    }

    @AfterEach
    void stopEmulator() {
        meta.close();
    }

    @Test
    void scriptedLinesActAsTheUserAndTheAgentAndErrorsDoNotEndTheChat() throws Exception {
        // before the chat: the user wrote and the bot offered two quick replies
        meta.user(PAGE, PSID).says("hi");
        meta.platform().send(TOKEN, PAGE, botMessage("Talk to a person?", "Yes", "No"));

        int code = chat("""
                /tap yes
                I need help with my order
                /sticker
                /postback GET_STARTED
                /owner
                /tap Maybe
                /done
                /agent Hello, Sam from the shop here.
                /dance
                /quit
                this line comes after /quit
                """);

        assertThat(code).isZero();
        List<String> output = printed.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(output.get(0)).startsWith("Chatting as user " + PSID + " with page " + PAGE)
                .contains("3 earlier lines");
        assertThat(output).containsSubsequence(
                "user  > [taps] Yes",
                "user  > I need help with my order",
                "user  > (sticker)",
                "user  > [presses] GET_STARTED",
                "   ~~ thread owner: Bot (" + APP + ")",
                "!! No quick reply titled 'Maybe' is on offer; offered: [] (HTTP 400)",
                "!! The conversation is not in the Page Inbox (owner: " + APP + ") (HTTP 409)",
                "agent > Hello, Sam from the shop here.",
                "!! Unknown command /dance; /help lists the commands");
        assertThat(meta.transcript(PAGE, PSID)).extracting(TranscriptLine::speaker, TranscriptLine::text)
                .endsWith(
                        tuple("user", "[taps] Yes"),
                        tuple("user", "I need help with my order"),
                        tuple("user", "(sticker)"),
                        tuple("user", "[presses] GET_STARTED"),
                        tuple("agent", "Hello, Sam from the shop here."));
        assertThat(meta.journal().entries()).noneMatch(e -> "this line comes after /quit".equals(e.detail("text")));
    }

    @Test
    void transcriptShowsTheWholeConversationInboxAsksForControlAndHelpListsTheCommands() {
        meta.user(PAGE, PSID).says("hi");

        int code = chat("/inbox\n/transcript\n/help\n");

        assertThat(code).isZero();
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains(
                "   ~~ agent moves the conversation into the Inbox (request_thread_control)",
                "user  > hi", ChatInput.HELP);
        // the Page Inbox asked the owner (our app) for the thread
        assertThat(meta.journal().entries()).anyMatch(e -> e.type() == JournalEntry.Type.WEBHOOK
                && "request_thread_control".equals(e.detail("kind")) && APP.equals(e.appId()));
    }

    @Test
    void theAgentHoldingTheThreadMarksItDoneAndCannotAskForItAgain() {
        meta.user(PAGE, PSID).says("hi");
        ObjectNode pass = new ObjectMapper().createObjectNode();
        pass.putObject("recipient").put("id", PSID);
        pass.put("target_app_id", AppSpec.pageInbox().id());
        meta.platform().passThreadControl(TOKEN, PAGE, pass);

        int code = chat("/inbox\n/owner\n/done\n/owner\n");

        assertThat(code).isZero();
        assertThat(printed.toString(StandardCharsets.UTF_8).lines().toList()).containsSubsequence(
                "!! (#100) The app already controls this thread (HTTP 409)",
                "   ~~ thread owner: Page Inbox (" + AppSpec.pageInbox().id() + ")",
                "   ~~ agent marks the conversation done",
                "   ~~ thread owner: Page Inbox -> Bot (pass_thread_control)",
                "   ~~ thread owner: Bot (" + APP + ")");
        assertThat(meta.platform().owner(PAGE, PSID)).isEqualTo(APP);
    }

    @Test
    void saysSoWhenNoEmulatorAnswers() {
        URI stopped = meta.baseUrl();
        meta.close();
        EmulatorClient nowhere = new EmulatorClient(stopped);

        int code = new ChatCommand(nowhere, PAGE, PSID, new BufferedReader(new StringReader("hello\n")), out,
                Duration.ofMillis(100), Duration.ofMillis(50)).run();

        assertThat(code).isEqualTo(1);
        assertThat(printed.toString(StandardCharsets.UTF_8)).startsWith("No Messenger emulator answers at ");
    }

    private int chat(String script) {
        return new ChatCommand(new EmulatorClient(meta.baseUrl()), PAGE, PSID,
                new BufferedReader(new StringReader(script)), out, Duration.ofSeconds(1), Duration.ofMillis(300))
                .run();
    }

    private static ObjectNode botMessage(String text, String... replies) {
        ObjectNode body = new ObjectMapper().createObjectNode();
        body.putObject("recipient").put("id", PSID);
        body.put("messaging_type", "RESPONSE");
        ObjectNode message = body.putObject("message");
        message.put("text", text);
        for (String reply : replies) {
            message.withArray("quick_replies").addObject().put("content_type", "text").put("title", reply)
                    .put("payload", reply.toUpperCase());
        }
        return body;
    }
}
