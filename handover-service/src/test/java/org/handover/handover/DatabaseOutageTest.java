package org.handover.handover;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kafka.InjectKafkaCompanion;
import io.restassured.path.json.JsonPath;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.handover.contracts.ContractJson;
import org.handover.contracts.EventClass;
import org.handover.contracts.InboundEvent;
import org.handover.contracts.InboundEvents;
import org.handover.contracts.Topics;
import org.handover.handover.messaging.Channels;
import org.handover.harness.EmbeddedDatabase;
import org.handover.service.support.jdbc.Sql;
import org.handover.service.support.messaging.ConsumerOutageCheck;
import org.handover.testsupport.KafkaAndPostgresResource;
import org.handover.testsupport.OutcomeCounters;
import org.handover.testsupport.TopicReader;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The drill of issue 17: PostgreSQL down for longer than the consumers' old 15 s of retries. The event that arrives
 * meanwhile is neither lost nor dead-lettered: the consumer pauses (readiness DOWN with the reason), and handles it
 * once the database is back.
 */
@QuarkusTest
@WithTestResource(value = KafkaAndPostgresResource.class, initArgs = @ResourceArg(name = "postgres", value = "true"))
class DatabaseOutageTest {

    /** Longer than the old bounded retries (5 retries, 0.5 s doubling to 8 s: 15.5 s). */
    private static final Duration OUTAGE = Duration.ofSeconds(20);
    private static final Duration WAIT = Duration.ofSeconds(30);
    /** The infrastructure failures a database outage shows first, depending on timing (see below). */
    private static final java.util.List<String> PAUSE_CAUSES = java.util.List.of(
            "org.postgresql.util.PSQLException", "java.sql.SQLException");

    @InjectKafkaCompanion
    KafkaCompanion kafka;

    @Inject
    MeterRegistry registry;

    @Inject
    Sql sql;

    @Test
    void anEventThatArrivesDuringADatabaseOutageIsHandledWhenItIsBackAndNeverDeadLettered() {
        EmbeddedDatabase database = KafkaAndPostgresResource.embeddedDatabase().orElse(null);
        Assumptions.assumeTrue(database != null, "needs the embedded database, which a test may stop");
        String psid = "user-" + UUID.randomUUID();
        String eventId = "m_" + UUID.randomUUID();
        InboundEvent event = InboundEvents.of("PAGE1", psid)
                .message(eventId, EventClass.FREE_TEXT, Instant.parse("2026-11-25T09:00:00Z"))
                .receivedAt(Instant.now()).build();
        double processedBefore = OutcomeCounters.count(registry, "handover.inbound.records", "processed");

        database.stop();
        try {
            kafka.produceStrings().fromRecords(
                    new ProducerRecord<>(Topics.CONVERSATION_INBOUND, event.key(), ContractJson.toJson(event)))
                    .awaitCompletion(WAIT);

            // The reason names the outermost infrastructure failure of the first failed attempt, never its message:
            // the driver's exception when a pooled connection breaks or a new one is refused (under Sql's unchecked
            // wrapper, which is no infrastructure failure itself),
            // or Agroal's plain SQLException ("Sorry, acquisition timeout!") when opening a connection outlasts the
            // pool's acquisition timeout, which a loaded machine makes happen. Which one comes first is timing.
            await().atMost(WAIT).untilAsserted(() -> assertThat(pauseReason()).isNotNull()
                    .matches("paused since \\S+: (" + String.join("|", PAUSE_CAUSES).replace(".", "\\.") + ")"));
            assertThat(registry.get("consumer.paused").tag("channel", Channels.INBOUND_EVENTS).gauge().value())
                    .isEqualTo(1);
            // Past the old bounded retries the record is still waiting, not dead-lettered.
            await().during(OUTAGE).atMost(OUTAGE.plusSeconds(10)).untilAsserted(() -> {
                assertThat(pauseReason()).isNotNull();
                assertThat(deadLetters(event.key())).isZero();
            });
        } finally {
            database.start();
        }

        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(pauseReason()).isNull();
            assertThat(OutcomeCounters.count(registry, "handover.inbound.records", "processed"))
                    .isEqualTo(processedBefore + 1);
        });
        assertThat(sql.first("select conversation_key from processed_event where event_id = ?", r -> r.string(1),
                eventId)).contains(event.key());
        assertThat(deadLetters(event.key())).isZero();
        assertThat(registry.get("consumer.paused").tag("channel", Channels.INBOUND_EVENTS).gauge().value()).isZero();
    }

    /** The readiness check's reason for the inbound channel, or {@code null} when it is not paused. */
    private static String pauseReason() {
        JsonPath health = given().get("/q/health/ready").then().extract().jsonPath();
        Map<String, Object> check = health.getMap("checks.find { it.name == '" + ConsumerOutageCheck.NAME + "' }");
        assertThat(check).as("the consumer outage check").isNotNull();
        Object data = check.get("data");
        Object reason = data instanceof Map<?, ?> map ? map.get(Channels.INBOUND_EVENTS) : null;
        assertThat(check.get("status")).isEqualTo(reason == null ? "UP" : "DOWN");
        return (String) reason;
    }

    private int deadLetters(String key) {
        return TopicReader.of(kafka, Topics.deadLetter(Topics.CONVERSATION_INBOUND))
                .await(r -> key.equals(r.key()), 0, Duration.ofSeconds(5)).size();
    }
}
