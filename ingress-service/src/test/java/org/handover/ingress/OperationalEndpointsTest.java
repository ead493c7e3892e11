package org.handover.ingress;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.handover.testsupport.KafkaAndPostgresResource;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(KafkaAndPostgresResource.class)
class OperationalEndpointsTest {

    @Test
    void isLive() {
        given().get("/q/health/live").then().statusCode(200);
    }

    @Test
    void isReadyOnlyWithKafkaUp() {
        JsonPath health = given().get("/q/health/ready").then().statusCode(200).extract().jsonPath();

        assertThat(health.getString("status")).isEqualTo("UP");
        assertThat(health.getList("checks.name", String.class))
                .contains("Kafka connection health check", "SmallRye Reactive Messaging - readiness check");
        assertThat(health.getList("checks.status", String.class)).containsOnly("UP");
    }

    @Test
    void servesPrometheusMetrics() {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();

        assertThat(metrics.lines()).anyMatch(l -> l.startsWith("jvm_memory_used_bytes{"));
    }
}
