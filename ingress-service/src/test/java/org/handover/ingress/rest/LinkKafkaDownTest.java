package org.handover.ingress.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.handover.contracts.links.LinkToken;
import org.handover.ingress.service.ClickService;
import org.handover.testsupport.OutcomeCounters;
import org.junit.jupiter.api.Test;

/** With the broker gone, a click is still redirected; its record is counted lost once the producer gives up. */
@QuarkusTest
@TestProfile(LinkKafkaDownTest.OwnBroker.class)
class LinkKafkaDownTest {

    /** This class's own broker, which it stops; the click producer gives up within seconds here. */
    public static class OwnBroker implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(StoppableKafka.class));
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "mp.messaging.outgoing.bulletin-clicks.delivery.timeout.ms", "2000",
                    "mp.messaging.outgoing.bulletin-clicks.request.timeout.ms", "1000",
                    "mp.messaging.outgoing.bulletin-clicks.close-timeout", "1000",
                    "mp.messaging.outgoing.webhook-events.close-timeout", "1000",
                    "mp.messaging.outgoing.webhook-quarantine.close-timeout", "1000");
        }
    }

    private static final LinkToken TOKENS = LinkToken.withSecrets(List.of("test-link-signing-key-0123456789abcdef"));

    @Inject
    MeterRegistry registry;

    @Test
    void redirectsWhileKafkaIsDownAndCountsTheLostRecord() {
        // First a click whose record the broker takes. With this profile's 2 s delivery timeout a click made while
        // the new broker is still slow to answer (a loaded machine) may be counted failed instead: then click again,
        // until one is published.
        AtomicInteger clicks = new AtomicInteger();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
            if (OutcomeCounters.count(registry, ClickService.RECORDS, "published")
                    + OutcomeCounters.count(registry, ClickService.RECORDS, "failed")
                    + OutcomeCounters.count(registry, ClickService.RECORDS, "dropped") >= clicks.get()) {
                String before = TOKENS.make(new LinkToken.Link(UUID.randomUUID(), 0, "110000000000001",
                        "7000000000000001", "https://shop.example.com/up"));
                given().redirects().follow(false).get(LinkResource.PATH + before).then().statusCode(302);
                clicks.incrementAndGet();
            }
            return OutcomeCounters.count(registry, ClickService.RECORDS, "published") >= 1;
        });
        StoppableKafka.stopBroker();
        double failed = OutcomeCounters.count(registry, ClickService.RECORDS, "failed");

        LinkToken.Link link = new LinkToken.Link(UUID.randomUUID(), 0, "110000000000001", "7000000000000002",
                "https://shop.example.com/down");
        Response response = given().redirects().follow(false).get(LinkResource.PATH + TOKENS.make(link));

        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(response.header("Location")).isEqualTo(link.url());
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(
                OutcomeCounters.count(registry, ClickService.RECORDS, "failed")).isEqualTo(failed + 1));
        assertThat(OutcomeCounters.count(registry, ClickService.CLICKS, "redirected")).isEqualTo(clicks.get() + 1);
    }
}
