package org.handover.localstack.command;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.handover.emulator.AppSpec;
import org.handover.emulator.EmulatorWorld;
import org.handover.emulator.JournalEntry;
import org.handover.emulator.MessengerEmulator;
import org.handover.emulator.PageSetup;
import org.handover.emulator.PageSpec;
import org.handover.localstack.client.EmulatorClient;
import org.handover.localstack.client.HandoverAdminClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The paths of {@code stack demo} that need no services: what it says when the stack is not there, not active, or
 * silent. The whole story is played against the real stack in {@code LocalStackTest}.
 */
class DemoCommandTest {

    private static final String PAGE = "110000000000001";
    private static final String APP = "220000000000002";

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
    private MessengerEmulator meta;
    private HttpServer handover;

    @BeforeEach
    void startEmulator() {
        // our app is played inside the emulator: nobody answers the user
        AppSpec bot = new AppSpec(APP, "Bot", null, null);
        PageSpec page = new PageSpec(PAGE, "Demo page", new PageSetup.Legacy(APP, List.of(AppSpec.pageInbox().id())),
                List.of(APP, AppSpec.pageInbox().id()), Map.of(APP, "token"));
        meta = MessengerEmulator.create().load(new EmulatorWorld(List.of(bot, AppSpec.pageInbox()), List.of(page)))
                .start(0);
    }

    @AfterEach
    void stop() {
        meta.close();
        if (handover != null) {
            handover.stop(0);
        }
    }

    @Test
    void namesTheStepThatDidNotHappenAndShowsTheConversationSoFar() {
        DemoCommand demo = new DemoCommand(new EmulatorClient(meta.baseUrl()), null, PAGE, Duration.ofSeconds(1), out);

        int code = demo.play(new DemoCommand.Script("Talk to a person?", "Yes", "No", "Alright.", "Fine.", null));

        assertThat(code).isEqualTo(1);
        assertThat(printed.toString(StandardCharsets.UTF_8).lines().toList()).containsSubsequence(
                "Demo on page " + PAGE + " with a new user " + demo.psid() + " (emulator " + meta.baseUrl() + "):",
                "  1. the user presses Get Started",
                "",
                "Demo FAILED at step 1: the bot welcomes the user with options did not happen within 1 s",
                "The conversation so far (user " + demo.psid() + "):",
                "user  > [presses] Get Started");
    }

    @Test
    void refusesToPlayWhileHandoverIsNotActiveForThePage() throws Exception {
        AtomicReference<String> authorization = new AtomicReference<>();
        URI handoverUrl = handoverAnswering(authorization, """
                {"pageId":"110000000000001","handoverActive":false,"questionText":"Talk to a person?"}""");

        int code = new DemoCommand(new EmulatorClient(meta.baseUrl()),
                new HandoverAdminClient(handoverUrl, "admin-token"), PAGE, Duration.ofSeconds(1), out).run();

        assertThat(code).isEqualTo(1);
        assertThat(authorization.get()).isEqualTo("Bearer admin-token");
        assertThat(printed.toString(StandardCharsets.UTF_8))
                .startsWith("Handover is not active for page " + PAGE + ", so the bot would never offer an agent.");
        // nothing was played
        assertThat(meta.journal().entries()).noneMatch(e -> e.type() == JournalEntry.Type.USER);
    }

    @Test
    void saysWhatIsMissingWhenTheStackDoesNotRun() {
        URI stopped = meta.baseUrl();
        meta.close();

        int code = new DemoCommand(new EmulatorClient(stopped), new HandoverAdminClient(stopped, "t"), PAGE,
                Duration.ofSeconds(1), out).run();

        assertThat(code).isEqualTo(1);
        assertThat(printed.toString(StandardCharsets.UTF_8))
                .startsWith("No Messenger emulator answers at " + stopped + ". Start the stack first");
    }

    @Test
    void readsTheScriptFromThePageSettings() throws Exception {
        JsonNode settings = new ObjectMapper().readTree(
                """
                {"questionText":"Q?","acceptTitle":"Yes","rejectTitle":"No","confirmationText":"OK.",
                 "stayWithBotText":"Stay.","botIsBackText":""}""");

        assertThat(DemoCommand.Script.of(settings))
                .isEqualTo(new DemoCommand.Script("Q?", "Yes", "No", "OK.", "Stay.", null));
    }

    private URI handoverAnswering(AtomicReference<String> authorization, String settings) throws Exception {
        handover = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        handover.createContext("/admin/pages/" + PAGE + "/settings", exchange -> {
            authorization.set(exchange.getRequestHeaders().getFirst("Authorization"));
            byte[] body = settings.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        handover.start();
        return URI.create("http://127.0.0.1:" + handover.getAddress().getPort());
    }
}
