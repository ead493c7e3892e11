package org.handover.service.support.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StaticMembershipTest {

    private static Map<String, Object> consumer() {
        Map<String, Object> config = new HashMap<>();
        config.put("group.id", "handover-service");
        config.put("key.deserializer", "org.apache.kafka.common.serialization.StringDeserializer");
        return config;
    }

    @Test
    void aSetInstanceIdGivesEveryGroupConsumerAnIdUniquePerChannel() {
        StaticMembership membership = new StaticMembership(Optional.of("handover-service-7d9f-x2"));

        assertThat(membership.customize("inbound-events", null, consumer()))
                .containsEntry("group.instance.id", "handover-service-7d9f-x2.inbound-events");
        assertThat(membership.customize("outbound-results", null, consumer()))
                .containsEntry("group.instance.id", "handover-service-7d9f-x2.outbound-results");
    }

    @Test
    void producersAndAnUnsetOrBlankIdAreLeftAlone() {
        Map<String, Object> producer = new HashMap<>(Map.of("key.serializer", "x", "acks", "all"));

        assertThat(new StaticMembership(Optional.of("pod-1")).customize("decisions", null, producer))
                .doesNotContainKey("group.instance.id");
        assertThat(new StaticMembership(Optional.empty()).customize("inbound-events", null, consumer()))
                .doesNotContainKey("group.instance.id");
        assertThat(new StaticMembership(Optional.of("  ")).customize("inbound-events", null, consumer()))
                .doesNotContainKey("group.instance.id");
    }

    @Test
    void anIdSetOnTheChannelItselfWins() {
        Map<String, Object> config = consumer();
        config.put("group.instance.id", "explicit");

        assertThat(new StaticMembership(Optional.of("pod-1")).customize("inbound-events", null, config))
                .containsEntry("group.instance.id", "explicit");
    }
}
