package org.handover.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kafka.InjectKafkaCompanion;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.time.Duration;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.handover.contracts.ContractJson;
import org.handover.contracts.InboundEvent;
import org.handover.contracts.Topics;
import org.handover.harness.ConsumerGroups;
import org.handover.service.support.config.TopicPrefixCheck;
import org.handover.testsupport.KafkaAndPostgresResource;
import org.handover.testsupport.QuarkusBeans;
import org.handover.testsupport.TopicReader;
import org.junit.jupiter.api.Test;

/** With {@code TOPIC_PREFIX}, routing-service reads, writes, dead-letters and groups inside that namespace only. */
@QuarkusTest
@WithTestResource(value = KafkaAndPostgresResource.class, initArgs = @ResourceArg(name = "topicPrefix", value = TopicPrefixTest.PREFIX))
class TopicPrefixTest {

    static final String PREFIX = "replay-t.";
    private static final Duration WAIT = Duration.ofSeconds(30);

    @InjectKafkaCompanion
    KafkaCompanion kafka;

    @Test
    void consumesProducesAndDeadLettersThePrefixedTopicsInThePrefixedGroup() {
        String page = UUID.randomUUID().toString();
        String psid = UUID.randomUUID().toString();
        String key = page + ":" + psid;
        ProducerRecord<String, String> bad = RawRecords.raw(key, "{not json", "messaging", page);
        ProducerRecord<String, String> good = RawRecords.messaging(page, psid, "text");
        kafka.produceStrings().fromRecords(prefixed(bad), prefixed(good)).awaitCompletion(WAIT);

        InboundEvent event = ContractJson.fromJson(TopicReader.of(kafka, PREFIX + Topics.CONVERSATION_INBOUND)
                .awaitKey(key, 1, WAIT).get(0).value(), InboundEvent.class);
        assertThat(event.eventId()).isEqualTo("m_text_1");
        assertThat(event.source().topic()).isEqualTo(PREFIX + Topics.WEBHOOK_RAW);
        assertThat(TopicReader.of(kafka, PREFIX + Topics.deadLetter(Topics.WEBHOOK_RAW)).awaitKey(key, 1, WAIT))
                .singleElement().satisfies(r -> assertThat(r.value()).isEqualTo("{not json"));
        assertThatThrownBy(() -> TopicReader.of(kafka, Topics.CONVERSATION_INBOUND).awaitKey(key, 1,
                Duration.ofSeconds(2))).as("nothing outside the namespace").isInstanceOf(AssertionError.class);

        ConsumerGroups.awaitCommitted(kafka.getBootstrapServers(), PREFIX + "routing-service",
                PREFIX + Topics.WEBHOOK_RAW, WAIT);
        await().atMost(WAIT).untilAsserted(() -> assertThat(ConsumerGroups.ids(kafka.getBootstrapServers()))
                .anySatisfy(group -> assertThat(group).startsWith(PREFIX + "routing-service-catalog-")));
    }

    @Test
    void theSharedPrefixCheckRunsAtTheStartOfThisService() {
        // service-support's check, found in its jar through beans.xml: without it no prefix would be checked. (What
        // it refuses, and the message, is TopicPrefixCheckTest's.)
        QuarkusBeans.assertObservesStartup(TopicPrefixCheck.class);
    }

    private static ProducerRecord<String, String> prefixed(ProducerRecord<String, String> record) {
        return new ProducerRecord<>(PREFIX + record.topic(), null, record.key(), record.value(), record.headers());
    }
}
