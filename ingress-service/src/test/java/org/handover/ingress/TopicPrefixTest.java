package org.handover.ingress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kafka.InjectKafkaCompanion;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.handover.contracts.Topics;
import org.handover.ingress.messaging.QuarantinePublisher;
import org.handover.ingress.messaging.RawEvent;
import org.handover.ingress.messaging.RawEventPublisher;
import org.handover.service.support.config.TopicPrefixCheck;
import org.handover.testsupport.KafkaAndPostgresResource;
import org.handover.testsupport.QuarkusBeans;
import org.handover.testsupport.TopicReader;
import org.junit.jupiter.api.Test;

/** With {@code TOPIC_PREFIX}, ingress-service writes raw events and quarantined bodies inside that namespace. */
@QuarkusTest
@WithTestResource(value = KafkaAndPostgresResource.class, initArgs = @ResourceArg(name = "topicPrefix", value = TopicPrefixTest.PREFIX))
class TopicPrefixTest {

    static final String PREFIX = "replay-i.";
    private static final Duration WAIT = Duration.ofSeconds(15);

    @InjectKafkaCompanion
    KafkaCompanion kafka;

    @Inject
    RawEventPublisher publisher;

    @Inject
    QuarantinePublisher quarantine;

    @Test
    void writesRawEventsAndQuarantineToThePrefixedTopics() {
        String key = "PAGE1:user-" + UUID.randomUUID();
        String requestId = "req-" + UUID.randomUUID();

        publisher.publishAll(List.of(new RawEvent(key, "{\"n\":1}", "messaging", "PAGE1", 1764064800000L,
                Instant.now(), requestId, "page"))).await().atMost(WAIT);
        quarantine.quarantine("{not json".getBytes(StandardCharsets.UTF_8), "unparseable JSON", null, requestId,
                Instant.now()).await().atMost(WAIT);

        assertThat(TopicReader.of(kafka, PREFIX + Topics.WEBHOOK_RAW).awaitKey(key, 1, WAIT))
                .extracting(r -> r.value()).containsExactly("{\"n\":1}");
        assertThat(TopicReader.of(kafka, PREFIX + Topics.WEBHOOK_QUARANTINE).awaitKey(requestId, 1, WAIT))
                .extracting(r -> r.value()).containsExactly("{not json");
        assertThatThrownBy(() -> TopicReader.of(kafka, Topics.WEBHOOK_RAW).awaitKey(key, 1, Duration.ofSeconds(2)))
                .as("nothing outside the namespace").isInstanceOf(AssertionError.class);
    }

    @Test
    void theSharedPrefixCheckRunsAtTheStartOfThisService() {
        // service-support's check, found in its jar through beans.xml: without it no prefix would be checked. (What
        // it refuses, and the message, is TopicPrefixCheckTest's.)
        QuarkusBeans.assertObservesStartup(TopicPrefixCheck.class);
    }
}
