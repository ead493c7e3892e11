package org.handover.replay.shadow;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.handover.contracts.ContractJson;
import org.handover.contracts.SourceRef;
import org.handover.contracts.Topics;
import org.handover.replay.timeline.Consumers;

/**
 * Watches the replay's topics for one conversation, so that each raw event is fed only once the shadow services
 * are done with the one before: first its classification (or its dead letter) must appear, then nothing more for a
 * quiet period. Feeding faster than the services answer would change what they decide (a report of a sent message
 * arriving after the next event, say), which is not what happened.
 */
final class Settler implements AutoCloseable {

    private static final Duration POLL = Duration.ofMillis(100);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String inboundTopic;
    private final String rawDeadLetters;
    private long lastActivity = System.nanoTime();

    Settler(Map<String, Object> kafkaConfig, String prefix, String key) {
        this.consumer = Consumers.readOnly(kafkaConfig, "handover-replay-settler");
        this.inboundTopic = prefix + Topics.CONVERSATION_INBOUND;
        this.rawDeadLetters = prefix + Topics.deadLetter(Topics.WEBHOOK_RAW);
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : List.of(inboundTopic, prefix + Topics.CONVERSATION_DECISIONS, prefix + Topics.THREAD_CONTROL,
                prefix + Topics.MESSENGER_OUTBOUND)) {
            List<PartitionInfo> info = consumer.partitionsFor(topic);
            partitions.add(new TopicPartition(topic, Consumers.partitionOf(key, info.size())));
        }
        partitions.add(new TopicPartition(rawDeadLetters, 0));
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
    }

    /**
     * Waits until the classification (or dead letter) of the raw record at {@code fed} has appeared, at most
     * {@code firstTimeout}, then until nothing new appeared for {@code quiet}.
     *
     * @return whether the classification appeared in time
     */
    boolean settle(SourceRef fed, Duration firstTimeout, Duration quiet) {
        long firstDeadline = System.nanoTime() + firstTimeout.toNanos();
        boolean classified = false;
        while (!classified && System.nanoTime() < firstDeadline) {
            for (ConsumerRecord<byte[], byte[]> record : poll()) {
                classified |= answers(record, fed);
            }
        }
        while (System.nanoTime() - lastActivity < quiet.toNanos()) {
            poll();
        }
        return classified;
    }

    private List<ConsumerRecord<byte[], byte[]>> poll() {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        consumer.poll(POLL).forEach(records::add);
        if (!records.isEmpty()) {
            lastActivity = System.nanoTime();
        }
        return records;
    }

    private boolean answers(ConsumerRecord<byte[], byte[]> record, SourceRef fed) {
        if (record.topic().equals(rawDeadLetters)) {
            return true;
        }
        if (!record.topic().equals(inboundTopic) || record.value() == null) {
            return false;
        }
        try {
            JsonNode source = ContractJson.mapper().readTree(record.value()).path("source");
            return source.path("partition").asInt(-1) == fed.partition()
                    && source.path("offset").asLong(-1) == fed.offset();
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        consumer.close();
    }
}
