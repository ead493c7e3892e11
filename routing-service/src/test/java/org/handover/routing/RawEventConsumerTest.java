package org.handover.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kafka.InjectKafkaCompanion;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.handover.contracts.Topics;
import org.handover.testsupport.KafkaAndPostgresResource;
import org.handover.testsupport.OutcomeCounters;
import org.handover.testsupport.TopicReader;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(KafkaAndPostgresResource.class)
class RawEventConsumerTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @InjectKafkaCompanion
    KafkaCompanion kafka;

    @Inject
    MeterRegistry registry;

    @Test
    void deadLettersAnUnparseableEventWithTheReasonAndKeepsConsuming() {
        String key = "PAGE1:user-" + UUID.randomUUID();
        double acceptedBefore = count("accepted");
        double malformedBefore = count("malformed");

        kafka.produceStrings().fromRecords(
                new ProducerRecord<>(Topics.WEBHOOK_RAW, key, "{\"message\": {\"text\": \"my secret"),
                new ProducerRecord<>(Topics.WEBHOOK_RAW, key, "{\"sender\":{\"id\":\"1\"},\"message\":{\"mid\":\"m1\"}}"))
                .awaitCompletion(WAIT);

        var dead = TopicReader.of(kafka, Topics.deadLetter(Topics.WEBHOOK_RAW)).awaitKey(key, 1, WAIT).get(0);
        assertThat(dead.value()).isEqualTo("{\"message\": {\"text\": \"my secret");
        assertThat(TopicReader.headers(dead))
                .containsEntry("dead-letter-topic", Topics.WEBHOOK_RAW)
                .hasEntrySatisfying("dead-letter-reason", reason -> assertThat(reason)
                        .startsWith("raw event is not JSON")
                        .doesNotContain("secret"));
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(count("malformed")).isEqualTo(malformedBefore + 1);
            assertThat(count("accepted")).as("the record after the bad one is still consumed")
                    .isEqualTo(acceptedBefore + 1);
        });
    }

    @Test
    void deadLettersJsonThatIsNotAnEventObject() {
        String key = "PAGE1:user-" + UUID.randomUUID();

        kafka.produceStrings().fromRecords(new ProducerRecord<>(Topics.WEBHOOK_RAW, key, "[1,2]")).awaitCompletion(WAIT);

        var dead = TopicReader.of(kafka, Topics.deadLetter(Topics.WEBHOOK_RAW)).awaitKey(key, 1, WAIT).get(0);
        assertThat(TopicReader.headers(dead)).containsEntry("dead-letter-reason", "raw event is JSON but not an object");
    }

    private double count(String outcome) {
        return OutcomeCounters.count(registry, "routing.raw.records", outcome);
    }
}
