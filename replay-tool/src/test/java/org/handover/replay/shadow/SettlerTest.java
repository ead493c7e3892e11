package org.handover.replay.shadow;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** When the settler counts the shadow services as done with what was written: their commits against the ends. */
class SettlerTest {

    private static final TopicPartition INBOUND = new TopicPartition("r1.conversation.inbound", 2);
    private static final TopicPartition OUTBOUND = new TopicPartition("r1.messenger.outbound", 2);
    private static final TopicPartition DECISIONS = new TopicPartition("r1.conversation.decisions", 2);
    private static final Map<String, List<TopicPartition>> GROUPS = Map.of(
            "r1.handover-service", List.of(INBOUND, OUTBOUND),
            "r1.bot-service", List.of(DECISIONS));

    @Test
    void caughtUpWhenEveryGroupCommittedToTheEndOfEachOfItsPartitions() {
        Map<TopicPartition, Long> ends = Map.of(INBOUND, 3L, OUTBOUND, 1L, DECISIONS, 2L);

        assertThat(Settler.caughtUp(GROUPS, ends, Map.of(
                "r1.handover-service", Map.of(INBOUND, new OffsetAndMetadata(3), OUTBOUND, new OffsetAndMetadata(1)),
                "r1.bot-service", Map.of(DECISIONS, new OffsetAndMetadata(2))))).isTrue();
    }

    @Test
    void notCaughtUpWhileOneGroupIsBehindOnOnePartition() {
        Map<TopicPartition, Long> ends = Map.of(INBOUND, 3L, OUTBOUND, 1L, DECISIONS, 2L);
        Map<String, Map<TopicPartition, OffsetAndMetadata>> committed = new HashMap<>();
        committed.put("r1.handover-service", Map.of(INBOUND, new OffsetAndMetadata(3),
                OUTBOUND, new OffsetAndMetadata(1)));
        // handover-service answered the last classification; bot-service has not handled the order it wrote yet
        committed.put("r1.bot-service", Map.of(DECISIONS, new OffsetAndMetadata(1)));

        assertThat(Settler.caughtUp(GROUPS, ends, committed)).isFalse();
    }

    @Test
    void aPartitionNeverCommittedIsCaughtUpOnlyWhileItIsEmpty() {
        Map<String, Map<TopicPartition, OffsetAndMetadata>> onlyInbound = Map.of(
                "r1.handover-service", Map.of(INBOUND, new OffsetAndMetadata(3)));

        assertThat(Settler.caughtUp(GROUPS, Map.of(INBOUND, 3L, OUTBOUND, 0L, DECISIONS, 0L), onlyInbound)).isTrue();
        assertThat(Settler.caughtUp(GROUPS, Map.of(INBOUND, 3L, OUTBOUND, 0L, DECISIONS, 1L), onlyInbound)).isFalse();
        assertThat(Settler.caughtUp(GROUPS, Map.of(INBOUND, 3L, OUTBOUND, 1L, DECISIONS, 0L), onlyInbound)).isFalse();
    }
}
