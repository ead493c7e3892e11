package org.handover.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class TopicsTest {

    @Test
    void everyConsumedTopicHasADeadLetterTopicNamedAfterIt() {
        assertThat(Topics.ALL).extracting(TopicSpec::name)
                .contains("messenger.webhook.raw.dlq", "conversation.inbound.dlq", "conversation.decisions.dlq",
                        "messenger.outbound.dlq", "bot.catalog.dlq")
                .doesNotHaveDuplicates();
    }

    @Test
    void controlStateAndCatalogsAreCompactedAndEverythingElseExpires() {
        assertThat(Topics.ALL).filteredOn(TopicSpec::compacted).extracting(TopicSpec::name)
                .containsExactlyInAnyOrder(Topics.THREAD_CONTROL, Topics.BOT_CATALOG);
        assertThat(Topics.ALL).filteredOn(t -> !t.compacted())
                .allSatisfy(t -> assertThat(t.config()).containsEntry("cleanup.policy", "delete")
                        .containsKey("retention.ms"));
    }

    @Test
    void conversationTopicsShareOnePartitionCount() {
        assertThat(Topics.ALL)
                .filteredOn(t -> t.name().equals(Topics.WEBHOOK_RAW) || t.name().equals(Topics.CONVERSATION_INBOUND)
                        || t.name().equals(Topics.CONVERSATION_DECISIONS) || t.name().equals(Topics.MESSENGER_OUTBOUND)
                        || t.name().equals(Topics.THREAD_CONTROL))
                .extracting(TopicSpec::partitions)
                .containsOnly(Topics.CONVERSATION_PARTITIONS);
    }

    @Test
    void rawEventsAreKeptLongEnoughToReplayAWeek() {
        assertThat(Topics.ALL).filteredOn(t -> t.name().equals(Topics.WEBHOOK_RAW))
                .extracting(TopicSpec::retention)
                .allSatisfy(r -> assertThat(r).isGreaterThanOrEqualTo(Duration.ofDays(7)));
        assertThat(new TopicSpec("x", 2, true, null).config()).containsExactly(
                org.assertj.core.api.Assertions.entry("cleanup.policy", "compact"));
        assertThat(Topics.MAIN).extracting(TopicSpec::name, TopicSpec::compacted)
                .contains(tuple(Topics.BOT_CATALOG, true));
    }
}
