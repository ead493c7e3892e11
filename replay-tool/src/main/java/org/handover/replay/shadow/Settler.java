package org.handover.replay.shadow;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.handover.contracts.ContractJson;
import org.handover.contracts.SourceRef;
import org.handover.contracts.Topics;
import org.handover.replay.timeline.Consumers;

/**
 * Watches the replay's topics for one conversation, so that each raw event is fed only once the shadow services
 * are done with the one before. Done means: its classification (or its dead letter) has appeared; every shadow
 * service has processed every record of the conversation written so far (its consumer group has committed up to the
 * end of the conversation's partition of each topic it reads: what a service writes in answer to a record is written
 * before it acknowledges it); and nothing new appeared for a quiet period, for what a timer decides on its own.
 * Feeding faster than the services answer would change what they decide (a report of a sent message arriving after
 * the next event, say), which is not what happened; and what a slow service writes after the quiet period would be
 * missing from the replay's timeline.
 */
final class Settler implements AutoCloseable {

    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(10);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Admin admin;
    private final String inboundTopic;
    private final String rawDeadLetters;
    /** Per consumer group of the shadow services, the conversation's partitions of the topics it reads. */
    private final Map<String, List<TopicPartition>> groupPartitions = new HashMap<>();
    private long lastActivity = System.nanoTime();

    /**
     * @param consumedTopics per consumer group of the shadow services, the topics it reads (with the prefix)
     */
    Settler(Map<String, Object> kafkaConfig, String prefix, String key, Map<String, List<String>> consumedTopics) {
        this.consumer = Consumers.readOnly(kafkaConfig, "handover-replay-settler");
        this.admin = Admin.create(kafkaConfig);
        this.inboundTopic = prefix + Topics.CONVERSATION_INBOUND;
        this.rawDeadLetters = prefix + Topics.deadLetter(Topics.WEBHOOK_RAW);
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : List.of(inboundTopic, prefix + Topics.CONVERSATION_DECISIONS, prefix + Topics.THREAD_CONTROL,
                prefix + Topics.MESSENGER_OUTBOUND)) {
            partitions.add(conversationPartition(topic, key));
        }
        partitions.add(new TopicPartition(rawDeadLetters, 0));
        consumedTopics.forEach((group, topics) -> groupPartitions.put(group,
                topics.stream().map(topic -> conversationPartition(topic, key)).toList()));
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
    }

    private TopicPartition conversationPartition(String topic, String key) {
        List<PartitionInfo> info = consumer.partitionsFor(topic);
        return new TopicPartition(topic, Consumers.partitionOf(key, info.size()));
    }

    /** What {@link #settle} found. */
    enum Outcome {
        /** Classified, processed by every service, then quiet. */
        SETTLED,
        /** The classification did not appear within the first timeout. */
        NOT_CLASSIFIED,
        /** A service did not catch up with the conversation's records within the timeout. */
        NOT_CAUGHT_UP
    }

    /**
     * Waits until the classification (or dead letter) of the raw record at {@code fed} has appeared, at most
     * {@code firstTimeout} (none for a position of {@code -1}); then until every shadow service has processed the
     * conversation's records and nothing new appeared for {@code quiet}, at most {@code catchUpTimeout}.
     */
    Outcome settle(SourceRef fed, Duration firstTimeout, Duration quiet, Duration catchUpTimeout) {
        long firstDeadline = System.nanoTime() + firstTimeout.toNanos();
        boolean classified = fed.offset() < 0;
        while (!classified && System.nanoTime() < firstDeadline) {
            for (ConsumerRecord<byte[], byte[]> record : poll()) {
                classified |= answers(record, fed);
            }
        }
        long catchUpDeadline = System.nanoTime() + catchUpTimeout.toNanos();
        while (System.nanoTime() - lastActivity < quiet.toNanos() || !caughtUp()) {
            if (System.nanoTime() > catchUpDeadline) {
                return classified ? Outcome.NOT_CAUGHT_UP : Outcome.NOT_CLASSIFIED;
            }
            poll();
        }
        return classified ? Outcome.SETTLED : Outcome.NOT_CLASSIFIED;
    }

    private List<ConsumerRecord<byte[], byte[]>> poll() {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        consumer.poll(POLL).forEach(records::add);
        if (!records.isEmpty()) {
            lastActivity = System.nanoTime();
        }
        return records;
    }

    /** Whether every group has committed up to the end of each of its conversation partitions. */
    private boolean caughtUp() {
        List<TopicPartition> all = groupPartitions.values().stream().flatMap(List::stream).distinct().toList();
        Map<TopicPartition, Long> ends = consumer.endOffsets(all);
        Map<String, ListConsumerGroupOffsetsSpec> specs = new HashMap<>();
        groupPartitions.forEach((group, partitions) ->
                specs.put(group, new ListConsumerGroupOffsetsSpec().topicPartitions(partitions)));
        try {
            return caughtUp(groupPartitions, ends, admin.listConsumerGroupOffsets(specs).all()
                    .get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
        } catch (ExecutionException | TimeoutException e) {
            return false; // asked again on the next round
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ReplayException("interrupted");
        }
    }

    /**
     * Whether each group's committed offset reaches the end of each of its partitions: it has processed every record
     * written there. A partition a group never committed counts as read from its start.
     */
    static boolean caughtUp(Map<String, List<TopicPartition>> groupPartitions, Map<TopicPartition, Long> ends,
            Map<String, Map<TopicPartition, OffsetAndMetadata>> committed) {
        for (Map.Entry<String, List<TopicPartition>> group : groupPartitions.entrySet()) {
            Map<TopicPartition, OffsetAndMetadata> offsets = committed.getOrDefault(group.getKey(), Map.of());
            for (TopicPartition partition : group.getValue()) {
                OffsetAndMetadata offset = offsets.get(partition);
                if ((offset == null ? 0 : offset.offset()) < ends.getOrDefault(partition, 0L)) {
                    return false;
                }
            }
        }
        return true;
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
        try {
            consumer.close();
        } finally {
            admin.close();
        }
    }
}
