package org.handover.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kafka.InjectKafkaCompanion;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.handover.contracts.ContractJson;
import org.handover.contracts.EventClass;
import org.handover.contracts.InboundEvent;
import org.handover.contracts.SchemaVersion;
import org.handover.contracts.SourceRef;
import org.handover.contracts.Topics;
import org.handover.routing.messaging.InboundEventPublisher;
import org.handover.testsupport.KafkaAndPostgresResource;
import org.handover.testsupport.TopicReader;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(KafkaAndPostgresResource.class)
class InboundEventPublisherTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @InjectKafkaCompanion
    KafkaCompanion kafka;

    @Inject
    InboundEventPublisher publisher;

    @Test
    void writesTheContractRecordKeyedByConversation() {
        String psid = "user-" + UUID.randomUUID();
        InboundEvent event = new InboundEvent(SchemaVersion.CURRENT, "m_1", "PAGE1", psid, EventClass.GUIDED,
                "messaging", "message", Instant.parse("2026-11-25T09:00:00Z"), Instant.parse("2026-11-25T09:00:00.100Z"),
                "HOURS", "m_1", null, null, new SourceRef(Topics.WEBHOOK_RAW, 0, 7));

        publisher.publish(event).await().atMost(WAIT);

        var record = TopicReader.of(kafka, Topics.CONVERSATION_INBOUND).awaitKey("PAGE1:" + psid, 1, WAIT).get(0);
        assertThat(ContractJson.fromJson(record.value(), InboundEvent.class)).isEqualTo(event);
    }
}
