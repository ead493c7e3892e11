package org.handover.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.handover.contracts.Messenger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The emulator over real HTTP: webhooks to a real receiver, the Graph API and the control API. */
class EmulatorServerTest {

    static final String PAGE = "110000000000001";
    static final String BOT = "220000000000002";
    static final String SECRET = "test-secret";
    static final String TOKEN = "page-token";
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();

    final List<Received> received = new CopyOnWriteArrayList<>();
    final AtomicInteger failuresToAnswer = new AtomicInteger();
    HttpServer receiver;
    MessengerEmulator meta;

    record Received(byte[] body, String signature) {
        JsonNode json() throws IOException {
            return JSON.readTree(body);
        }
    }

    @BeforeEach
    void start() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/webhook", exchange -> {
            try (exchange; InputStream in = exchange.getRequestBody()) {
                byte[] body = in.readAllBytes();
                if (failuresToAnswer.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                    exchange.sendResponseHeaders(500, -1);
                    return;
                }
                received.add(new Received(body, exchange.getRequestHeaders().getFirst("X-Hub-Signature-256")));
                exchange.sendResponseHeaders(200, -1);
            }
        });
        receiver.start();
        URI webhook = URI.create("http://127.0.0.1:" + receiver.getAddress().getPort() + "/webhook");
        meta = MessengerEmulator.create();
        meta.delivery().retry(Duration.ofMillis(20), Duration.ofMillis(50));
        meta.load(EmulatorWorld.singlePage(PAGE, "Shop", BOT, SECRET, webhook, TOKEN)).start(0);
    }

    @AfterEach
    void stop() {
        meta.close();
        receiver.stop(0);
    }

    @Test
    void webhooksAreSignedOverTheExactBytesWithNonAsciiEscaped() throws Exception {
        meta.user(PAGE, "u1").says("caf\u00e9 cr\u00e8me");
        meta.awaitDelivered(Duration.ofSeconds(5));

        Received webhook = received.get(0);
        String raw = new String(webhook.body(), StandardCharsets.UTF_8);
        assertThat(raw).contains("caf\\u00E9").doesNotContain("\u00e9");
        assertThat(webhook.signature()).isEqualTo(WebhookSigner.sha256(SECRET, webhook.body()));
        JsonNode body = webhook.json();
        assertThat(body.path("object").asText()).isEqualTo("page");
        assertThat(body.path("entry").get(0).path("id").asText()).isEqualTo(PAGE);
        assertThat(body.path("entry").get(0).path("messaging").get(0).path("message").path("text").asText())
                .isEqualTo("caf\u00e9 cr\u00e8me");
    }

    @Test
    void eventsThatComeTogetherAreBatchedIntoOnePost() throws Exception {
        meta.delivery().linger(Duration.ofMillis(300));
        meta.user(PAGE, "u1").says("one");
        meta.user(PAGE, "u2").says("two");
        meta.user(PAGE, "u3").says("three");
        meta.awaitDelivered(Duration.ofSeconds(5));

        assertThat(received).hasSize(1);
        JsonNode messaging = received.get(0).json().path("entry").get(0).path("messaging");
        assertThat(messaging).extracting(e -> e.path("message").path("text").asText())
                .containsExactly("one", "two", "three");
    }

    @Test
    void aFailedDeliveryIsRetriedUntilAccepted() throws Exception {
        failuresToAnswer.set(2);

        String mid = meta.user(PAGE, "u1").says("hello");
        meta.awaitDelivered(Duration.ofSeconds(5));

        assertThat(received).hasSize(1);
        assertThat(meta.journal().select(e -> e.type() == JournalEntry.Type.WEBHOOK && BOT.equals(e.appId())))
                .extracting(JournalEntry::outcome, e -> e.detail("attempt"), e -> e.detail("accepted"))
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("500", "1", "false"),
                        org.assertj.core.groups.Tuple.tuple("500", "2", "false"),
                        org.assertj.core.groups.Tuple.tuple("200", "3", "true"));
        assertThat(received.get(0).json().path("entry").get(0).path("messaging").get(0).path("message")
                .path("mid").asText()).isEqualTo(mid);
    }

    @Test
    void duplicatesRepeatTheSameSignedBody() throws Exception {
        meta.delivery().duplicateProbability(1.0);

        meta.user(PAGE, "u1").says("hello");
        meta.awaitDelivered(Duration.ofSeconds(5));

        assertThat(received).hasSize(2);
        assertThat(received.get(1).body()).isEqualTo(received.get(0).body());
        assertThat(received.get(1).signature()).isEqualTo(received.get(0).signature());
        // (the Page Inbox, played inside the emulator, gets its copy as "internal")
        assertThat(meta.journal().select(e -> e.type() == JournalEntry.Type.WEBHOOK && BOT.equals(e.appId())))
                .extracting(JournalEntry::action).containsExactly("delivered", "redelivered");
    }

    @Test
    void theSendApiAnswersLikeMetaWithOrWithoutAVersionPrefix() throws Exception {
        meta.user(PAGE, "u1").says("hi");

        HttpResponse<String> sent = post("/v23.0/" + PAGE + "/messages?access_token=" + TOKEN,
                "{\"recipient\":{\"id\":\"u1\"},\"messaging_type\":\"RESPONSE\",\"message\":{\"text\":\"Hello\"}}");
        HttpResponse<String> sentUnversioned = post("/" + PAGE + "/messages?access_token=" + TOKEN,
                "{\"recipient\":{\"id\":\"u1\"},\"messaging_type\":\"RESPONSE\",\"message\":{\"text\":\"Again\"}}");

        assertThat(sent.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(sent.body()).path("message_id").asText()).startsWith("m_");
        assertThat(sentUnversioned.statusCode()).isEqualTo(200);
    }

    @Test
    void errorsCarryMetasCodeSubcodeAndTraceId() throws Exception {
        meta.user(PAGE, "u1").says("hi");
        meta.platform().passThreadControl(TOKEN, PAGE,
                JSON.readTree("{\"recipient\":{\"id\":\"u1\"},\"target_app_id\":\"" + Messenger.PAGE_INBOX_APP_ID
                        + "\"}"));

        HttpResponse<String> refused = post("/" + PAGE + "/messages?access_token=" + TOKEN,
                "{\"recipient\":{\"id\":\"u1\"},\"messaging_type\":\"RESPONSE\",\"message\":{\"text\":\"Hello\"}}");

        assertThat(refused.statusCode()).isEqualTo(400);
        JsonNode error = JSON.readTree(refused.body()).path("error");
        assertThat(error.path("code").asInt()).isEqualTo(10);
        assertThat(error.path("error_subcode").asInt()).isEqualTo(2018300);
        assertThat(error.path("type").asText()).isEqualTo("OAuthException");
        assertThat(error.path("fbtrace_id").asText()).isNotBlank();
    }

    @Test
    void aPlannedFaultAnswersTheNextCalls() throws Exception {
        meta.user(PAGE, "u1").says("hi");
        HttpResponse<String> planned = post("/_emulator/faults",
                "{\"call\":\"messages\",\"times\":1,\"httpStatus\":503,\"code\":2}");
        assertThat(planned.statusCode()).isEqualTo(200);
        String send = "{\"recipient\":{\"id\":\"u1\"},\"messaging_type\":\"RESPONSE\",\"message\":{\"text\":\"x\"}}";

        HttpResponse<String> first = post("/" + PAGE + "/messages?access_token=" + TOKEN, send);
        HttpResponse<String> second = post("/" + PAGE + "/messages?access_token=" + TOKEN, send);

        assertThat(first.statusCode()).isEqualTo(503);
        assertThat(JSON.readTree(first.body()).path("error").path("code").asInt()).isEqualTo(2);
        assertThat(second.statusCode()).isEqualTo(200);
    }

    @Test
    void theControlApiPlaysTheUserAndTheAgentAndTellsTheTranscript() throws Exception {
        String base = "/_emulator/pages/" + PAGE;
        assertThat(post(base + "/users/u7/text", "{\"text\":\"I need a person\"}").statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(5)).until(() -> received.size() == 1);
        post("/" + PAGE + "/messages?access_token=" + TOKEN, "{\"recipient\":{\"id\":\"u7\"},\"messaging_type\":"
                + "\"RESPONSE\",\"message\":{\"text\":\"Change to agent?\",\"quick_replies\":[{\"content_type\":"
                + "\"text\",\"title\":\"Yes\",\"payload\":\"MH_HANDOVER_ACCEPT\"}]}}");
        assertThat(post(base + "/users/u7/tap", "{\"title\":\"Yes\"}").statusCode()).isEqualTo(200);
        post("/" + PAGE + "/pass_thread_control?access_token=" + TOKEN, "{\"recipient\":{\"id\":\"u7\"},"
                + "\"target_app_id\":\"" + Messenger.PAGE_INBOX_APP_ID + "\"}");
        assertThat(post(base + "/inbox/u7/reply", "{\"text\":\"Anna here\"}").statusCode()).isEqualTo(200);
        HttpResponse<String> done = post(base + "/inbox/u7/done", "");
        assertThat(JSON.readTree(done.body()).path("owner").asText()).isEqualTo(BOT);

        HttpResponse<String> transcript = get(base + "/users/u7/transcript?format=text");

        assertThat(transcript.body().lines().toList()).containsExactly(
                "   ~~ thread owner: idle -> Bot (idle_thread_message)",
                "user  > I need a person",
                "bot   > Change to agent?  [Yes]",
                "user  > [taps] Yes",
                "   ~~ thread owner: Bot -> Page Inbox (pass_thread_control)",
                "agent > Anna here",
                "   ~~ agent marks the conversation done",
                "   ~~ thread owner: Page Inbox -> Bot (pass_thread_control)");
    }

    @Test
    void theControlApiSaysWhatIsWrong() throws Exception {
        assertThat(post("/_emulator/pages/" + PAGE + "/users/u1/text", "{}").statusCode()).isEqualTo(400);
        assertThat(post("/_emulator/pages/" + PAGE + "/users/u1/tap", "{\"title\":\"Nothing\"}").statusCode())
                .isEqualTo(400);
        assertThat(post("/_emulator/pages/" + PAGE + "/inbox/u404/done", "").statusCode()).isEqualTo(400);
        assertThat(post("/_emulator/nothing", "").statusCode()).isEqualTo(404);
        assertThat(post("/_emulator/pages/" + PAGE + "/users/u1/text", "not json").statusCode()).isEqualTo(400);
    }

    @Test
    void conversationRoutingCallsOverHttpPageNameExtendAndDisabledHandoverApis() throws Exception {
        meta.user(PAGE, "u1").says("hi");
        JsonNode node = JSON.readTree(get("/v23.0/" + PAGE + "?fields=name&access_token=" + TOKEN).body());
        assertThat(node.path("id").asText()).isEqualTo(PAGE);
        assertThat(node.path("name").asText()).isNotBlank();

        assertThat(put("/_emulator/pages/" + PAGE + "/setup",
                "{\"kind\":\"routing\",\"defaultApp\":\"" + BOT + "\",\"handoverApisDisabled\":true}")
                .statusCode()).isEqualTo(200);
        assertThat(meta.platform().setup(PAGE)).isEqualTo(new PageSetup.ConversationRouting(BOT, true));
        HttpResponse<String> take = post("/" + PAGE + "/take_thread_control?access_token=" + TOKEN,
                "{\"recipient\":{\"id\":\"u1\"}}");
        assertThat(take.statusCode()).isEqualTo(403);
        assertThat(JSON.readTree(take.body()).path("error").path("message").asText())
                .contains("Handover Protocol APIs disabled for this page");

        assertThat(put("/_emulator/pages/" + PAGE + "/setup",
                "{\"kind\":\"routing\",\"defaultApp\":\"" + BOT + "\"}").statusCode()).isEqualTo(200);
        assertThat(meta.platform().setup(PAGE)).isEqualTo(new PageSetup.ConversationRouting(BOT));
        HttpResponse<String> extend = post("/" + PAGE + "/extend_thread_control?access_token=" + TOKEN,
                "{\"recipient\":{\"id\":\"u1\"},\"duration\":3600}");
        assertThat(extend.statusCode()).as(extend.body()).isEqualTo(200);
        assertThat(JSON.readTree(extend.body()).path("success").asBoolean()).isTrue();
    }

    @Test
    void theWorldSettingsAndSetupCanBeChangedOverHttp() throws Exception {
        HttpResponse<String> settings = put("/_emulator/settings",
                "{\"maxBatch\":50,\"duplicateProbability\":0.25,\"strictOwnership\":false}");
        HttpResponse<String> setup = put("/_emulator/pages/" + PAGE + "/setup",
                "{\"kind\":\"routing\",\"defaultApp\":\"" + BOT + "\"}");
        HttpResponse<String> world = put("/_emulator/world", """
                {"apps":[{"id":"440000000000004","name":"Helpdesk"}],
                 "pages":[{"id":"120000000000002","name":"Other","setup":{"kind":"legacy","primaryReceiver":"%s",
                   "secondaryReceivers":["440000000000004"]},"subscribedApps":["%s","440000000000004"],
                   "tokens":{"%s":"other-token"}}]}
                """.formatted(BOT, BOT, BOT));

        assertThat(settings.statusCode()).isEqualTo(200);
        assertThat(setup.statusCode()).isEqualTo(200);
        assertThat(world.statusCode()).isEqualTo(200);
        JsonNode state = JSON.readTree(get("/_emulator/state").body());
        assertThat(state.path("settings").path("maxBatch").asInt()).isEqualTo(50);
        assertThat(state.path("settings").path("strictOwnership").asBoolean()).isFalse();
        assertThat(state.path("pages")).extracting(p -> p.path("id").asText() + " " + p.path("setup").path("kind")
                .asText()).containsExactly(PAGE + " routing", "120000000000002 legacy");
        assertThat(get("/_emulator/state").body()).doesNotContain(SECRET, TOKEN, "other-token");
        assertThat(JSON.readTree(get("/120000000000002/secondary_receivers?access_token=other-token").body())
                .path("data").get(0).path("name").asText()).isEqualTo("Helpdesk");
    }

    @Test
    void theUserClicksALinkTheBotSentAndFollowsItsRedirectsAsABrowserWould() throws Exception {
        List<String> agents = new CopyOnWriteArrayList<>();
        HttpServer site = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        String local = "http://127.0.0.1:" + site.getAddress().getPort();
        site.createContext("/l/", exchange -> {
            try (exchange) {
                agents.add(exchange.getRequestHeaders().getFirst("User-Agent"));
                String token = exchange.getRequestURI().getPath().substring(3);
                String to = switch (token) {
                    case "out" -> "https://shop.example.com/sale";
                    case "in" -> "/landing";
                    default -> null;
                };
                if (to == null) {
                    exchange.sendResponseHeaders(404, -1);
                    return;
                }
                exchange.getResponseHeaders().add("Location", to);
                exchange.sendResponseHeaders(302, -1);
            }
        });
        site.createContext("/landing", exchange -> {
            try (exchange) {
                exchange.sendResponseHeaders(200, -1);
            }
        });
        site.start();
        try {
            meta.user(PAGE, "u8").says("Hi");
            post("/" + PAGE + "/messages?access_token=" + TOKEN, "{\"recipient\":{\"id\":\"u8\"},\"messaging_type\":"
                    + "\"UPDATE\",\"message\":{\"text\":\"Sale: " + local + "/l/out. Or " + local + "/l/in\"}}");
            post("/" + PAGE + "/messages?access_token=" + TOKEN, "{\"recipient\":{\"id\":\"u8\"},\"messaging_type\":"
                    + "\"UPDATE\",\"message\":{\"text\":\"Forged: " + local + "/l/forged\"}}");

            assertThat(meta.user(PAGE, "u8").links()).containsExactly(local + "/l/out", local + "/l/in",
                    local + "/l/forged");
            LinkClick out = meta.user(PAGE, "u8").clicks(0);
            assertThat(out).isEqualTo(new LinkClick(local + "/l/out", 302, "https://shop.example.com/sale",
                    List.of(local + "/l/out"), "https://shop.example.com/sale", false));
            LinkClick in = meta.user(PAGE, "u8").clicks(1);
            assertThat(in.hops()).containsExactly(local + "/l/in", local + "/landing");
            assertThat(in.landedOn()).isEqualTo(local + "/landing");
            assertThat(in.loaded()).isTrue();
            assertThat(agents).allSatisfy(a -> assertThat(a).contains("Mozilla/5.0"));

            JsonNode forged = JSON.readTree(post("/_emulator/pages/" + PAGE + "/users/u8/click", "{\"index\":-1}").body());
            assertThat(forged.path("status").asInt()).isEqualTo(404);
            assertThat(forged.path("location").isMissingNode() || forged.path("location").isNull()).isTrue();
            assertThat(JSON.readTree(get("/_emulator/pages/" + PAGE + "/users/u8/links").body()).path("links").size())
                    .isEqualTo(3);
            assertThat(post("/_emulator/pages/" + PAGE + "/users/u8/click", "{\"index\":3}").statusCode())
                    .isEqualTo(400);
            assertThat(meta.transcript(PAGE, "u8")).extracting(TranscriptLine::text).contains(
                    "[clicks] " + local + "/l/out -> https://shop.example.com/sale");
            assertThat(meta.journal().entries()).filteredOn(e -> "click".equals(e.action()))
                    .extracting(JournalEntry::outcome).containsExactly("302", "302", "404");
        } finally {
            site.stop(0);
        }
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(meta.baseUrl().resolve(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> put(String path, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(meta.baseUrl().resolve(path))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(meta.baseUrl().resolve(path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
