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
import org.handover.contracts.EventClass;
import org.handover.contracts.InboundEvent;
import org.handover.contracts.InboundEvents;
import org.handover.contracts.Topics;
import org.handover.service.support.jdbc.Sql;
import org.handover.testsupport.KafkaAndPostgresResource;
import org.handover.testsupport.OutcomeCounters;
import org.handover.testsupport.TopicReader;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(value = KafkaAndPostgresResource.class, initArgs = @ResourceArg(name = "postgres", value = "true"))
class InboundEventConsumerTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @InjectKafkaCompanion
    KafkaCompanion kafka;

    @Inject
    MeterRegistry registry;

    @Inject
    Sql sql;

    @Test
    void recordsARedeliveredEventOnlyOnce() {
        String psid = "user-" + UUID.randomUUID();
        String eventId = "m_" + UUID.randomUUID();
        InboundEvent event = InboundEvents.of("PAGE1", psid)
                .message(eventId, EventClass.FREE_TEXT, Instant.parse("2026-11-25T09:00:00Z"))
                .receivedAt(Instant.now()).build();
        double processedBefore = count("processed");
        double duplicatesBefore = count("duplicate");

        kafka.produceStrings().fromRecords(
                new ProducerRecord<>(Topics.CONVERSATION_INBOUND, event.key(), ContractJson.toJson(event)),
                new ProducerRecord<>(Topics.CONVERSATION_INBOUND, event.key(), ContractJson.toJson(event)))
                .awaitCompletion(WAIT);

        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(count("processed")).isEqualTo(processedBefore + 1);
            assertThat(count("duplicate")).isEqualTo(duplicatesBefore + 1);
        });
        assertThat(sql.first("select conversation_key from processed_event where event_id = ?", r -> r.string(1),
                eventId)).contains("PAGE1:" + psid);
        assertThat(sql.count("select count(*) from processed_event where conversation_key = ?", "PAGE1:" + psid))
                .isEqualTo(1);
    }

    @Test
    void deadLettersARecordThatIsNotAnInboundEvent() {
        String key = "PAGE1:user-" + UUID.randomUUID();
        double malformedBefore = count("malformed");

        kafka.produceStrings().fromRecords(
                new ProducerRecord<>(Topics.CONVERSATION_INBOUND, key, "{\"eventClass\":\"NOT_A_CLASS\"}"),
                new ProducerRecord<>(Topics.CONVERSATION_INBOUND, key, "{\"schemaVersion\":1}"))
                .awaitCompletion(WAIT);

        var dead = TopicReader.of(kafka, Topics.deadLetter(Topics.CONVERSATION_INBOUND)).awaitKey(key, 2, WAIT);
        assertThat(dead).extracting(r -> TopicReader.headers(r).get("dead-letter-reason")).containsExactly(
                "not a valid InboundEvent: InvalidFormatException at field .eventClass (line 1, column 15)",
                "inbound event without eventId, pageId or eventClass");
        await().atMost(WAIT).untilAsserted(() -> assertThat(count("malformed")).isEqualTo(malformedBefore + 2));
    }

    private double count(String outcome) {
        return OutcomeCounters.count(registry, "handover.inbound.records", outcome);
    }
}
