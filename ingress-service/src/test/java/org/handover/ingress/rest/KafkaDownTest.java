package org.handover.ingress.rest;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.handover.ingress.service.WebhookMetrics;
import org.handover.testsupport.OutcomeCounters;
import org.junit.jupiter.api.Test;

/** With the broker gone, Meta gets 503 within the acknowledgement bound, and nothing counts as accepted. */
@QuarkusTest
@TestProfile(KafkaDownTest.OwnBroker.class)
class KafkaDownTest {

    /** The default bound (messenger.webhook.ack-timeout) plus room for a loaded build machine; Meta waits 5 s. */
    private static final long ANSWER_WITHIN_MS = 4_500;

    /** This class's own broker, which it stops; producers give up fast when the test ends. */
    public static class OwnBroker implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(StoppableKafka.class));
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "mp.messaging.outgoing.webhook-events.close-timeout", "1000",
                    "mp.messaging.outgoing.webhook-quarantine.close-timeout", "1000");
        }
    }

    @Inject
    MeterRegistry registry;

    @Test
    void answers503WithinTheBoundAndAcceptsNothingWhileKafkaIsDown() {
        String body = "{\"object\":\"page\",\"entry\":[{\"id\":\"P-down\",\"time\":1,\"messaging\":["
                + "{\"sender\":{\"id\":\"u1\"},\"recipient\":{\"id\":\"P-down\"},\"message\":{\"mid\":\"m\"}}]}]}";
        SignedPost.post(body).then().statusCode(200);
        StoppableKafka.stopBroker();
        double accepted = OutcomeCounters.count(registry, WebhookMetrics.REQUESTS, "accepted");
        double acceptedEvents = OutcomeCounters.count(registry, WebhookMetrics.EVENTS, "accepted");
        double unavailable = OutcomeCounters.count(registry, WebhookMetrics.REQUESTS, "unavailable");

        long start = System.nanoTime();
        Response response = SignedPost.post(body);
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;

        assertUnavailable(response);
        assertThat(elapsedMs).isLessThan(ANSWER_WITHIN_MS);

        // A body that would be quarantined cannot be kept either: 503 too, not 200.
        long quarantineStart = System.nanoTime();
        assertUnavailable(SignedPost.post("{\"object\":\"instagram\",\"entry\":[]}"));
        assertThat((System.nanoTime() - quarantineStart) / 1_000_000).isLessThan(ANSWER_WITHIN_MS);

        assertThat(OutcomeCounters.count(registry, WebhookMetrics.REQUESTS, "accepted")).isEqualTo(accepted);
        assertThat(OutcomeCounters.count(registry, WebhookMetrics.EVENTS, "accepted")).isEqualTo(acceptedEvents);
        assertThat(OutcomeCounters.count(registry, WebhookMetrics.REQUESTS, "unavailable")).isEqualTo(unavailable + 2);
        assertThat(OutcomeCounters.count(registry, WebhookMetrics.EVENTS, "unavailable")).isGreaterThanOrEqualTo(1);
    }

    private static void assertUnavailable(Response response) {
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.header("Retry-After")).isEqualTo("5");
        assertThat(response.jsonPath().getString("reason")).isEqualTo("kafka_timeout");
        assertThat(response.jsonPath().getString("requestId"))
                .isEqualTo(response.header(WebhookResource.REQUEST_ID_HEADER));
        assertThat(response.asString().getBytes(UTF_8)).isNotEmpty();
    }
}
