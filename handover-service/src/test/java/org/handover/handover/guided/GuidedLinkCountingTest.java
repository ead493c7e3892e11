package org.handover.handover.guided;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kafka.InjectKafkaCompanion;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.handover.contracts.BulletinClick;
import org.handover.contracts.ContractJson;
import org.handover.contracts.OrderKind;
import org.handover.contracts.OutboundOutcome;
import org.handover.contracts.OutboundResult;
import org.handover.contracts.SchemaVersion;
import org.handover.contracts.Topics;
import org.handover.contracts.TrackedAnswerLinks;
import org.handover.testsupport.KafkaAndPostgresResource;
import org.junit.jupiter.api.Test;

/**
 * The tracked links of guided answers on a real broker and PostgreSQL: bot-service's SENT reports name the links a
 * recipient got, ingress-service's click records name the answer, and the admin API counts each recipient once per
 * answer and link, whatever the repeats, duplicated records and replays (and a click read before the report of the
 * send that carried it counts once the report comes).
 */
@QuarkusTest
@WithTestResource(value = KafkaAndPostgresResource.class, initArgs = @ResourceArg(name = "postgres", value = "true"))
class GuidedLinkCountingTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final AtomicLong PAGES = new AtomicLong(960000000000010L + (System.nanoTime() % 1000) * 100);
    private static final List<String> URLS = List.of("https://shop.example.com/zones", "https://b.example/track");

    @InjectKafkaCompanion
    KafkaCompanion kafka;

    @Test
    void countsEachRecipientOncePerAnswerAndLinkUnderRepeatsAndDuplicatedRecords() {
        String page = Long.toString(PAGES.incrementAndGet());
        String ann = "7000000000000001";
        String bob = "7000000000000002";
        String cleo = "7000000000000003";
        OutboundResult toAnn = sent(page, ann, "DELIVERY", URLS);
        report(toAnn);
        report(toAnn); // the same record delivered twice
        report(sent(page, ann, "DELIVERY", URLS)); // the answer sent to her again (another order)
        report(sent(page, bob, "DELIVERY", URLS));
        report(sent(page, cleo, "HOURS", List.of("https://hours.example/")));
        report(new OutboundResult(SchemaVersion.CURRENT, "d-" + UUID.randomUUID(), page, "7000000000000009", 1,
                OrderKind.ANSWER_GUIDED, OutboundOutcome.FAILED, "meta_error", null, 100, null, Instant.now(),
                new TrackedAnswerLinks("DELIVERY", URLS))); // not sent: not a recipient
        // Records of one key are read in order: these come after every report to ann, and to bob, above.
        report(sent(page, ann, "RETURNS", List.of("https://returns.example/")));
        report(sent(page, bob, "RETURNS", List.of("https://returns.example/")));

        BulletinClick annFirst = click(page, ann, "DELIVERY", 0);
        produce(annFirst);
        produce(annFirst); // a redelivered click record
        produce(click(page, ann, "DELIVERY", 0)); // she clicked again
        produce(click(page, ann, "DELIVERY", 1));
        produce(click(page, bob, "DELIVERY", 0)); // the last DELIVERY click: every one above was read before it

        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            JsonPath stats = stats(page);
            assertThat(stats.getList("links.answerKey", String.class))
                    .containsExactly("DELIVERY", "DELIVERY", "HOURS", "RETURNS");
            assertThat(stats.getList("links.sent", Integer.class)).containsExactly(2, 2, 1, 2);
            assertThat(stats.getList("links.clicked", Integer.class)).containsExactly(2, 1, 0, 0);
        });
        JsonPath stats = stats(page);
        assertThat(stats.getList("links.index", Integer.class)).containsExactly(0, 1, 0, 0);
        assertThat(stats.getList("links.url", String.class)).containsExactly(URLS.get(0), URLS.get(1),
                "https://hours.example/", "https://returns.example/");
        assertThat(stats.getList("links.rate", Float.class)).containsExactly(1.0f, 0.5f, 0.0f, 0.0f);

        // Replayed: every record again changes nothing (each marker is read after the replays of its key).
        report(toAnn);
        report(sent(page, ann, "HOURS", List.of("https://hours.example/")));
        produce(annFirst);
        produce(click(page, bob, "DELIVERY", 0));
        String dan = "7000000000000004";
        report(sent(page, dan, "DELIVERY", URLS));
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200))
                .until(() -> stats(page).getInt("links[0].sent") == 3 && stats(page).getInt("links[2].sent") == 2);
        produce(click(page, dan, "DELIVERY", 1));
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200))
                .until(() -> stats(page).getInt("links[1].clicked") == 2);
        assertThat(stats(page).getList("links.sent", Integer.class)).containsExactly(3, 3, 2, 2);
        assertThat(stats(page).getList("links.clicked", Integer.class)).containsExactly(2, 2, 0, 0);
    }

    @Test
    void aClickReadBeforeTheReportOfItsSendCountsOnceTheReportComes() {
        String page = Long.toString(PAGES.incrementAndGet());
        String dan = "7000000000000004";
        produce(click(page, dan, "DELIVERY", 0));
        BulletinClick other = click(page, "7000000000000005", "DELIVERY", 0); // never sent: never counted
        produce(other);
        report(sent(page, dan, "DELIVERY", URLS));

        JsonPath stats = await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> stats(page),
                s -> s.getList("links").size() == 2 && s.getInt("links[0].clicked") == 1);
        assertThat(stats.getList("links.sent", Integer.class)).containsExactly(1, 1);
        assertThat(stats.getList("links.clicked", Integer.class)).containsExactly(1, 0);
    }

    @Test
    void refusesAPageIdThatCannotNameAPageAndAnswersAnEmptyListForAPageWithoutTrackedLinks() {
        admin().get("/admin/pages/960000000000099/guided-links").then().statusCode(200);
        assertThat(stats("960000000000099").getList("links")).isEmpty();
        given().get("/admin/pages/960000000000099/guided-links").then().statusCode(401);
        admin().get("/admin/pages/" + "9".repeat(65) + "/guided-links").then().statusCode(400);
    }

    private static OutboundResult sent(String page, String psid, String answer, List<String> urls) {
        return new OutboundResult(SchemaVersion.CURRENT, "d-" + UUID.randomUUID(), page, psid, 1,
                OrderKind.ANSWER_GUIDED, OutboundOutcome.SENT, null, "m-" + UUID.randomUUID(), null, null,
                Instant.now(), new TrackedAnswerLinks(answer, urls));
    }

    private static BulletinClick click(String page, String psid, String answer, int link) {
        return new BulletinClick(SchemaVersion.CURRENT, UUID.randomUUID().toString(), null, link, page, psid,
                Instant.now(), answer);
    }

    private void report(OutboundResult result) {
        kafka.produceStrings().fromRecords(new ProducerRecord<>(Topics.MESSENGER_OUTBOUND, result.key(),
                ContractJson.toJson(result))).awaitCompletion(WAIT);
    }

    private void produce(BulletinClick click) {
        kafka.produceStrings().fromRecords(new ProducerRecord<>(Topics.BULLETIN_CLICKS, click.key(),
                ContractJson.toJson(click))).awaitCompletion(WAIT);
    }

    private static io.restassured.specification.RequestSpecification admin() {
        return given().auth().oauth2("test-admin-token").contentType(ContentType.JSON);
    }

    private static JsonPath stats(String page) {
        return admin().get("/admin/pages/" + page + "/guided-links").then().statusCode(200).extract().jsonPath();
    }
}
