package org.handover.handover.bulletin;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kafka.InjectKafkaCompanion;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.handover.contracts.ContractJson;
import org.handover.contracts.Decision;
import org.handover.contracts.DecisionType;
import org.handover.contracts.OrderKind;
import org.handover.contracts.Topics;
import org.handover.handover.domain.ConversationState;
import org.handover.handover.domain.ConversationStates;
import org.handover.handover.repository.ConversationRepository;
import org.handover.testsupport.KafkaAndPostgresResource;
import org.handover.testsupport.TopicReader;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A bulletin's copies are ordered at the page's pace ({@code bulletin.rate-per-page}, here 5 a second so that a few
 * dozen recipients take seconds), and cancelling it stops the release: the copies not ordered yet are dropped
 * {@code cancelled} and never ordered. Real broker and PostgreSQL; each test has its own page.
 */
@QuarkusTest
@TestProfile(BulletinPacingTest.SlowPage.class)
@WithTestResource(value = KafkaAndPostgresResource.class, initArgs = @ResourceArg(name = "postgres", value = "true"))
class BulletinPacingTest {

    private static final int RATE = 5;
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String OUR_APP = "220000000000002";

    public static class SlowPage implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("bulletin.rate-per-page", String.valueOf(RATE), "bulletin.tick", "200ms");
        }
    }

    @InjectKafkaCompanion
    KafkaCompanion kafka;

    @Inject
    ConversationRepository conversations;

    String page;
    Instant now;

    @BeforeEach
    void newPage() {
        page = "97" + (1_000_000_000_000L + ThreadLocalRandom.current().nextLong(8_999_999_999_999L));
        now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    @Test
    void copiesAreOrderedNoFasterThanThePagesRate() {
        int recipients = 20;
        for (int i = 0; i < recipients; i++) {
            save("u" + i);
        }
        String id = create("Spring service week");

        List<Decision> orders = awaitOrders(recipients);
        assertThat(orders).extracting(Decision::psid).doesNotHaveDuplicates().hasSize(recipients);
        List<Instant> decided = orders.stream().map(Decision::decidedAt).sorted().toList();
        // a burst of one tick's worth (200 ms at 5/s: one copy), then 5 a second: 20 copies take at least 3.6 s
        Duration span = Duration.between(decided.get(0), decided.get(recipients - 1));
        assertThat(span).isGreaterThanOrEqualTo(Duration.ofMillis((recipients - 2) * 1000L / RATE));
        // in any second, at most the rate plus one burst
        for (Instant from : decided) {
            long inSecond = decided.stream().filter(t -> !t.isBefore(from) && t.isBefore(from.plusSeconds(1)))
                    .count();
            assertThat(inSecond).as("copies ordered in the second from %s", from).isLessThanOrEqualTo(RATE + 1);
        }
        JsonPath progress = get(id);
        assertThat(progress.getLong("progress.queued")).isEqualTo(recipients);
    }

    @Test
    void cancellingStopsTheReleaseAndTheCopiesNotOrderedAreCancelled() {
        int recipients = 40;
        for (int i = 0; i < recipients; i++) {
            save("u" + i);
        }
        String id = create("Closed on Monday");
        awaitOrders(1);

        JsonPath cancelled = admin().post(path() + "/" + id + "/cancel").then().statusCode(200).extract().jsonPath();
        assertThat(cancelled.getString("state")).isEqualTo("CANCELLED");
        long ordered = cancelled.getLong("progress.queued");
        long dropped = cancelled.getLong("progress.reasons.DROPPED.cancelled");
        // at 5 a second only the first few were ordered; every other one is recorded cancelled
        assertThat(ordered).isBetween(1L, 20L);
        assertThat(ordered + dropped).isEqualTo(recipients);
        assertThat(cancelled.getLong("progress.pending")).isZero();

        // and nothing more is ordered: the progress stays, the decision stream has only those copies
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(200))
                .until(() -> get(id), p -> p.getLong("progress.queued") == ordered
                        && p.getLong("progress.reasons.DROPPED.cancelled") == dropped);
        assertThat(awaitOrders((int) ordered)).hasSize((int) ordered);
    }

    // ---------------------------------------------------------------------------------------------- helpers

    private void save(String psid) {
        ConversationState state = ConversationStates.botOwned(page, psid, OUR_APP)
                .lastUserActivityAt(now.minusSeconds(60)).ownerSince(now.minusSeconds(3600)).build();
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

    private String create(String text) {
        return admin().body(Map.of("text", text)).post(path()).then().statusCode(201).extract().jsonPath()
                .getString("id");
    }

    private JsonPath get(String id) {
        return admin().get(path() + "/" + id).then().statusCode(200).extract().jsonPath();
    }

    /** The page's bulletin orders on the decision stream, once there are {@code count}, by decision time. */
    private List<Decision> awaitOrders(int count) {
        return TopicReader.of(kafka, Topics.CONVERSATION_DECISIONS)
                .await(r -> r.key() != null && r.key().startsWith(page + ":"), count, WAIT).stream()
                .map(r -> ContractJson.fromJson(r.value(), Decision.class))
                .filter(d -> d.type() == DecisionType.REPLY_ORDER && d.order().kind() == OrderKind.BULLETIN)
                .sorted(Comparator.comparing(Decision::decidedAt)).toList();
    }
}
