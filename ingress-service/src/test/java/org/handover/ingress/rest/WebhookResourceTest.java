package org.handover.ingress.rest;

import static io.restassured.RestAssured.given;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kafka.InjectKafkaCompanion;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.handover.contracts.RawEventHeaders;
import org.handover.contracts.Topics;
import org.handover.ingress.domain.SignatureVerifier;
import org.handover.ingress.messaging.QuarantinePublisher;
import org.handover.ingress.service.WebhookMetrics;
import org.handover.testsupport.KafkaAndPostgresResource;
import org.handover.testsupport.OutcomeCounters;
import org.handover.testsupport.TopicReader;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(KafkaAndPostgresResource.class)
class WebhookResourceTest {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final int MAX_BODY = 2 * 1024 * 1024;

    @InjectKafkaCompanion
    KafkaCompanion kafka;

    @Inject
    MeterRegistry registry;

    @ConfigProperty(name = "quarkus.http.test-port")
    int port;

    /** A page id no other test uses (topics are shared by the whole JVM). */
    private static String newPage() {
        return Long.toString(ThreadLocalRandom.current().nextLong(100_000_000_000_000L, 999_999_999_999_999L));
    }

    private static String message(String sender, String recipient, String mid, String text) {
        return "{\"sender\":{\"id\":\"" + sender + "\"},\"recipient\":{\"id\":\"" + recipient
                + "\"},\"timestamp\":1764064800123,\"message\":{\"mid\":\"" + mid + "\",\"text\":\"" + text + "\"}}";
    }

    private static String page(String pageId, String... events) {
        return "{\"object\":\"page\",\"entry\":[{\"id\":\"" + pageId + "\",\"time\":1764064800500,\"messaging\":["
                + String.join(",", events) + "]}]}";
    }

    @Test
    void answersVerificationWithTheChallenge() {
        String challenge = given().queryParam("hub.mode", "subscribe").queryParam("hub.verify_token", "test-verify-token")
                .queryParam("hub.challenge", "1158201444").get(WebhookResource.PATH)
                .then().statusCode(200).contentType("text/plain").extract().asString();

        assertThat(challenge).isEqualTo("1158201444");
    }

    @Test
    void refusesVerificationWithWrongTokenModeOrNoChallenge() {
        given().queryParam("hub.mode", "subscribe").queryParam("hub.verify_token", "guess")
                .queryParam("hub.challenge", "1").get(WebhookResource.PATH).then().statusCode(403);
        given().queryParam("hub.mode", "unsubscribe").queryParam("hub.verify_token", "test-verify-token")
                .queryParam("hub.challenge", "1").get(WebhookResource.PATH).then().statusCode(403);
        given().queryParam("hub.mode", "subscribe").queryParam("hub.verify_token", "test-verify-token")
                .get(WebhookResource.PATH).then().statusCode(403);
        given().get(WebhookResource.PATH).then().statusCode(403);
    }

    @Test
    void writesAMultiEntryMultiUserBatchAsOneRecordPerEventInConversationOrder() {
        String p1 = newPage();
        String p2 = newPage();
        // Entry 1, page p1: u1 twice, an echo to u2 (sent by the page), a page-level app_roles event.
        String m1 = message("u1", p1, "m1", "caf\\u00e9");
        String echo = "{\"sender\":{\"id\":\"" + p1 + "\"},\"recipient\":{\"id\":\"u2\"},\"timestamp\":2,"
                + "\"message\":{\"is_echo\":true,\"app_id\":220000000000002,\"mid\":\"m2\",\"text\":\"hi\"}}";
        String m3 = message("u1", p1, "m3", "second");
        String roles = "{\"recipient\":{\"id\":\"" + p1 + "\"},\"timestamp\":3,"
                + "\"app_roles\":{\"220000000000002\":[\"primary_receiver\"]}}";
        // Entry 2, page p2: u3 in standby (another app owns the thread), then in messaging.
        String s1 = message("u3", p2, "m4", "standby one");
        String s2 = "{\"sender\":{\"id\":\"u3\"},\"recipient\":{\"id\":\"" + p2 + "\"},\"timestamp\":5,"
                + "\"read\":{\"watermark\":4}}";
        String body = "{\"object\":\"page\",\"entry\":["
                + "{\"id\":\"" + p1 + "\",\"time\":1764064800500,\"messaging\":[" + m1 + "," + echo + "," + m3 + ","
                + roles + "]},"
                + "{\"id\":\"" + p2 + "\",\"time\":1764064800600,\"standby\":[" + s1 + "],\"messaging\":[" + s2 + "]}]}";
        double acceptedBefore = OutcomeCounters.count(registry, WebhookMetrics.REQUESTS, "accepted");
        double eventsBefore = OutcomeCounters.count(registry, WebhookMetrics.EVENTS, "accepted");
        long before = System.currentTimeMillis();

        Response response = given().contentType("application/json; charset=UTF-8")
                .header(SignatureVerifier.HEADER, SignatureVerifier.sign(SignedPost.SECRET, body.getBytes(UTF_8)))
                .body(body.getBytes(UTF_8)).post(WebhookResource.PATH);

        assertThat(response.statusCode()).isEqualTo(200);
        String requestId = response.header(WebhookResource.REQUEST_ID_HEADER);
        assertThat(requestId).isNotBlank();
        assertThat(response.jsonPath().getString("requestId")).isEqualTo(requestId);
        assertThat(response.jsonPath().getInt("events")).isEqualTo(6);

        List<ConsumerRecord<String, String>> records = TopicReader.of(kafka, Topics.WEBHOOK_RAW).await(
                r -> requestId.equals(TopicReader.headers(r).get(RawEventHeaders.REQUEST_ID)), 6, WAIT);
        assertThat(records).hasSize(6);
        assertThat(records).filteredOn(r -> r.key().equals(p1 + ":u1")).extracting(ConsumerRecord::value)
                .as("one conversation's events in body order").containsExactly(m1, m3);
        assertThat(records).filteredOn(r -> r.key().equals(p2 + ":u3")).extracting(ConsumerRecord::value)
                .containsExactly(s1, s2);
        assertThat(records).extracting(ConsumerRecord::key, ConsumerRecord::value,
                        r -> TopicReader.headers(r).get(RawEventHeaders.CHANNEL),
                        r -> TopicReader.headers(r).get(RawEventHeaders.PAGE_ID),
                        r -> TopicReader.headers(r).get(RawEventHeaders.ENTRY_TIME))
                .containsExactlyInAnyOrder(
                        tuple(p1 + ":u1", m1, "messaging", p1, "1764064800500"),
                        tuple(p1 + ":u2", echo, "messaging", p1, "1764064800500"),
                        tuple(p1 + ":u1", m3, "messaging", p1, "1764064800500"),
                        tuple(p1, roles, "messaging", p1, "1764064800500"),
                        tuple(p2 + ":u3", s1, "standby", p2, "1764064800600"),
                        tuple(p2 + ":u3", s2, "messaging", p2, "1764064800600"));
        Map<String, String> headers = TopicReader.headers(records.get(0));
        assertThat(headers).containsEntry(RawEventHeaders.OBJECT, "page")
                .containsEntry(RawEventHeaders.REQUEST_ID, requestId)
                .containsEntry(RawEventHeaders.SCHEMA_VERSION, "1");
        assertThat(Long.parseLong(headers.get(RawEventHeaders.RECEIVED_AT)))
                .isBetween(before, System.currentTimeMillis());
        assertThat(OutcomeCounters.count(registry, WebhookMetrics.REQUESTS, "accepted")).isEqualTo(acceptedBefore + 1);
        assertThat(OutcomeCounters.count(registry, WebhookMetrics.EVENTS, "accepted")).isEqualTo(eventsBefore + 6);
    }

    @Test
    void acceptsBodiesSignedWithThePreviousSecret() {
        String p = newPage();
        byte[] body = page(p, message("u1", p, "m1", "x")).getBytes(UTF_8);

        SignedPost.post(body, SignatureVerifier.sign(SignedPost.PREVIOUS_SECRET, body)).then().statusCode(200);
    }

    @Test
    void refusesBadSignaturesNamingTheCauseAndPublishesNothing() {
        String p = newPage();
        String rejected = page(p, message("u1", p, "rejected", "x"));
        byte[] bytes = rejected.getBytes(UTF_8);
        String wrong = SignatureVerifier.sign("not-our-secret", bytes);
        double before = OutcomeCounters.count(registry, WebhookMetrics.REQUESTS, "bad_signature");

        assertRefusal(SignedPost.post(bytes, null), 401, "signature_missing");
        assertRefusal(SignedPost.post(bytes, "sha1=" + wrong.substring(7, 47)), 403, "signature_malformed");
        assertRefusal(SignedPost.post(bytes, "sha256=xyz"), 403, "signature_malformed");
        Response mismatch = SignedPost.post(bytes, wrong);
        assertRefusal(mismatch, 403, "signature_mismatch");
        assertThat(mismatch.asString()).doesNotContain(wrong.substring(7), SignedPost.SECRET);
        assertThat(OutcomeCounters.count(registry, WebhookMetrics.REQUESTS, "bad_signature")).isEqualTo(before + 4);

        // The same conversation again, signed: had any refused body been published, it would come first in the
        // conversation's partition.
        String accepted = message("u1", p, "accepted", "x");
        SignedPost.post(page(p, accepted)).then().statusCode(200);
        assertThat(TopicReader.of(kafka, Topics.WEBHOOK_RAW).awaitKey(p + ":u1", 1, WAIT))
                .extracting(ConsumerRecord::value).containsExactly(accepted);
    }

    @Test
    void refusesADeclaredOversizeBodyBeforeReadingIt() {
        byte[] body = new byte[MAX_BODY + 1];
        Arrays.fill(body, (byte) ' ');
        double before = OutcomeCounters.count(registry, WebhookMetrics.REQUESTS, "oversize");

        assertRefusal(SignedPost.post(body, SignatureVerifier.sign(SignedPost.SECRET, body)), 413, "body_too_large");
        assertThat(OutcomeCounters.count(registry, WebhookMetrics.REQUESTS, "oversize")).isEqualTo(before + 1);
    }

    @Test
    void refusesAnOversizeChunkedBodyOnceRead() throws Exception {
        byte[] body = new byte[MAX_BODY + 1];
        Arrays.fill(body, (byte) ' ');
        // An InputStream publisher sends no Content-Length: the body arrives chunked.
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + WebhookResource.PATH))
                .header("Content-Type", "application/json")
                .header(SignatureVerifier.HEADER, SignatureVerifier.sign(SignedPost.SECRET, body))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))).build();

        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(JsonPath.from(response.body()).getString("reason")).isEqualTo("body_too_large");
    }

    @Test
    void acceptsABodyAtTheLimit() {
        String p = newPage();
        String event = message("u1", p, "m", "x");
        String head = page(p, event);
        // Pad with insignificant whitespace up to exactly the limit.
        String body = head.substring(0, head.length() - 1) + " ".repeat(MAX_BODY - head.length()) + "}";
        assertThat(body.getBytes(UTF_8)).hasSize(MAX_BODY);

        SignedPost.post(body).then().statusCode(200);
    }

    @Test
    void refusesNonJsonContentTypes() {
        String p = newPage();
        byte[] body = page(p, message("u1", p, "m", "x")).getBytes(UTF_8);
        String signature = SignatureVerifier.sign(SignedPost.SECRET, body);

        for (String type : List.of("text/plain", "application/xml", "application/jsonp")) {
            Response response = given().contentType(type).header(SignatureVerifier.HEADER, signature).body(body)
                    .post(WebhookResource.PATH);
            assertRefusal(response, 415, "not_json");
        }
        Response none = given().header(SignatureVerifier.HEADER, signature).body(body).post(WebhookResource.PATH);
        assertThat(none.statusCode()).isEqualTo(415);
    }

    @Test
    void quarantinesASignedBodyThatIsNotJson() {
        double before = OutcomeCounters.count(registry, WebhookMetrics.REQUESTS, "quarantined");

        Response response = SignedPost.post("{\"object\":\"page\",\"entry\":[{oops");

        assertThat(response.statusCode()).isEqualTo(200);
        String requestId = response.header(WebhookResource.REQUEST_ID_HEADER);
        assertThat(response.jsonPath().getBoolean("quarantined")).isTrue();
        ConsumerRecord<String, String> record = TopicReader.of(kafka, Topics.WEBHOOK_QUARANTINE)
                .awaitKey(requestId, 1, WAIT).get(0);
        assertThat(record.value()).isEqualTo("{\"object\":\"page\",\"entry\":[{oops");
        assertThat(TopicReader.headers(record).get(QuarantinePublisher.REASON)).startsWith("unparseable_json: ");
        assertThat(OutcomeCounters.count(registry, WebhookMetrics.REQUESTS, "quarantined")).isEqualTo(before + 1);
    }

    @Test
    void quarantinesObjectsOtherThanPage() {
        for (String object : List.of("instagram", "whatsapp_business_account", "user")) {
            String body = "{\"object\":\"" + object + "\",\"entry\":[{\"id\":\"1\",\"time\":1,\"messaging\":["
                    + "{\"sender\":{\"id\":\"2\"},\"recipient\":{\"id\":\"1\"}}]}]}";

            Response response = SignedPost.post(body);

            assertThat(response.statusCode()).isEqualTo(200);
            ConsumerRecord<String, String> record = TopicReader.of(kafka, Topics.WEBHOOK_QUARANTINE)
                    .awaitKey(response.header(WebhookResource.REQUEST_ID_HEADER), 1, WAIT).get(0);
            assertThat(record.value()).isEqualTo(body);
            assertThat(TopicReader.headers(record)).containsEntry(QuarantinePublisher.REASON,
                    "unsupported_object: " + object).containsEntry(RawEventHeaders.OBJECT, object);
        }
    }

    @Test
    void keepsEntriesWithoutEventsInQuarantineAndPublishesTheRest() {
        String p = newPage();
        String event = message("u1", p, "m", "x");
        String body = "{\"object\":\"page\",\"entry\":[{\"id\":\"" + p + "\",\"time\":1,\"changes\":[]},"
                + "{\"id\":\"" + p + "\",\"time\":1,\"messaging\":[" + event + "]}]}";

        Response response = SignedPost.post(body);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.jsonPath().getInt("events")).isEqualTo(1);
        String requestId = response.header(WebhookResource.REQUEST_ID_HEADER);
        assertThat(TopicReader.of(kafka, Topics.WEBHOOK_RAW).awaitKey(p + ":u1", 1, WAIT))
                .extracting(ConsumerRecord::value).containsExactly(event);
        ConsumerRecord<String, String> kept = TopicReader.of(kafka, Topics.WEBHOOK_QUARANTINE)
                .awaitKey(requestId, 1, WAIT).get(0);
        assertThat(kept.value()).isEqualTo(body);
        assertThat(TopicReader.headers(kept)).containsEntry(QuarantinePublisher.REASON, "entry_without_events: 1");
    }

    private static void assertRefusal(Response response, int status, String reason) {
        assertThat(response.statusCode()).as("status for %s", reason).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/json");
        JsonPath json = response.jsonPath();
        assertThat(json.getString("reason")).isEqualTo(reason);
        assertThat(json.getString("error")).isNotBlank();
        assertThat(json.getString("requestId")).isEqualTo(response.header(WebhookResource.REQUEST_ID_HEADER));
    }
}
