package org.handover.replay.shadow;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.handover.contracts.ConversationKey;

/** Reads the replay's catalog topic (one partition, compacted) to see which pages have a catalog on it. */
final class CatalogProbe implements AutoCloseable {

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Set<String> keys = new HashSet<>();

    CatalogProbe(Map<String, Object> kafkaConfig, String topic) {
        Map<String, Object> config = new HashMap<>(kafkaConfig);
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "handover-replay-catalog-probe");
        consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        TopicPartition partition = new TopicPartition(topic, 0);
        consumer.assign(List.of(partition));
        consumer.seekToBeginning(List.of(partition));
    }

    /** Whether a catalog of {@code pageId} has been read so far (polls once, briefly). */
    boolean has(String pageId) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
            if (record.key() != null && record.value() != null) {
                keys.add(new String(record.key(), StandardCharsets.UTF_8));
            }
        }
        return keys.contains(ConversationKey.forPage(pageId));
    }

    @Override
    public void close() {
        consumer.close();
    }
}
