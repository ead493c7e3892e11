package org.handover.ingress.rest;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.handover.contracts.QuarantineHeaders;
import org.handover.testsupport.TopicReader;

/**
 * Reads a topic from the beginning to its current end, as bytes. A webhook's records are acknowledged before its
 * {@code 200}, so once answered they are all below the end: reading to the end sees every one of them, and also shows
 * that a record is <em>not</em> there, without waiting for something not to happen.
 */
final class TopicContents {

    private static final Duration READ_WITHIN = Duration.ofSeconds(30);

    private TopicContents() {
    }

    /** The records of {@code topic} that match, in offset order per partition. */
    static List<ConsumerRecord<byte[], byte[]>> read(KafkaCompanion kafka, String topic,
            Predicate<ConsumerRecord<byte[], byte[]>> filter) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.getBootstrapServers());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
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
                    if (filter.test(record)) {
                        matched.add(record);
                    }
                }
            }
            return matched;
        }
    }

    /** The records with this key. */
    static List<ConsumerRecord<byte[], byte[]>> withKey(KafkaCompanion kafka, String topic, String key) {
        byte[] wanted = key.getBytes(UTF_8);
        return read(kafka, topic, r -> java.util.Arrays.equals(wanted, r.key()));
    }

    /**
     * Puts a chunked quarantine value back together as {@link QuarantineHeaders} describes, checking that the chunks
     * are one complete set, in order, whose digest matches.
     */
    static byte[] reassemble(List<ConsumerRecord<byte[], byte[]>> chunks) throws Exception {
        assertThat(chunks).isNotEmpty();
        String count = TopicReader.headers(chunks.get(0)).get(QuarantineHeaders.CHUNK_COUNT);
        String digest = TopicReader.headers(chunks.get(0)).get(QuarantineHeaders.CHUNK_SHA256);
        assertThat(chunks).hasSize(Integer.parseInt(count));
        assertThat(chunks).extracting(r -> TopicReader.headers(r).get(QuarantineHeaders.CHUNK_INDEX))
                .as("chunks stored in order").containsExactlyElementsOf(
                        java.util.stream.IntStream.range(0, chunks.size()).mapToObj(Integer::toString).toList());
        assertThat(chunks).allSatisfy(r -> assertThat(TopicReader.headers(r))
                .containsEntry(QuarantineHeaders.CHUNK_COUNT, count)
                .containsEntry(QuarantineHeaders.CHUNK_SHA256, digest));
        ByteArrayOutputStream whole = new ByteArrayOutputStream();
        chunks.stream()
                .sorted(Comparator.comparingInt(r -> Integer.parseInt(
                        TopicReader.headers(r).get(QuarantineHeaders.CHUNK_INDEX))))
                .forEach(r -> whole.writeBytes(r.value()));
        byte[] body = whole.toByteArray();
        assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body))).isEqualTo(digest);
        return body;
    }
}
