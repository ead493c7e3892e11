package org.handover.testsupport;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What every service must offer an operator: liveness, readiness that includes its infrastructure, and Prometheus
 * metrics. A service's test extends this with {@code @QuarkusTest} and names the readiness checks it must report.
 */
public abstract class OperationalEndpointsContract {

    /**
     * Readiness checks that must be present and UP: by default the broker connection and the messaging channels,
     * which every service has; a service with more infrastructure adds its checks.
     */
    protected List<String> requiredReadinessChecks() {
        return kafkaChecks();
    }

    @Test
    void reportsLive() {
        JsonPath health = given().get("/q/health/live").then().statusCode(200).extract().jsonPath();

        assertThat(health.getString("status")).isEqualTo("UP");
    }

    @Test
    void reportsReadyWithEveryInfrastructureCheckUp() {
        JsonPath health = given().get("/q/health/ready").then().statusCode(200).extract().jsonPath();

        assertThat(health.getString("status")).isEqualTo("UP");
        assertThat(health.getList("checks.name", String.class)).containsAll(requiredReadinessChecks());
        assertThat(health.getList("checks.status", String.class)).containsOnly("UP");
    }

    @Test
    void servesPrometheusMetrics() {
        // The Accept header a Prometheus server sends for the classic text format.
        String metrics = given().accept("text/plain; version=0.0.4").get("/q/metrics").then().statusCode(200)
                .contentType(org.hamcrest.Matchers.startsWith("text/plain")).extract().asString();

        assertThat(metrics.lines()).anyMatch(l -> l.startsWith("jvm_memory_used_bytes{"));
        assertThat(metrics.lines()).anyMatch(l -> l.startsWith("process_uptime_seconds"));
    }

    /** The readiness checks every service has: the broker connection and the messaging channels. */
    protected static List<String> kafkaChecks() {
        return List.of("Kafka connection health check", "SmallRye Reactive Messaging - readiness check");
    }

    /** The readiness checks of a service that also keeps a database: {@link #kafkaChecks()} and its connections. */
    protected static List<String> kafkaAndDatabaseChecks() {
        return Stream.concat(kafkaChecks().stream(), Stream.of("Database connections health check")).toList();
    }
}
