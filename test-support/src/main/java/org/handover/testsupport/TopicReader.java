package org.handover.testsupport;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads a whole topic from the beginning, without a consumer group, and picks out the records a test is about.
 * Topics are shared by every test of a JVM, so tests select their own records (by key, usually) instead of counting
 * everything on the topic.
 */
public final class TopicReader {

    private final String bootstrapServers;
    private final String topic;

    private TopicReader(String bootstrapServers, String topic) {
        this.bootstrapServers = bootstrapServers;
        this.topic = topic;
    }

    /** A reader of {@code topic} on the companion's cluster. */
    public static TopicReader of(KafkaCompanion kafka, String topic) {
        return new TopicReader(kafka.getBootstrapServers(), topic);
    }

    /** Waits until {@code count} records with this key are on the topic and returns them in offset order. */
    public List<ConsumerRecord<String, String>> awaitKey(String key, int count, Duration timeout) {
        return await(r -> key.equals(r.key()), count, timeout);
    }

    /**
     * Waits until at least {@code count} records match and returns all that match, in offset order per partition.
     *
     * @throws AssertionError if fewer matched within the timeout, naming how many did
     */
    public List<ConsumerRecord<String, String>> await(Predicate<ConsumerRecord<String, String>> filter, int count,
            Duration timeout) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, timeout).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            List<ConsumerRecord<String, String>> matched = new ArrayList<>();
            long deadline = System.nanoTime() + timeout.toNanos();
            while (matched.size() < count && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                    if (filter.test(record)) {
                        matched.add(record);
                    }
                }
            }
            if (matched.size() < count) {
                throw new AssertionError("expected " + count + " matching records on " + topic + " within " + timeout
                        + ", found " + matched.size());
            }
            return matched;
        }
    }

    /** The record's headers as UTF-8 strings (last value wins for repeated names). */
    public static Map<String, String> headers(ConsumerRecord<?, ?> record) {
        Map<String, String> headers = new LinkedHashMap<>();
        Arrays.stream(record.headers().toArray()).forEach((Header h) -> headers.put(h.key(),
                h.value() == null ? null : new String(h.value(), UTF_8)));
        return headers;
    }
}
