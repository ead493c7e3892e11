package org.handover.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SizeBudgetTest {

    /** Kafka's broker default {@code message.max.bytes}: what a topic without its own setting accepts. */
    private static final int KAFKA_DEFAULT_MESSAGE_MAX_BYTES = 1_048_588;

    @Test
    void aFullBatchFitsTheBodyAndEveryLimitOnTheWayIsDerivedFromTheRecord() {
        // 1000 events (Meta's largest batch) of 1.5 KiB, the upper end of a message event with an attachment URL.
        assertThat(SizeBudget.WEBHOOK_BODY_BYTES).isEqualTo(2 * 1024 * 1024)
                .isGreaterThan(1000 * 1536);
        assertThat(SizeBudget.RECORD_VALUE_BYTES).isEqualTo(1024 * 1024);
        assertThat(SizeBudget.PRODUCER_MAX_REQUEST_BYTES)
                .isEqualTo(SizeBudget.RECORD_VALUE_BYTES + SizeBudget.RECORD_HEADROOM_BYTES);
        assertThat(SizeBudget.TOPIC_MAX_MESSAGE_BYTES)
                .as("a topic takes whatever the producer sends, and a dead-lettered copy of it")
                .isEqualTo(SizeBudget.PRODUCER_MAX_REQUEST_BYTES + SizeBudget.RECORD_HEADROOM_BYTES);
        assertThat(SizeBudget.FALLBACK_CHUNK_BYTES + SizeBudget.RECORD_HEADROOM_BYTES)
                .as("a fallback chunk fits a topic left at Kafka's default")
                .isLessThan(KAFKA_DEFAULT_MESSAGE_MAX_BYTES);
    }

    @Test
    void everyTopicIsCreatedWithTheBudgetsMessageSize() {
        assertThat(Topics.ALL).allSatisfy(t -> assertThat(t.config())
                .containsEntry("max.message.bytes", Integer.toString(SizeBudget.TOPIC_MAX_MESSAGE_BYTES)));
        assertThat(Topics.all("replay-1.")).allSatisfy(t -> assertThat(t.config())
                .containsEntry("max.message.bytes", Integer.toString(SizeBudget.TOPIC_MAX_MESSAGE_BYTES)));
    }

    @Test
    void aRecordFitsUpToTheValueLimitWithItsMetadataWithinTheHeadroom() {
        int metadata = SizeBudget.RECORD_HEADROOM_BYTES - SizeBudget.RECORD_FRAMING_BYTES;

        assertThat(SizeBudget.fitsOneRecord(SizeBudget.RECORD_VALUE_BYTES, 300)).isTrue();
        assertThat(SizeBudget.fitsOneRecord(SizeBudget.RECORD_VALUE_BYTES + 1L, 300)).isFalse();
        assertThat(SizeBudget.fitsOneRecord(0, metadata)).isTrue();
        assertThat(SizeBudget.fitsOneRecord(0, metadata + 1L)).isFalse();
    }

    @Test
    void chunkCountRoundsUpAndAnEmptyValueIsOneChunk() {
        assertThat(SizeBudget.chunkCount(0, 10)).isEqualTo(1);
        assertThat(SizeBudget.chunkCount(10, 10)).isEqualTo(1);
        assertThat(SizeBudget.chunkCount(11, 10)).isEqualTo(2);
        assertThat(SizeBudget.chunkCount(SizeBudget.WEBHOOK_BODY_BYTES, SizeBudget.RECORD_VALUE_BYTES)).isEqualTo(2);
        assertThat(SizeBudget.chunkCount(SizeBudget.WEBHOOK_BODY_BYTES, SizeBudget.FALLBACK_CHUNK_BYTES)).isEqualTo(8);
        assertThatThrownBy(() -> SizeBudget.chunkCount(1, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
