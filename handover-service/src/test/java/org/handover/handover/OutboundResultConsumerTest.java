package org.handover.handover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kafka.InjectKafkaCompanion;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.handover.contracts.ContractJson;
import org.handover.contracts.OrderKind;
import org.handover.contracts.OutboundOutcome;
import org.handover.contracts.OutboundResult;
import org.handover.contracts.Topics;
import org.handover.testsupport.KafkaAndPostgresResource;
import org.handover.testsupport.OutcomeCounters;
import org.handover.testsupport.TopicReader;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(value = KafkaAndPostgresResource.class, initArgs = @ResourceArg(name = "postgres", value = "true"))
class OutboundResultConsumerTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @InjectKafkaCompanion
    KafkaCompanion kafka;

    @Inject
    MeterRegistry registry;

    @Test
    void countsResultsByOutcomeAndDeadLettersGarbage() {
        String key = "PAGE1:user-" + UUID.randomUUID();
        OutboundResult sent = new OutboundResult(1, "d-" + UUID.randomUUID(), "PAGE1", key.substring(6), 2,
                OrderKind.CONFIRM_HANDOVER, OutboundOutcome.SENT, null, "m_out", null, null, Instant.now());
        double sentBefore = count("sent");

        kafka.produceStrings().fromRecords(
                new ProducerRecord<>(Topics.MESSENGER_OUTBOUND, key, "not json"),
                new ProducerRecord<>(Topics.MESSENGER_OUTBOUND, key, ContractJson.toJson(sent)))
                .awaitCompletion(WAIT);

        await().atMost(WAIT).untilAsserted(() -> assertThat(count("sent")).isEqualTo(sentBefore + 1));
        var dead = TopicReader.of(kafka, Topics.deadLetter(Topics.MESSENGER_OUTBOUND)).awaitKey(key, 1, WAIT).get(0);
        assertThat(dead.value()).isEqualTo("not json");
    }

    private double count(String outcome) {
        return OutcomeCounters.count(registry, "handover.outbound.records", outcome);
    }
}
