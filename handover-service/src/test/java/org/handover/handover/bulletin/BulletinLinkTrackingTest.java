package org.handover.handover.bulletin;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kafka.InjectKafkaCompanion;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.handover.contracts.BulletinClick;
import org.handover.contracts.ContractJson;
import org.handover.contracts.Decision;
import org.handover.contracts.DecisionType;
import org.handover.contracts.OrderKind;
import org.handover.contracts.OutboundOutcome;
import org.handover.contracts.OutboundResult;
import org.handover.contracts.SchemaVersion;
import org.handover.contracts.Topics;
import org.handover.contracts.links.LinkToken;
import org.handover.handover.domain.ConversationState;
import org.handover.handover.domain.ConversationStates;
import org.handover.handover.repository.ConversationRepository;
import org.handover.testsupport.KafkaAndPostgresResource;
import org.handover.testsupport.TopicReader;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Link tracking of bulletins on a real broker and PostgreSQL: each recipient's copy carries its own tracked links
 * (the %test profile's {@code TRACKING_BASE_URL} and key), and the clicks that come back on {@code bulletin.clicks}
 * are counted once per recipient and link, whatever the repeats and redeliveries.
 */
@QuarkusTest
@WithTestResource(value = KafkaAndPostgresResource.class, initArgs = @ResourceArg(name = "postgres", value = "true"))
class BulletinLinkTrackingTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String OUR_APP = "220000000000002";
    private static final String BASE = "https://hooks.example.com/l/";
    private static final LinkToken TOKENS = LinkToken.withSecrets(List.of("test-link-signing-key-0123456789abcdef"));
    private static final Pattern TRACKED = Pattern.compile(Pattern.quote(BASE) + "([A-Za-z0-9_-]+)");
    private static final List<String> USERS = List.of("7000000000000001", "7000000000000002", "7000000000000003");

    @InjectKafkaCompanion
    KafkaCompanion kafka;

    @Inject
    ConversationRepository conversations;

    String page;
    Instant now;

    @BeforeEach
    void newPage() {
        page = "TEST_" + UUID.randomUUID();
        now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    @Test
    void eachRecipientGetsItsOwnTrackedLinksAndClicksCountOncePerRecipientAndLink() {
        USERS.forEach(u -> save(ConversationStates.botOwned(page, u, OUR_APP).lastUserActivityAt(now.minusSeconds(60))));

        String id = create(Map.of("text", "Spring sale: https://shop.example.com/sale?x=1. FAQ (https://shop.example.com/faq)"));
        JsonPath created = get(id);
        assertThat(created.getBoolean("linksTracked")).isTrue();
        assertThat(created.getList("links.url")).containsExactly("https://shop.example.com/sale?x=1",
                "https://shop.example.com/faq");

        for (String user : USERS) {
            Decision order = awaitOrder(user);
            String text = order.order().text();
            assertThat(text).startsWith("Spring sale: " + BASE).doesNotContain("shop.example.com")
                    .doesNotContain(user).endsWith(")");
            List<LinkToken.Link> links = TRACKED.matcher(text).results().map(m -> TOKENS.read(m.group(1))
                    .orElseThrow()).toList();
            assertThat(links).extracting(LinkToken.Link::linkIndex, LinkToken.Link::url).containsExactly(
                    org.assertj.core.api.Assertions.tuple(0, "https://shop.example.com/sale?x=1"),
                    org.assertj.core.api.Assertions.tuple(1, "https://shop.example.com/faq"));
            assertThat(links).allSatisfy(l -> {
                assertThat(l.bulletinId().toString()).isEqualTo(id);
                assertThat(l.pageId()).isEqualTo(page);
                assertThat(l.psid()).isEqualTo(user);
            });
            report(order);
        }
        awaitBulletin(id, b -> b.getLong("progress.sent") == 3);

        BulletinClick first = click(id, 0, USERS.get(0));
        produce(id, ContractJson.toJson(first));
        produce(id, ContractJson.toJson(first)); // the same record delivered twice
        produce(id, ContractJson.toJson(click(id, 0, USERS.get(0)))); // the user clicked again
        produce(id, ContractJson.toJson(click(id, 1, USERS.get(0))));
        produce(id, ContractJson.toJson(click(id, 0, USERS.get(1))));
        produce(id, ContractJson.toJson(click(id, 0, "7999999999999999"))); // not a recipient
        produce(id, ContractJson.toJson(click(id, 7, USERS.get(1)))); // no such link
        produce(id, "{\"bulletinId\":"); // malformed: dead-lettered, the partition goes on
        // The last record of the bulletin's partition: once it is counted, every record before it was handled.
        produce(id, ContractJson.toJson(click(id, 1, USERS.get(1))));

        JsonPath counted = awaitBulletin(id, b -> b.getLong("links[1].clicked") == 2);
        assertThat(counted.getLong("progress.clicked")).isEqualTo(2);
        assertThat(counted.getDouble("progress.clickThroughRate")).isCloseTo(2.0 / 3, within(1e-6));
        assertThat(counted.getList("links.clicked", Integer.class)).containsExactly(2, 2);
        assertThat(counted.getDouble("links[0].clickThroughRate")).isCloseTo(2.0 / 3, within(1e-6));
        assertThat(TopicReader.of(kafka, Topics.deadLetter(Topics.BULLETIN_CLICKS)).awaitKey(id, 1, WAIT))
                .extracting(ConsumerRecord::value).containsExactly("{\"bulletinId\":");
    }

    @Test
    void aBulletinWithoutLinksIsNotTrackedAndATextTooLongOnceTrackedIsRefused() {
        save(ConversationStates.botOwned(page, USERS.get(0), OUR_APP).lastUserActivityAt(now.minusSeconds(60)));
        String id = create(Map.of("text", "No links here"));
        JsonPath plain = get(id);
        assertThat(plain.getBoolean("linksTracked")).isFalse();
        assertThat(plain.getList("links")).isEmpty();
        assertThat(plain.getString("progress.clickThroughRate")).isNull();
        assertThat(awaitOrder(USERS.get(0)).order().text()).isEqualTo("No links here");

        String longText = "x".repeat(1900) + " https://shop.example.com/a-long-enough-path";
        List<String> errors = admin().body(Map.of("text", longText)).post(path()).then().statusCode(422)
                .extract().jsonPath().getList("errors");
        assertThat(errors).singleElement().asString()
                .startsWith("text: at most 2000 characters once its links are tracked (");
        String manyLinks = "https://a.example/x ".repeat(21);
        assertThat(admin().body(Map.of("text", manyLinks)).post(path()).then().statusCode(422).extract().jsonPath()
                .getList("errors")).containsExactly("text: at most 20 links (21)");
    }

    // ---------------------------------------------------------------------------------------------- helpers

    private static BulletinClick click(String bulletinId, int link, String psid) {
        return new BulletinClick(SchemaVersion.CURRENT, UUID.randomUUID().toString(), bulletinId, link, "PAGE", psid,
                Instant.now());
    }

    private void produce(String bulletinId, String value) {
        kafka.produceStrings().fromRecords(new ProducerRecord<>(Topics.BULLETIN_CLICKS, bulletinId, value))
                .awaitCompletion(WAIT);
    }

    private void save(ConversationStates.Builder builder) {
        ConversationState state = builder.ownerSince(now.minusSeconds(3600)).build();
        QuarkusTransaction.requiringNew().run(() -> {
            conversations.lock(state.pageId(), state.psid(), OUR_APP, now);
            conversations.save(state, now);
        });
    }

    private String path() {
        return "/admin/pages/" + page + "/bulletins";
    }

    private static RequestSpecification admin() {
        return given().auth().oauth2("test-admin-token").contentType(ContentType.JSON);
    }

    private String create(Map<String, Object> body) {
        return admin().body(body).post(path()).then().statusCode(201).extract().jsonPath().getString("id");
    }

    private JsonPath get(String id) {
        return admin().get(path() + "/" + id).then().statusCode(200).extract().jsonPath();
    }

    private JsonPath awaitBulletin(String id, Predicate<JsonPath> reached) {
        return await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(() -> get(id), reached::test);
    }

    private Decision awaitOrder(String psid) {
        return TopicReader.of(kafka, Topics.CONVERSATION_DECISIONS)
                .await(r -> (page + ":" + psid).equals(r.key()) && isBulletin(r), 1, WAIT).stream()
                .map(r -> ContractJson.fromJson(r.value(), Decision.class)).findFirst().orElseThrow();
    }

    private static boolean isBulletin(ConsumerRecord<String, String> r) {
        Decision d = ContractJson.fromJson(r.value(), Decision.class);
        return d.type() == DecisionType.REPLY_ORDER && d.order().kind() == OrderKind.BULLETIN;
    }

    private void report(Decision order) {
        OutboundResult result = new OutboundResult(SchemaVersion.CURRENT, order.decisionId(), order.pageId(),
                order.psid(), order.epoch(), OrderKind.BULLETIN, OutboundOutcome.SENT, null,
                "m-" + UUID.randomUUID(), null, null, Instant.now());
        kafka.produceStrings().fromRecords(new ProducerRecord<>(Topics.MESSENGER_OUTBOUND, result.key(),
                ContractJson.toJson(result))).awaitCompletion(WAIT);
    }
}
