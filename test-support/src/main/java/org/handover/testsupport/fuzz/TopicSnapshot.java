package org.handover.testsupport.fuzz;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * A topic read from the beginning to the end it has now, without a consumer group, as bytes (a fuzzed value need not
 * be UTF-8). For a check made once the writers are known to be done, so that reading to the end sees everything
 * they wrote, and shows what is not there without waiting for it not to come.
 */
public final class TopicSnapshot {

    private static final Duration READ_WITHIN = Duration.ofSeconds(60);

    private TopicSnapshot() {
    }

    /** The records of {@code topic} that match, in offset order per partition. */
    public static List<ConsumerRecord<byte[], byte[]>> read(String bootstrapServers, String topic,
            Predicate<ConsumerRecord<byte[], byte[]>> filter) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Integer.toString(8 * 1024 * 1024));
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, READ_WITHIN).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, READ_WITHIN);
            List<ConsumerRecord<byte[], byte[]>> matched = new ArrayList<>();
            long deadline = System.nanoTime() + READ_WITHIN.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read " + topic + " to its end within " + READ_WITHIN);
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.offset() < end.get(new TopicPartition(topic, record.partition()))
                            && filter.test(record)) {
                        matched.add(record);
                    }
                }
            }
            return matched;
        }
    }
}
