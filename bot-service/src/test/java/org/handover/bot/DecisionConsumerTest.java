package org.handover.bot;

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
import org.handover.contracts.ControlChange;
import org.handover.contracts.Decision;
import org.handover.contracts.DecisionType;
import org.handover.contracts.Owner;
import org.handover.contracts.Topics;
import org.handover.testsupport.KafkaAndPostgresResource;
import org.handover.testsupport.MetaApiResource;
import org.handover.testsupport.OutcomeCounters;
import org.handover.testsupport.TopicReader;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(value = KafkaAndPostgresResource.class, initArgs = @ResourceArg(name = "postgres", value = "true"))
@WithTestResource(MetaApiResource.class)
class DecisionConsumerTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @InjectKafkaCompanion
    KafkaCompanion kafka;

    @Inject
    MeterRegistry registry;

    @Test
    void consumesDecisionsAndDeadLettersOnesThatBreakTheContract() {
        String psid = "user-" + UUID.randomUUID();
        String key = "PAGE1:" + psid;
        Decision control = new Decision(1, "d-" + UUID.randomUUID(), DecisionType.CONTROL_CHANGE, "PAGE1", psid, 2,
                Instant.now(), "h_1", new ControlChange(Owner.AGENT, "263902037430900", Owner.BOT, "user_accepted"), null);
        Decision orderWithoutOrder = new Decision(1, "d-" + UUID.randomUUID(), DecisionType.REPLY_ORDER, "PAGE1", psid,
                2, Instant.now(), "m_1", null, null);
        double before = count("control_change");

        kafka.produceStrings().fromRecords(
                new ProducerRecord<>(Topics.CONVERSATION_DECISIONS, key, ContractJson.toJson(orderWithoutOrder)),
                new ProducerRecord<>(Topics.CONVERSATION_DECISIONS, key, ContractJson.toJson(control)))
                .awaitCompletion(WAIT);

        var dead = TopicReader.of(kafka, Topics.deadLetter(Topics.CONVERSATION_DECISIONS)).awaitKey(key, 1, WAIT).get(0);
        assertThat(TopicReader.headers(dead)).containsEntry("dead-letter-reason", "reply order without order");
        assertThat(ContractJson.fromJson(dead.value(), Decision.class)).isEqualTo(orderWithoutOrder);
        await().atMost(WAIT).untilAsserted(() -> assertThat(count("control_change")).isEqualTo(before + 1));
    }

    private double count(String outcome) {
        return OutcomeCounters.count(registry, "bot.decision.records", outcome);
    }
}
