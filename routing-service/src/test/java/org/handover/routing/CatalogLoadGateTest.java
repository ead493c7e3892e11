package org.handover.routing;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kafka.InjectKafkaCompanion;
import io.restassured.path.json.JsonPath;
import io.smallrye.reactive.messaging.ChannelRegistry;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.handover.contracts.ContractJson;
import org.handover.contracts.EventClass;
import org.handover.contracts.InboundEvent;
import org.handover.contracts.Topics;
import org.handover.routing.messaging.CatalogLoadedCheck;
import org.handover.routing.messaging.Channels;
import org.handover.testsupport.TopicReader;
import org.junit.jupiter.api.Test;

/**
 * After a restart, a user's typed guided option that is already waiting on the raw topic is classified only once
 * {@code bot.catalog} is read to its end: guided, not free text. Until then readiness is DOWN and nothing is
 * classified.
 */
@QuarkusTest
@WithTestResource(CatalogHeldResource.class)
class CatalogLoadGateTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String KEY = CatalogHeldResource.PAGE + ":" + CatalogHeldResource.PSID;

    @InjectKafkaCompanion
    KafkaCompanion kafka;

    @Inject
    ChannelRegistry channels;

    @Test
    void classifiesNothingAndIsNotReadyUntilTheCatalogIsReadToItsEnd() {
        JsonPath before = given().get("/q/health/ready").then().statusCode(503).extract().jsonPath();
        assertThat(catalogCheck(before)).containsEntry("status", "DOWN");
        assertThat(catalogCheck(before).get("data").toString())
                .contains(CatalogHeldResource.PREFIX + Topics.BOT_CATALOG, "partition 0");
        assertThatThrownBy(() -> inbound().awaitKey(KEY, 1, Duration.ofSeconds(3)))
                .as("the raw event waiting since before the start is not classified yet")
                .isInstanceOf(AssertionError.class);

        channels.getPausable(Channels.GUIDED_CATALOGS).resume();

        InboundEvent event = ContractJson.fromJson(inbound().awaitKey(KEY, 1, WAIT).get(0).value(), InboundEvent.class);
        assertThat(event).extracting(InboundEvent::eventClass, InboundEvent::guidedPayload)
                .containsExactly(EventClass.GUIDED, "HOURS");
        await().atMost(WAIT).untilAsserted(() -> assertThat(catalogCheck(given().get("/q/health/ready").then()
                .statusCode(200).extract().jsonPath())).containsEntry("status", "UP"));
    }

    private TopicReader inbound() {
        return TopicReader.of(kafka, CatalogHeldResource.PREFIX + Topics.CONVERSATION_INBOUND);
    }

    private static Map<String, Object> catalogCheck(JsonPath health) {
        List<Map<String, Object>> checks = health.getList("checks");
        return checks.stream().filter(check -> CatalogLoadedCheck.NAME.equals(check.get("name"))).findFirst()
                .orElseThrow(() -> new AssertionError("no readiness check " + CatalogLoadedCheck.NAME + " in " + checks));
    }
}
