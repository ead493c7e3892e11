package org.handover.handover.ui;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kafka.InjectKafkaCompanion;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.handover.contracts.ContractJson;
import org.handover.contracts.OrderKind;
import org.handover.contracts.OutboundOutcome;
import org.handover.contracts.OutboundResult;
import org.handover.contracts.PageConnection;
import org.handover.contracts.SchemaVersion;
import org.handover.contracts.Topics;
import org.handover.emulator.MessengerEmulator;
import org.handover.handover.port.MetaGraphPort;
import org.handover.handover.repository.PageConnectionEntity;
import org.handover.handover.repository.PageConnectionRepository;
import org.handover.service.support.secrets.PageTokenCipher;
import org.handover.testsupport.KafkaAndPostgresResource;
import org.handover.testsupport.TopicReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Connecting pages (issue 22, item 3) through the admin API and the settings page, with the Messenger Platform
 * emulator as Facebook: its tokens are the ones it granted (a rotation at the emulator makes the old one answer
 * 190). Connect, rotate, disconnect without a restart; a token Facebook rejects is refused with a 4xx and changes
 * nothing; a token Meta rejects later (on a Graph API call here, or reported by bot-service) marks the page "needs
 * reconnecting" in red until a new one is connected. No token ever reaches a log line, an answer or a page.
 */
@QuarkusTest
@WithTestResource(value = KafkaAndPostgresResource.class, initArgs = @ResourceArg(name = "postgres", value = "true"))
@WithTestResource(EmulatorResource.class)
class PageConnectionTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");
    private static final PageTokenCipher CIPHER = PageTokenCipher.fromConfig("test-1",
            Optional.of("dGVzdC1wYWdlLXRva2VuLWtleS0zMi1ieXRlcy1vayE="), Optional.empty()).orElseThrow();

    @InjectEmulator
    MessengerEmulator meta;

    @InjectKafkaCompanion
    KafkaCompanion kafka;

    @Inject
    MetaGraphPort graph;

    @Inject
    PageConnectionRepository connections;

    @Inject
    ObjectMapper json;

    private final CapturedLogs logs = new CapturedLogs();
    /** Every token a test used: none may appear in a log record. */
    private final List<String> secrets = new CopyOnWriteArrayList<>();

    @BeforeEach
    void captureLogs() {
        Logger.getLogger("").addHandler(logs);
    }

    @AfterEach
    void noTokenWasLogged() {
        Logger.getLogger("").removeHandler(logs);
        assertThat(secrets).isNotEmpty();
        for (String secret : secrets) {
            assertThat(logs.texts()).noneMatch(text -> text.contains(secret));
        }
    }

    private String secret(String token) {
        secrets.add(token);
        return token;
    }

    private static io.restassured.specification.RequestSpecification operator() {
        return given().auth().oauth2(SettingsPageHttpTest.ADMIN_TOKEN).contentType(ContentType.JSON);
    }

    private JsonNode body(Response response, int status) throws Exception {
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(status);
        for (String secret : secrets) {
            assertThat(response.asString()).doesNotContain(secret);
        }
        return json.readTree(response.asString());
    }

    @Test
    void connectsAPageThroughTheApiRotatesItsTokenAndDisconnectsItWithoutARestart() throws Exception {
        String page = EmulatorResource.PAGE_UNCONFIGURED;
        String first = secret(EmulatorResource.token(page));
        String path = "/admin/pages/" + page + "/connection";
        assertThat(body(operator().get(path), 200).path("source").asText()).isEqualTo("NONE");
        assertThat(graph.pageName(page)).isEmpty();

        JsonNode connected = body(operator().body(Map.of("pageToken", first)).put(path), 200);

        assertThat(connected.path("source").asText()).isEqualTo("CONNECTED");
        assertThat(connected.path("connectedBy").asText()).isEqualTo("operator");
        assertThat(connected.path("keyId").asText()).isEqualTo("test-1");
        assertThat(connected.path("needsReconnecting").asBoolean()).isFalse();
        assertThat(connected.path("environmentToken").asBoolean()).isFalse();
        assertThat(connected.has("connectedAt")).isTrue();
        // Used at once by this replica's Graph API calls.
        assertThat(graph.pageName(page)).contains("Page " + page);
        PageConnectionEntity row = QuarkusTransaction.requiringNew().call(() -> connections.find(page))
                .orElseThrow();
        assertThat(row.tokenCiphertext).isNotBlank().doesNotContain(first);
        assertThat(CIPHER.open(page, row.keyId, row.tokenCiphertext)).isEqualTo(first);
        PageConnection published = awaitConnection(page, 1);
        assertThat(published.tokenCiphertext()).doesNotContain(first);
        assertThat(CIPHER.open(page, published.keyId(), published.tokenCiphertext())).isEqualTo(first);

        String second = secret("rotated-" + UUID.randomUUID());
        meta.platform().grantToken(page, EmulatorResource.OUR_APP, second);
        assertThat(body(operator().body(Map.of("pageToken", second)).put(path), 200).path("source").asText())
                .isEqualTo("CONNECTED");
        PageConnection rotated = awaitConnection(page, 2);
        assertThat(rotated.revision()).isGreaterThan(published.revision());
        assertThat(CIPHER.open(page, rotated.keyId(), rotated.tokenCiphertext())).isEqualTo(second);
        assertThat(graph.pageName(page)).contains("Page " + page);
        assertThat(body(operator().get("/admin/pages/" + page + "/audit"), 200).findValuesAsText("action"))
                .contains("page_connected", "page_token_rotated");

        assertThat(body(operator().delete(path), 200).path("source").asText()).isEqualTo("NONE");
        List<ConsumerRecord<String, String>> records = TopicReader.of(kafka, Topics.PAGE_CONNECTIONS)
                .awaitKey(page, 3, WAIT);
        assertThat(records.get(2).value()).as("a tombstone").isNull();
        assertThat(QuarkusTransaction.requiringNew().call(() -> connections.find(page))).isEmpty();
        assertThat(graph.pageName(page)).isEmpty();
        assertThat(body(operator().delete(path), 404).path("reason").asText()).isEqualTo("not_connected");
    }

    @Test
    void refusesATokenFacebookRejectsOrAnotherPagesTokenWithA4xxAndChangesNothing() throws Exception {
        String page = "94" + java.util.concurrent.ThreadLocalRandom.current().nextLong(1_000_000_000_000L,
                9_999_999_999_999L);
        String path = "/admin/pages/" + page + "/connection";
        String unknown = secret("not-a-token-facebook-knows-" + UUID.randomUUID());
        String another = secret(EmulatorResource.token(EmulatorResource.PAGE_REST));

        JsonNode rejected = body(operator().body(Map.of("pageToken", unknown)).put(path), 422);
        assertThat(rejected.path("reason").asText()).isEqualTo("page_token_rejected");
        assertThat(rejected.path("message").asText()).contains("Facebook rejected this token");
        assertThat(body(operator().body(Map.of("pageToken", another)).put(path), 422).path("reason").asText())
                .isEqualTo("token_of_another_page");
        JsonNode blank = body(operator().body(Map.of("pageToken", "   ")).put(path), 422);
        assertThat(blank.path("reason").asText()).isEqualTo("invalid_page_token");
        assertThat(blank.path("errors").get(0).asText()).isEqualTo("pageToken: required.");
        assertThat(body(operator().body(Map.of("pageToken", "two words")).put(path), 422).path("reason").asText())
                .isEqualTo("invalid_page_token");
        assertThat(body(operator().body("{\"pageToken\": ").put(path), 400).path("reason").asText())
                .isEqualTo("malformed_body");
        assertThat(body(operator().body(Map.of("pageToken", unknown)).put("/admin/pages/page:1/connection"),
                400).path("reason").asText()).isEqualTo("invalid_page_id");
        assertThat(given().contentType(ContentType.JSON).body(Map.of("pageToken", unknown)).put(path).statusCode())
                .isEqualTo(401);

        assertThat(body(operator().get(path), 200).path("source").asText()).isEqualTo("NONE");
        assertThat(QuarkusTransaction.requiringNew().call(() -> connections.find(page))).isEmpty();
    }

    @Test
    void aTokenMetaRejectsMarksThePageNeedsReconnectingInRedUntilANewOneIsConnectedOnTheSettingsPage()
            throws Exception {
        String page = EmulatorResource.PAGE_ROTATED;
        String environment = secret(EmulatorResource.token(page));
        String fresh = secret("fresh-" + UUID.randomUUID());
        // The page admin generated a new token on Facebook: the environment's one now gets 190.
        meta.platform().grantToken(page, EmulatorResource.OUR_APP, fresh);

        assertThat(graph.pageName(page)).isEmpty();

        JsonNode status = body(operator().get("/admin/pages/" + page + "/connection"), 200);
        assertThat(status.path("source").asText()).isEqualTo("ENVIRONMENT");
        assertThat(status.path("needsReconnecting").asBoolean()).isTrue();
        assertThat(status.path("rejectedDetail").asText()).contains("code=190");
        PageConnection told = awaitConnection(page, 1);
        assertThat(told.connected()).isFalse();
        assertThat(told.rejectedFingerprint()).isEqualTo(PageTokenCipher.fingerprint(environment));

        String session = signIn();
        String list = html(session, "/ui/pages");
        assertThat(reconnectAlerts(list)).contains(page);
        assertThat(html(session, "/ui/pages/" + page)).contains("id=\"needs-reconnecting\"");
        String form = html(session, "/ui/pages/" + page + "/connection");
        assertThat(form).contains("id=\"needs-reconnecting\"").contains("type=\"password\"");

        Response posted = given().redirects().follow(false).cookie(UiSessions.COOKIE, session)
                .contentType(ContentType.URLENC).formParam("csrf", csrfOf(form)).formParam("pageToken", fresh)
                .post("/ui/pages/" + page + "/connection");
        assertThat(posted.statusCode()).as(posted.asString()).isEqualTo(303);
        String after = html(session, posted.getHeader("Location").replaceFirst("^https?://[^/]+", ""));
        assertThat(after).contains("Page connected.").doesNotContain("id=\"needs-reconnecting\"");
        assertThat(reconnectAlerts(html(session, "/ui/pages"))).doesNotContain(page);
        assertThat(graph.pageName(page)).contains("Page " + page);
        status = body(operator().get("/admin/pages/" + page + "/connection"), 200);
        assertThat(status.path("source").asText()).isEqualTo("CONNECTED");
        assertThat(status.path("environmentToken").asBoolean()).isTrue();
        assertThat(status.path("needsReconnecting").asBoolean()).isFalse();

        // Later bot-service reports Meta's 190 for a send: the connected token is marked rejected too.
        kafka.produceStrings().fromRecords(new ProducerRecord<>(Topics.MESSENGER_OUTBOUND, page + ":psid-x",
                ContractJson.toJson(new OutboundResult(SchemaVersion.CURRENT, "d-" + UUID.randomUUID(), page,
                        "psid-x", 0, OrderKind.FALLBACK, OutboundOutcome.FAILED, "rejected_by_meta", null, 190, null,
                        Instant.now())))).awaitCompletion(WAIT);
        await().atMost(WAIT).untilAsserted(() -> assertThat(body(operator().get("/admin/pages/" + page
                + "/connection"), 200).path("needsReconnecting").asBoolean()).isTrue());
        PageConnection rejected = awaitConnection(page, 3);
        assertThat(rejected.connected()).isTrue();
        assertThat(rejected.rejectedFingerprint()).isEqualTo(PageTokenCipher.fingerprint(fresh));
        for (String html : List.of(html(session, "/ui/pages"), html(session, "/ui/pages/" + page + "/connection"))) {
            assertThat(html).doesNotContain(environment).doesNotContain(fresh);
        }
    }

    @Test
    void aPageAdminMayConnectOnlyItsOwnPages() throws Exception {
        String user = "connect-" + UUID.randomUUID().toString().substring(0, 8);
        String password = secret("a-long-password-" + UUID.randomUUID());
        String own = EmulatorResource.PAGE_REST;
        body(operator().body(Map.of("password", password, "pages", List.of(own))).put("/admin/accounts/" + user),
                200);
        String other = EmulatorResource.PAGE_ACTIVATE;
        String token = secret(EmulatorResource.token(other));

        Response refused = given().auth().preemptive().basic(user, password).contentType(ContentType.JSON)
                .body(Map.of("pageToken", token)).put("/admin/pages/" + other + "/connection");
        assertThat(body(refused, 403).path("reason").asText()).isEqualTo("forbidden_page");
        assertThat(body(given().auth().preemptive().basic(user, password)
                .get("/admin/pages/" + own + "/connection"), 200).path("source").asText()).isEqualTo("ENVIRONMENT");
        assertThat(QuarkusTransaction.requiringNew().call(() -> connections.find(other))
                .map(e -> e.tokenCiphertext)).isEmpty();
    }

    @Test
    void aCsrfLessFormChangesNothing() {
        secret(EmulatorResource.token(EmulatorResource.PAGE_REST));
        String session = signIn();
        Response posted = given().redirects().follow(false).cookie(UiSessions.COOKIE, session)
                .contentType(ContentType.URLENC).formParam("pageToken", EmulatorResource.token(EmulatorResource.PAGE_REST))
                .post("/ui/pages/" + EmulatorResource.PAGE_REST + "/connection");
        assertThat(posted.statusCode()).isEqualTo(403);
        assertThat(QuarkusTransaction.requiringNew().call(() -> connections.find(
                EmulatorResource.PAGE_REST)).map(e -> e.tokenCiphertext)).isEmpty();
    }

    /** The {@code count}-th record of the page on {@code page.connections} (oldest first). */
    private PageConnection awaitConnection(String page, int count) {
        List<ConsumerRecord<String, String>> records = TopicReader.of(kafka, Topics.PAGE_CONNECTIONS)
                .awaitKey(page, count, WAIT);
        return ContractJson.fromJson(records.get(count - 1).value(), PageConnection.class);
    }

    private static String signIn() {
        Response response = given().redirects().follow(false).formParam("token", SettingsPageHttpTest.ADMIN_TOKEN)
                .post("/ui/login");
        assertThat(response.statusCode()).isEqualTo(303);
        return response.getCookie(UiSessions.COOKIE);
    }

    private String html(String session, String path) {
        String html = given().cookie(UiSessions.COOKIE, session).get(path).then().statusCode(200).extract().asString();
        for (String secret : secrets) {
            assertThat(html).doesNotContain(secret);
        }
        return html;
    }

    private static String csrfOf(String html) {
        Matcher m = CSRF.matcher(html);
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    /** The page ids whose row in the list carries the red "needs reconnecting" line. */
    private static List<String> reconnectAlerts(String list) {
        return Pattern.compile("<tr>\\s*<td><a href=\"/ui/pages/(\\d+)\">(?:(?!</tr>).)*page-reconnect",
                Pattern.DOTALL).matcher(list).results().map(r -> r.group(1)).toList();
    }

    /** Every log record of the application while a test runs, formatted with its parameters and exceptions. */
    static final class CapturedLogs extends Handler {
        private final List<String> texts = new CopyOnWriteArrayList<>();

        @Override
        public void publish(LogRecord record) {
            StringBuilder text = new StringBuilder(String.valueOf(record.getMessage()));
            if (record.getParameters() != null) {
                for (Object parameter : record.getParameters()) {
                    text.append(' ').append(parameter);
                }
            }
            for (Throwable t = record.getThrown(); t != null; t = t.getCause()) {
                text.append(' ').append(t);
            }
            texts.add(text.toString());
        }

        List<String> texts() {
            return texts;
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }
}
