package org.handover.handover.bulletin;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
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
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.handover.contracts.ContractJson;
import org.handover.contracts.Decision;
import org.handover.contracts.DecisionType;
import org.handover.contracts.OrderKind;
import org.handover.contracts.OutboundOutcome;
import org.handover.contracts.OutboundReasons;
import org.handover.contracts.OutboundResult;
import org.handover.contracts.QuickReply;
import org.handover.contracts.SchemaVersion;
import org.handover.contracts.Topics;
import org.handover.handover.domain.ConversationState;
import org.handover.handover.domain.ConversationStates;
import org.handover.handover.repository.ConversationRepository;
import org.handover.handover.rest.AdminAccountResource;
import org.handover.handover.rest.PageConnectionResource;
import org.handover.handover.rest.PageSettingsUpdate;
import org.handover.handover.rest.bulletin.BulletinRequest;
import org.handover.handover.ui.SettingsForm;
import org.handover.service.support.jdbc.Sql;
import org.handover.testsupport.KafkaAndPostgresResource;
import org.handover.testsupport.TopicReader;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Bulletins on a real broker and PostgreSQL: composed through the admin API, ordered per conversation on
 * {@code conversation.decisions} under the conversation's epoch, held while an agent holds the thread, dropped
 * outside the window, and their progress moved by bot-service's reports on {@code messenger.outbound}. Each test has
 * its own page, whose conversations it writes directly.
 */
@QuarkusTest
@WithTestResource(value = KafkaAndPostgresResource.class, initArgs = @ResourceArg(name = "postgres", value = "true"))
class BulletinDeliveryTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String OUR_APP = "220000000000002";
    private static final String INBOX = "263902037430900";

    @InjectKafkaCompanion
    KafkaCompanion kafka;

    @Inject
    ConversationRepository conversations;

    @Inject
    Sql sql;

    @Inject
    ObjectMapper json;

    String page;
    Instant now;

    @BeforeEach
    void newPage() {
        page = "TEST_" + UUID.randomUUID();
        now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    @Test
    void botOwnedGetOrdersUnderTheirEpochAgentHeldWaitAndOldOnesAreDropped() {
        save(ConversationStates.botOwned(page, "bot", OUR_APP).epoch(2).lastUserActivityAt(now.minusSeconds(60)));
        save(ConversationStates.agentOwned(page, "agent", INBOX).epoch(1).lastUserActivityAt(now.minusSeconds(30)));
        save(ConversationStates.botOwned(page, "old", OUR_APP).lastUserActivityAt(now.minus(Duration.ofHours(25))));

        String id = create(Map.of("text", "Spring service week", "quickReplies",
                List.of(Map.of("title", "Opening hours", "payload", "OPENING_HOURS"))));

        Decision order = awaitOrder("bot", 1).get(0);
        assertThat(order.epoch()).isEqualTo(2);
        assertThat(order.decisionId()).isEqualTo("bulletin:" + id + ":bot:1");
        assertThat(order.order().kind()).isEqualTo(OrderKind.BULLETIN);
        assertThat(order.order().bulletinId()).isEqualTo(id);
        assertThat(order.order().tag()).isNull();
        assertThat(order.order().text()).isEqualTo("Spring service week");
        assertThat(order.order().quickReplies()).containsExactly(new QuickReply("Opening hours", "OPENING_HOURS"));
        assertThat(order.order().userMessageAt()).isEqualTo(now.minusSeconds(60));
        // the order is the conversation's last one: a pass of control would wait for its report
        assertThat(find("bot").outstandingOrderId()).isEqualTo(order.decisionId());

        JsonPath progress = awaitProgress(id, p -> p.getLong("progress.queued") == 1
                && p.getLong("progress.held") == 1 && p.getLong("progress.dropped") == 1);
        assertThat(progress.getLong("progress.recipients")).isEqualTo(3);
        assertThat(progress.getLong("progress.reasons.HELD.agent_holds_thread")).isEqualTo(1);
        assertThat(progress.getLong("progress.reasons.DROPPED.outside_window")).isEqualTo(1);
        // held and dropped are committed with the decision not to order: nothing is in their outbox
        assertThat(outboxRows(page + ":agent")).isZero();
        assertThat(outboxRows(page + ":old")).isZero();

        report(order, OutboundOutcome.SENT, null);
        awaitProgress(id, p -> p.getLong("progress.sent") == 1 && p.getLong("progress.queued") == 0);
        assertThat(find("bot").outstandingOrderId()).isNull();

        // the agent is done: the bot owns the thread at a new epoch, and the held copy is ordered under it
        save(ConversationStates.botOwned(page, "agent", OUR_APP).epoch(2).lastUserActivityAt(now.minusSeconds(30)));
        Decision released = awaitOrder("agent", 1).get(0);
        assertThat(released.epoch()).isEqualTo(2);
        assertThat(released.decisionId()).isEqualTo("bulletin:" + id + ":agent:1");

        // bot-service saw the thread change hands again before it got to it: held, and ordered anew once the bot
        // owns it (a new decision id; bot-service still sends one copy per conversation)
        report(released, OutboundOutcome.REFUSED, OutboundReasons.STALE_EPOCH);
        Decision again = awaitOrder("agent", 2).get(1);
        assertThat(again.decisionId()).isEqualTo("bulletin:" + id + ":agent:2");
        report(again, OutboundOutcome.SENT, null);

        JsonPath done = awaitBulletin(id, b -> "DONE".equals(b.getString("state")));
        assertThat(done.getLong("progress.sent")).isEqualTo(2);
        assertThat(done.getLong("progress.dropped")).isEqualTo(1);
        assertThat(done.getString("finishedAt")).isNotNull();
    }

    @Test
    void aTaggedUpdateReachesUsersOutsideTheWindowWithItsTag() {
        save(ConversationStates.botOwned(page, "old", OUR_APP).lastUserActivityAt(now.minus(Duration.ofDays(3))));
        String id = create(Map.of("text", "Your repair is ready for pick-up", "audience", "TAGGED",
                "tag", "POST_PURCHASE_UPDATE", "policy", "Status of repairs customers paid for; no offers"));

        Decision order = awaitOrder("old", 1).get(0);
        assertThat(order.order().tag()).isEqualTo("POST_PURCHASE_UPDATE");
        report(order, OutboundOutcome.FAILED, OutboundReasons.OUTCOME_UNKNOWN);
        JsonPath done = awaitBulletin(id, b -> "DONE".equals(b.getString("state")));
        assertThat(done.getString("messagingType")).isEqualTo("MESSAGE_TAG");
        assertThat(done.getLong("progress.failed")).isEqualTo(1);
        assertThat(done.getLong("progress.reasons.FAILED.outcome_unknown")).isEqualTo(1);
    }

    @Test
    void aScheduledBulletinWaitsAndCanBeCancelled() {
        save(ConversationStates.botOwned(page, "bot", OUR_APP).lastUserActivityAt(now));
        String id = create(Map.of("text", "Next week", "sendAt", now.plus(Duration.ofHours(1)).toString()));

        JsonPath scheduled = get(id);
        assertThat(scheduled.getString("state")).isEqualTo("SCHEDULED");
        assertThat(scheduled.getLong("progress.recipients")).isZero();

        JsonPath cancelled = admin().post(path() + "/" + id + "/cancel").then().statusCode(200).extract().jsonPath();
        assertThat(cancelled.getString("state")).isEqualTo("CANCELLED");
        assertThat(admin().get(path()).then().statusCode(200).extract().jsonPath().getList("id")).containsExactly(id);
        // cancelling again changes nothing
        assertThat(admin().post(path() + "/" + id + "/cancel").then().statusCode(200).extract().jsonPath()
                .getString("state")).isEqualTo("CANCELLED");
    }

    @Test
    void thePreviewShowsTheMessageAndTheAudienceAndStoresNothing() {
        save(ConversationStates.botOwned(page, "bot", OUR_APP).lastUserActivityAt(now));
        save(ConversationStates.agentOwned(page, "agent", INBOX).lastUserActivityAt(now));
        save(ConversationStates.botOwned(page, "old", OUR_APP).lastUserActivityAt(now.minus(Duration.ofDays(2))));
        JsonPath preview = admin().body(Map.of("text", "Hello")).post(path() + "/preview").then().statusCode(200)
                .extract().jsonPath();
        assertThat(preview.getString("messagingType")).isEqualTo("UPDATE");
        assertThat(preview.getString("draft.text")).isEqualTo("Hello");
        assertThat(preview.getLong("audience.conversations")).isEqualTo(3);
        assertThat(preview.getLong("audience.insideWindow")).isEqualTo(2);
        assertThat(preview.getLong("audience.heldNow")).isEqualTo(1);
        assertThat(admin().get(path()).then().statusCode(200).extract().jsonPath().getList("id")).isEmpty();
    }

    @Test
    void aUsersCopiesShowWhereEachIsAndWhenItGotThere() {
        save(ConversationStates.botOwned(page, "bot", OUR_APP).epoch(2).lastUserActivityAt(now.minusSeconds(60)));
        save(ConversationStates.agentOwned(page, "agent", INBOX).lastUserActivityAt(now.minusSeconds(30)));
        save(ConversationStates.botOwned(page, "old", OUR_APP).lastUserActivityAt(now.minus(Duration.ofHours(25))));
        String id = create(Map.of("text", "Closed on Monday"));
        Decision order = awaitOrder("bot", 1).get(0);
        awaitProgress(id, p -> p.getLong("progress.queued") == 1 && p.getLong("progress.held") == 1
                && p.getLong("progress.dropped") == 1);

        JsonPath queued = recipient("bot");
        assertThat(queued.getList("")).hasSize(1);
        assertThat(queued.getString("[0].bulletinId")).isEqualTo(id);
        assertThat(queued.getString("[0].state")).isEqualTo("QUEUED");
        assertThat(queued.getString("[0].decisionId")).isEqualTo(order.decisionId());
        assertThat(queued.getInt("[0].attempts")).isEqualTo(1);
        // when it was decided, as PostgreSQL keeps it (to the microsecond)
        assertThat(Duration.between(order.decidedAt(), Instant.parse(queued.getString("[0].orderedAt"))).abs())
                .isLessThan(Duration.ofMillis(1));
        assertThat(queued.getString("[0].heldSince")).isNull();

        JsonPath held = recipient("agent");
        assertThat(held.getString("[0].state")).isEqualTo("HELD");
        assertThat(held.getString("[0].reason")).isEqualTo("agent_holds_thread");
        assertThat(held.getString("[0].heldSince")).isNotNull();
        assertThat(held.getString("[0].orderedAt")).isNull();

        JsonPath dropped = recipient("old");
        assertThat(dropped.getString("[0].state")).isEqualTo("DROPPED");
        assertThat(dropped.getString("[0].reason")).isEqualTo("outside_window");

        assertThat(recipient("nobody").getList("")).isEmpty();
        assertThat(admin().get(path() + "/recipients/a:b").then().statusCode(400).extract().jsonPath()
                .getString("reason")).isEqualTo("invalid_psid");
    }

    @Test
    void badRequestsAreRefusedClearly() {
        JsonPath invalid = admin().body(Map.of("text", "x".repeat(2001), "audience", "EVERYONE", "sendAt", "soon"))
                .post(path()).then().statusCode(422).extract().jsonPath();
        assertThat(invalid.getString("reason")).isEqualTo("invalid_bulletin");
        assertThat(invalid.getList("errors", String.class)).containsExactly("audience: WINDOW or TAGGED",
                "sendAt: an ISO-8601 instant such as 2026-01-31T09:00:00Z");
        assertThat(admin().body(Map.of("text", "x".repeat(2001))).post(path()).then().statusCode(422).extract()
                .jsonPath().getList("errors", String.class)).containsExactly("text: at most 2000 characters (2001)");
        assertThat(admin().body("{\"text\": [1]}").post(path()).then().statusCode(400).extract().jsonPath()
                .getString("reason")).isEqualTo("malformed_body");
        admin().get(path() + "/" + UUID.randomUUID()).then().statusCode(404);
        admin().get(path() + "/not-a-uuid").then().statusCode(404);
        admin().post(path() + "/" + UUID.randomUUID() + "/cancel").then().statusCode(404);
        given().contentType(ContentType.JSON).body(Map.of("text", "Hi")).post(path()).then().statusCode(401);
        admin().body(Map.of("text", "Hi")).post("/admin/pages/a:b/bulletins").then().statusCode(400);
    }

    /**
     * A body field of the wrong JSON type is refused by Jackson's own deserializers, in every Quarkus start of the JVM:
     * the build generates none of Quarkus REST's reflection-free ones (which read {@code [1]} as {@code ""}, and which
     * only a later start in the same JVM used, so the 400 above depended on the order of the test classes).
     */
    @Test
    void requestBodiesAreReadByJacksonsStrictDeserializers() {
        for (Class<?> body : List.of(BulletinRequest.class, PageSettingsUpdate.class,
                PageConnectionResource.ConnectRequest.class, AdminAccountResource.AccountUpdate.class,
                SettingsForm.class)) {
            assertThatThrownBy(() -> Class.forName(body.getName() + "$quarkusjacksondeserializer", false,
                    body.getClassLoader())).as(body.getName()).isInstanceOf(ClassNotFoundException.class);
        }
        assertThatThrownBy(() -> json.readValue("{\"text\": [1]}", BulletinRequest.class))
                .isInstanceOf(MismatchedInputException.class);
    }

    // ---------------------------------------------------------------------------------------------- helpers

    private void save(ConversationStates.Builder builder) {
        ConversationState state = builder.ownerSince(now.minusSeconds(3600)).build();
        QuarkusTransaction.requiringNew().run(() -> {
            conversations.lock(state.pageId(), state.psid(), OUR_APP, now);
            conversations.save(state, now);
        });
    }

    private ConversationState find(String psid) {
        return QuarkusTransaction.requiringNew().call(() -> conversations.find(page, psid)).orElseThrow();
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

    private JsonPath recipient(String psid) {
        return admin().get(path() + "/recipients/" + psid).then().statusCode(200).extract().jsonPath();
    }

    private JsonPath awaitBulletin(String id, Predicate<JsonPath> reached) {
        return await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(() -> get(id), reached::test);
    }

    private JsonPath awaitProgress(String id, Predicate<JsonPath> reached) {
        return awaitBulletin(id, reached);
    }

    private List<Decision> awaitOrder(String psid, int count) {
        return TopicReader.of(kafka, Topics.CONVERSATION_DECISIONS)
                .await(r -> (page + ":" + psid).equals(r.key()) && isBulletin(r), count, WAIT).stream()
                .map(r -> ContractJson.fromJson(r.value(), Decision.class)).toList();
    }

    private long outboxRows(String key) {
        return sql.count("select count(*) from outbox where conversation_key = ?", key);
    }

    private static boolean isBulletin(ConsumerRecord<String, String> r) {
        Decision d = ContractJson.fromJson(r.value(), Decision.class);
        return d.type() == DecisionType.REPLY_ORDER && d.order().kind() == OrderKind.BULLETIN;
    }

    private void report(Decision order, OutboundOutcome outcome, String reason) {
        OutboundResult result = new OutboundResult(SchemaVersion.CURRENT, order.decisionId(), order.pageId(),
                order.psid(), order.epoch(), OrderKind.BULLETIN, outcome, reason,
                outcome == OutboundOutcome.SENT ? "m-" + UUID.randomUUID() : null, null, null, Instant.now());
        kafka.produceStrings().fromRecords(new ProducerRecord<>(Topics.MESSENGER_OUTBOUND, result.key(),
                ContractJson.toJson(result))).awaitCompletion(WAIT);
    }
}
