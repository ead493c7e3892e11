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
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.handover.contracts.ContractJson;
import org.handover.contracts.EventClass;
import org.handover.contracts.EventKinds;
import org.handover.contracts.HandoverSignal;
import org.handover.contracts.InboundEvent;
import org.handover.contracts.InboundEvents;
import org.handover.contracts.Topics;
import org.handover.service.support.jdbc.Sql;
import org.handover.testsupport.KafkaAndPostgresResource;
import org.handover.testsupport.OutcomeCounters;
import org.junit.jupiter.api.Test;

/**
 * Events with no user, as routing-service publishes them (keyed by the page, {@code psid} null): {@code app_roles}
 * and {@code policy_enforcement} reach handover-service, are recorded once under the page's key, and nothing is
 * dead-lettered.
 */
@QuarkusTest
@WithTestResource(value = KafkaAndPostgresResource.class, initArgs = @ResourceArg(name = "postgres", value = "true"))
class PageLevelEventsTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @InjectKafkaCompanion
    KafkaCompanion kafka;

    @Inject
    MeterRegistry registry;

    @Inject
    Sql sql;

    @Test
    void appRolesAndPolicyEnforcementAreRecordedUnderThePagesKey() {
        String page = "page-" + UUID.randomUUID();
        Instant at = Instant.parse("2026-12-01T09:00:00Z");
        InboundEvents events = InboundEvents.of(page, null).idPrefix(page + "-");
        InboundEvent roles = events.message("roles", EventClass.HANDOVER_SIGNAL, at).kind(EventKinds.APP_ROLES)
                .messageId(null).handover(new HandoverSignal(EventKinds.APP_ROLES, null, null, null, null,
                        Map.of("220000000000002", List.of("primary_receiver"))))
                .build();
        InboundEvent blocked = events.message("policy", EventClass.NOISE, at)
                .kind(EventKinds.POLICY_ENFORCEMENT).messageId(null).build();
        double processedBefore = count("processed");
        double malformedBefore = count("malformed");

        assertThat(roles.key()).isEqualTo(page);
        kafka.produceStrings().fromRecords(
                new ProducerRecord<>(Topics.CONVERSATION_INBOUND, roles.key(), ContractJson.toJson(roles)),
                new ProducerRecord<>(Topics.CONVERSATION_INBOUND, blocked.key(), ContractJson.toJson(blocked)))
                .awaitCompletion(WAIT);

        await().atMost(WAIT).untilAsserted(() -> assertThat(count("processed")).isEqualTo(processedBefore + 2));
        assertThat(sql.count("select count(*) from processed_event where conversation_key = ?", page)).isEqualTo(2);
        assertThat(count("malformed")).isEqualTo(malformedBefore);
    }

    private double count(String outcome) {
        return OutcomeCounters.count(registry, "handover.inbound.records", outcome);
    }
}
