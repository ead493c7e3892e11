package org.handover.replay.shadow;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.handover.contracts.ConversationKey;
import org.handover.replay.timeline.Consumers;

/** Reads the replay's catalog topic (one partition, compacted) to see which pages have a catalog on it. */
final class CatalogProbe implements AutoCloseable {

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Set<String> keys = new HashSet<>();

    CatalogProbe(Map<String, Object> kafkaConfig, String topic) {
        consumer = Consumers.readOnly(kafkaConfig, "handover-replay-catalog-probe");
        TopicPartition partition = new TopicPartition(topic, 0);
        consumer.assign(List.of(partition));
        consumer.seekToBeginning(List.of(partition));
    }

    /** Whether a catalog of {@code pageId} has been read so far (polls once, briefly). */
    boolean has(String pageId) {
        poll();
        return keys.contains(ConversationKey.forPage(pageId));
    }

    /** Whether one more poll, briefly, read nothing: the topic is quiet for now. */
    boolean readsNothingNew() {
        return poll() == 0;
    }

    /** Polls once, briefly; the number of records read. */
    private int poll() {
        int read = 0;
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
            read++;
            if (record.key() != null && record.value() != null) {
                keys.add(new String(record.key(), StandardCharsets.UTF_8));
            }
        }
        return read;
    }

    @Override
    public void close() {
        consumer.close();
    }
}
