package org.handover.ingress;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kafka.InjectKafkaCompanion;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.handover.contracts.RawEventHeaders;
import org.handover.contracts.Topics;
import org.handover.ingress.messaging.QuarantinePublisher;
import org.handover.ingress.messaging.RawEvent;
import org.handover.ingress.messaging.RawEventPublisher;
import org.handover.testsupport.KafkaAndPostgresResource;
import org.handover.testsupport.TopicReader;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(KafkaAndPostgresResource.class)
class RawEventPublisherTest {

    private static final Duration WAIT = Duration.ofSeconds(15);

    @InjectKafkaCompanion
    KafkaCompanion kafka;

    @Inject
    RawEventPublisher publisher;

    @Inject
    QuarantinePublisher quarantine;

    @Test
    void writesEachEventInOrderKeyedByConversationWithMetadataInHeaders() {
        String key = "PAGE1:user-" + UUID.randomUUID();
        Instant receivedAt = Instant.parse("2026-11-25T10:00:00.250Z");
        List<RawEvent> events = List.of(
                new RawEvent(key, "{\"n\":1,\"text\":\"caf\\u00e9\"}", "messaging", "PAGE1", 1764064800000L,
                        receivedAt, "req-1", "page"),
                new RawEvent(key, "{\"n\":2}", "standby", "PAGE1", 1764064800000L, receivedAt, "req-1", "page"));

        publisher.publishAll(events).await().atMost(WAIT);

        List<ConsumerRecord<String, String>> written = TopicReader.of(kafka, Topics.WEBHOOK_RAW).awaitKey(key, 2, WAIT);
        assertThat(written).extracting(ConsumerRecord::value)
                .as("values are the event JSON byte for byte, in the order given")
                .containsExactly("{\"n\":1,\"text\":\"caf\\u00e9\"}", "{\"n\":2}");
        assertThat(written).extracting(ConsumerRecord::partition).containsOnly(written.get(0).partition());
        assertThat(TopicReader.headers(written.get(1))).containsExactlyInAnyOrderEntriesOf(Map.of(
                RawEventHeaders.CHANNEL, "standby",
                RawEventHeaders.PAGE_ID, "PAGE1",
                RawEventHeaders.ENTRY_TIME, "1764064800000",
                RawEventHeaders.RECEIVED_AT, Long.toString(receivedAt.toEpochMilli()),
                RawEventHeaders.REQUEST_ID, "req-1",
                RawEventHeaders.OBJECT, "page",
                RawEventHeaders.SCHEMA_VERSION, "1"));
    }

    @Test
    void quarantinesAWholeBodyWithItsReason() {
        String requestId = "req-" + UUID.randomUUID();

        quarantine.quarantine("{not json".getBytes(java.nio.charset.StandardCharsets.UTF_8), "unparseable JSON", null,
                requestId, Instant.now()).await().atMost(WAIT);

        ConsumerRecord<String, String> record = TopicReader.of(kafka, Topics.WEBHOOK_QUARANTINE)
                .awaitKey(requestId, 1, WAIT).get(0);
        assertThat(record.value()).isEqualTo("{not json");
        assertThat(TopicReader.headers(record))
                .containsEntry(QuarantinePublisher.REASON, "unparseable JSON")
                .containsEntry(RawEventHeaders.REQUEST_ID, requestId);
    }
}
