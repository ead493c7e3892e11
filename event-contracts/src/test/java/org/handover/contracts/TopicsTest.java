package org.handover.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class TopicsTest {

    @Test
    void everyConsumedTopicHasADeadLetterTopicNamedAfterIt() {
        assertThat(Topics.ALL).extracting(TopicSpec::name)
                .contains("messenger.webhook.raw.dlq", "conversation.inbound.dlq", "conversation.decisions.dlq",
                        "messenger.outbound.dlq", "bot.catalog.dlq", "page.connections.dlq")
                .doesNotHaveDuplicates();
    }

    @Test
    void controlStateAndCatalogsAreCompactedAndEverythingElseExpires() {
        assertThat(Topics.ALL).filteredOn(TopicSpec::compacted).extracting(TopicSpec::name)
                .containsExactlyInAnyOrder(Topics.THREAD_CONTROL, Topics.BOT_CATALOG, Topics.PAGE_CONNECTIONS);
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
        assertThat(new TopicSpec("x", 2, true, null).config()).containsOnly(
                org.assertj.core.api.Assertions.entry("cleanup.policy", "compact"),
                org.assertj.core.api.Assertions.entry(TopicSpec.MAX_MESSAGE_BYTES,
                        Integer.toString(SizeBudget.TOPIC_MAX_MESSAGE_BYTES)));
        assertThat(Topics.MAIN).extracting(TopicSpec::name, TopicSpec::compacted)
                .contains(tuple(Topics.BOT_CATALOG, true));
    }

    @Test
    void aPrefixPutsEveryTopicInANamespaceWithTheSameShape() {
        assertThat(Topics.all("replay-1.")).extracting(TopicSpec::name)
                .hasSameSizeAs(Topics.ALL)
                .allSatisfy(name -> assertThat(name).startsWith("replay-1."))
                .contains("replay-1.messenger.webhook.raw", "replay-1.conversation.inbound.dlq", "replay-1.bot.catalog");
        assertThat(Topics.all("replay-1.")).extracting(TopicSpec::partitions, TopicSpec::compacted)
                .containsExactlyElementsOf(Topics.ALL.stream()
                        .map(t -> tuple(t.partitions(), t.compacted())).toList());
        assertThat(Topics.all("")).isEqualTo(Topics.ALL);
        assertThat(Topics.all(null)).isEqualTo(Topics.ALL);
        assertThat(Topics.prefixed("r_2-x.", Topics.WEBHOOK_RAW)).isEqualTo("r_2-x.messenger.webhook.raw");
    }

    @Test
    void aPrefixWithCharactersKafkaRefusesIsRejectedWithTheRule() {
        for (String bad : new String[] {"replay 1.", "replay/1", "réplay.", "a:b"}) {
            assertThatThrownBy(() -> Topics.checkPrefix(bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("TOPIC_PREFIX")
                    .hasMessageContaining("letters, digits, '.', '_' and '-'");
        }
        assertThatThrownBy(() -> Topics.checkPrefix("x".repeat(240)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("too long");
        assertThat(Topics.checkPrefix("Replay_1-a.")).isEqualTo("Replay_1-a.");
    }
}
