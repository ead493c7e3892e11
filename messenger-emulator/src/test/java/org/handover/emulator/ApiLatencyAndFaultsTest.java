package org.handover.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Meta's latency, outages and rate limits, over HTTP: what the caller gets and what the journal says happened. */
class ApiLatencyAndFaultsTest {

    static final String PAGE = "110000000000001";
    static final String BOT = "220000000000002";
    static final String TOKEN = "page-token";
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    MessengerEmulator meta;

    @BeforeEach
    void start() {
        meta = MessengerEmulator.create();
        // the bot played inside the emulator (no webhook): only the Graph API is under test here
        meta.load(EmulatorWorld.singlePage(PAGE, "Shop", BOT, "secret", null, TOKEN)).start(0);
        for (int i = 0; i < 8; i++) {
            meta.user(PAGE, "u" + i).says("hi");
        }
    }

    @AfterEach
    void stop() {
        meta.close();
    }

    @Test
    void sendLatencyDelaysEachCallWithoutHoldingUpTheOthers() throws Exception {
        meta.latency().send(ApiLatency.Delay.ofMillis(400, 0));

        long start = System.nanoTime();
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            calls.add(HTTP.sendAsync(send("u" + i, "hello"), HttpResponse.BodyHandlers.ofString()));
        }
        CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).join();
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(calls).allSatisfy(c -> assertThat(c.join().statusCode()).isEqualTo(200));
        assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(400))
                // eight calls one after the other would take 3.2 s
                .isLessThan(Duration.ofMillis(2400));
        assertThat(meta.journal().sent(BOT)).hasSize(8);
    }

    @Test
    void graphLatencyIsSetApartFromTheSendApis() throws Exception {
        meta.latency().graph(ApiLatency.Delay.ofMillis(300, 50));

        long start = System.nanoTime();
        HttpResponse<String> owner = HTTP.send(threadOwner("u1"), HttpResponse.BodyHandlers.ofString());

        assertThat(owner.statusCode()).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        assertThat(meta.latency().send()).isEqualTo(ApiLatency.Delay.NONE);
    }

    @Test
    void aSendApiOutageAnswersMetasTemporaryErrorAndSendsNothing() throws Exception {
        long id = meta.faults().start(Faults.Outage.temporary(Faults.SEND));

        HttpResponse<String> failed = HTTP.send(send("u1", "lost?"), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> owner = HTTP.send(threadOwner("u1"), HttpResponse.BodyHandlers.ofString());

        assertThat(failed.statusCode()).isEqualTo(503);
        JsonNode error = JSON.readTree(failed.body()).path("error");
        assertThat(error.path("code").asInt()).isEqualTo(2);
        assertThat(error.path("fbtrace_id").asText()).isNotBlank();
        assertThat(owner.statusCode()).as("a Graph call, outside the outage's scope").isEqualTo(200);
        assertThat(meta.journal().sent(BOT)).isEmpty();
        assertThat(meta.journal().select(e -> e.type() == JournalEntry.Type.SEND_API))
                .extracting(JournalEntry::psid, JournalEntry::outcome, e -> e.detail("fault"),
                        e -> e.detail("httpStatus"), e -> e.detail("text"), e -> e.detail("callerOwnedThread"))
                .containsExactly(Tuple.tuple("u1", "2", "outage " + id, "503", "lost?", "true"));
        assertThat(meta.transcript(PAGE, "u1")).extracting(TranscriptLine::speaker).doesNotContain("bot");

        assertThat(meta.faults().clear(id)).isTrue();
        assertThat(HTTP.send(send("u1", "now"), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        assertThat(meta.journal().sent(BOT)).extracting(e -> e.detail("text")).containsExactly("now");
    }

    @Test
    void aBareGraphOutageAnswersAStatusWithoutMetasBody() throws Exception {
        meta.faults().start(Faults.Outage.bare(Faults.GRAPH, 502));

        HttpResponse<String> owner = HTTP.send(threadOwner("u1"), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> pass = HTTP.send(post("/" + PAGE + "/pass_thread_control?access_token=" + TOKEN,
                "{\"recipient\":{\"id\":\"u1\"},\"target_app_id\":\"263902037430900\",\"metadata\":\"h-1\"}"),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> sent = HTTP.send(send("u1", "still here"), HttpResponse.BodyHandlers.ofString());

        assertThat(owner.statusCode()).isEqualTo(502);
        assertThat(owner.headers().firstValue("Content-Type")).contains("text/html");
        assertThat(pass.statusCode()).isEqualTo(502);
        assertThat(meta.platform().owner(PAGE, "u1")).as("a failed pass changes nothing").isEqualTo(BOT);
        assertThat(sent.statusCode()).isEqualTo(200);
        assertThat(meta.journal().select(e -> e.detail("fault") != null))
                .extracting(JournalEntry::type, JournalEntry::action, JournalEntry::outcome, e -> e.detail("metadata"))
                .containsExactly(Tuple.tuple(JournalEntry.Type.READ_API, "thread_owner", "http_502", null),
                        Tuple.tuple(JournalEntry.Type.THREAD_CONTROL, "pass_thread_control", "http_502", "h-1"));
    }

    @Test
    void aSlowSendIsDeliveredEvenWhenTheCallerGaveUp() throws Exception {
        meta.faults().start(Faults.Outage.slow(Faults.SEND, Duration.ofMillis(1500)));

        HttpRequest send = HttpRequest.newBuilder(send("u1", "maybe twice"), (n, v) -> true)
                .timeout(Duration.ofMillis(300)).build();

        assertThatThrownBy(() -> HTTP.send(send, HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(HttpTimeoutException.class);
        assertThat(meta.journal().sent(BOT)).isEmpty();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(meta.journal().sent(BOT))
                .extracting(e -> e.detail("text")).containsExactly("maybe twice"));
    }

    @Test
    void anOutageWithADurationEndsByItself() throws Exception {
        meta.faults().start(Faults.Outage.temporary(Faults.ALL).lasting(Duration.ofMillis(500)));

        assertThat(HTTP.send(threadOwner("u1"), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(503);
        await().atMost(Duration.ofSeconds(5)).until(
                () -> HTTP.send(threadOwner("u1"), HttpResponse.BodyHandlers.ofString()).statusCode() == 200);
        assertThat(meta.faults().active()).isEmpty();
    }

    @Test
    void outagesAndLatencyAreSetThroughTheControlApi() throws Exception {
        HttpResponse<String> started = HTTP.send(post("/_emulator/outages",
                "{\"scope\":\"send\",\"kind\":\"error\",\"httpStatus\":500,\"code\":1200}"),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> settings = HTTP.send(put("/_emulator/settings",
                "{\"sendLatencyMillis\":20,\"sendJitterMillis\":5,\"graphLatencyMillis\":150,"
                        + "\"sendRateLimitPerSecond\":300}"), HttpResponse.BodyHandlers.ofString());

        assertThat(started.statusCode()).isEqualTo(200);
        long id = JSON.readTree(started.body()).path("id").asLong();
        HttpResponse<String> failed = HTTP.send(send("u1", "x"), HttpResponse.BodyHandlers.ofString());
        assertThat(failed.statusCode()).isEqualTo(500);
        assertThat(JSON.readTree(failed.body()).path("error").path("code").asInt()).isEqualTo(1200);
        JsonNode state = JSON.readTree(settings.body());
        assertThat(state.path("api").path("sendLatencyMillis").asLong()).isEqualTo(20);
        assertThat(state.path("api").path("sendJitterMillis").asLong()).isEqualTo(5);
        assertThat(state.path("api").path("graphLatencyMillis").asLong()).isEqualTo(150);
        assertThat(state.path("api").path("sendRateLimitPerSecond").asInt()).isEqualTo(300);
        assertThat(state.path("outages")).extracting(o -> o.path("id").asLong(), o -> o.path("kind").asText())
                .containsExactly(Tuple.tuple(id, "error"));

        HttpResponse<String> cleared = HTTP.send(delete("/_emulator/outages/" + id),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> again = HTTP.send(delete("/_emulator/outages/" + id),
                HttpResponse.BodyHandlers.ofString());

        assertThat(cleared.statusCode()).isEqualTo(200);
        assertThat(again.statusCode()).isEqualTo(404);
        assertThat(HTTP.send(send("u1", "x"), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        assertThat(HTTP.send(post("/_emulator/outages", "{\"scope\":\"nowhere\"}"),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(400);
        assertThat(meta.journal().select(e -> e.type() == JournalEntry.Type.SETUP && e.action().startsWith("outage")))
                .extracting(JournalEntry::action, e -> e.detail("outage"))
                .containsExactly(Tuple.tuple("outage_start", String.valueOf(id)),
                        Tuple.tuple("outage_end", String.valueOf(id)));
    }

    @Test
    void theSendApisPageRateLimitAnswers613() throws Exception {
        meta.rateLimits().sendPerPagePerSecond(3);

        List<Integer> codes = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            HttpResponse<String> answer = HTTP.send(send("u1", "m" + i), HttpResponse.BodyHandlers.ofString());
            codes.add(answer.statusCode() == 200 ? 0 : JSON.readTree(answer.body()).path("error").path("code").asInt());
        }

        // four calls well inside a second (nothing waits here): the fourth is over the limit
        assertThat(codes).containsExactly(0, 0, 0, 613);
        assertThat(meta.journal().sent(BOT)).hasSize(3);
        assertThat(meta.journal().select(e -> "rate_limit".equals(e.detail("fault"))))
                .extracting(JournalEntry::outcome).containsExactly("613");
    }

    @Test
    void theAppRateLimitCountsEveryGraphCallAndAnswers4() {
        RateLimits limits = new RateLimits().callsPerAppPerSecond(2);

        assertThat(limits.take("thread_owner", BOT, PAGE)).isNull();
        assertThat(limits.take(Faults.SEND_CALL, BOT, PAGE)).isNull();
        assertThat(limits.take("thread_owner", BOT, PAGE)).isEqualTo(GraphError.appRateLimited());
        assertThat(limits.take("thread_owner", "another app", PAGE)).isNull();
    }

    @Test
    void latencyComesFromTheEnvironment() {
        ApiLatency latency = new ApiLatency().configure(Map.of(ApiLatency.SEND_LATENCY_ENV, "150",
                ApiLatency.SEND_JITTER_ENV, "50", ApiLatency.GRAPH_LATENCY_ENV, "80"));

        assertThat(latency.send()).isEqualTo(ApiLatency.Delay.ofMillis(150, 50));
        assertThat(latency.graph()).isEqualTo(ApiLatency.Delay.ofMillis(80, 0));
        assertThatThrownBy(() -> latency.configure(Map.of(ApiLatency.GRAPH_JITTER_ENV, "soon")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(ApiLatency.GRAPH_JITTER_ENV);
    }

    @Test
    void jitterStaysWithinItsBounds() {
        ApiLatency.Delay delay = ApiLatency.Delay.ofMillis(100, 20);

        for (int i = 0; i < 200; i++) {
            assertThat(delay.draw()).isBetween(Duration.ofMillis(100), Duration.ofMillis(120));
        }
    }

    private HttpRequest send(String psid, String text) {
        return post("/v23.0/" + PAGE + "/messages?access_token=" + TOKEN, "{\"recipient\":{\"id\":\"" + psid
                + "\"},\"messaging_type\":\"RESPONSE\",\"message\":{\"text\":\"" + text + "\"}}");
    }

    private HttpRequest threadOwner(String psid) {
        return HttpRequest.newBuilder(uri("/v23.0/" + PAGE + "/thread_owner?recipient=" + psid + "&access_token="
                + TOKEN)).GET().build();
    }

    private HttpRequest post(String path, String body) {
        return HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private HttpRequest put(String path, String body) {
        return HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private HttpRequest delete(String path) {
        return HttpRequest.newBuilder(uri(path)).DELETE().build();
    }

    private URI uri(String path) {
        return URI.create(meta.baseUrl() + path);
    }
}
