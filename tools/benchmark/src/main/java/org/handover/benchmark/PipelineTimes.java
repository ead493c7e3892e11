package org.handover.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.handover.contracts.Topics;

/**
 * When each user message passed each stage, from the Kafka record timestamps of the pipeline's topics (the time
 * each service produced its record): {@code messenger.webhook.raw} (ingress), {@code conversation.inbound} (routing),
 * {@code conversation.decisions} (handover, through its outbox) and {@code messenger.outbound} (bot, after its Send
 * API call). A message is followed by its mid (raw and inbound), the inbound event id (the decision's cause) and the
 * decision id (the outbound result); the first record of each counts (a redelivered webhook makes a second raw
 * record). Reads from the end of each topic at {@link #start}, without a consumer group.
 */
final class PipelineTimes implements AutoCloseable {

    /** Stage timestamps of one message, epoch milliseconds, null where a stage has no record (yet). */
    record Stages(Long raw, Long inbound, Long decision, Long outbound) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> TOPICS = List.of(Topics.WEBHOOK_RAW, Topics.CONVERSATION_INBOUND,
            Topics.CONVERSATION_DECISIONS, Topics.MESSENGER_OUTBOUND);

    private final Map<String, Long> rawByMid = new ConcurrentHashMap<>();
    private final Map<String, Long> inboundByMid = new ConcurrentHashMap<>();
    private final Map<String, String> eventIdByMid = new ConcurrentHashMap<>();
    private final Map<String, Long> decisionByCause = new ConcurrentHashMap<>();
    private final Map<String, String> decisionIdByCause = new ConcurrentHashMap<>();
    private final Map<String, Long> outboundByDecision = new ConcurrentHashMap<>();
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Thread poller;
    private volatile boolean running = true;

    private PipelineTimes(String bootstrapServers) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        // only committed records: handover-service and bot-service write in transactions
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumer = new KafkaConsumer<>(config);
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : TOPICS) {
            for (PartitionInfo info : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
                partitions.add(new TopicPartition(topic, info.partition()));
            }
        }
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        poller = new Thread(this::poll, "benchmark-pipeline-times");
        poller.setDaemon(true);
    }

    /** Follows the topics from their end now. */
    static PipelineTimes start(String bootstrapServers) {
        PipelineTimes times = new PipelineTimes(bootstrapServers);
        times.poller.start();
        return times;
    }

    /** The stages of the user message {@code mid}. */
    Stages of(String mid) {
        String eventId = eventIdByMid.get(mid);
        String decisionId = eventId == null ? null : decisionIdByCause.get(eventId);
        return new Stages(rawByMid.get(mid), inboundByMid.get(mid),
                eventId == null ? null : decisionByCause.get(eventId),
                decisionId == null ? null : outboundByDecision.get(decisionId));
    }

    private void poll() {
        try {
            while (running) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.value() != null) {
                        take(record.topic(), record.timestamp(), record.value());
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    private void take(String topic, long timestamp, byte[] value) {
        try {
            switch (topic) {
                case Topics.WEBHOOK_RAW -> {
                    JsonNode mid = JSON.readTree(value).path("message").path("mid");
                    if (mid.isTextual()) {
                        rawByMid.putIfAbsent(mid.asText(), timestamp);
                    }
                }
                // A tree and the few ids, not the contract types: this thread shares the machine with what it
                // measures, and binding every record (its times parsed as Instants) cost as much as the broker's
                // request handling in a profile.
                case Topics.CONVERSATION_INBOUND -> {
                    JsonNode event = JSON.readTree(value);
                    String messageId = text(event, "messageId");
                    if (messageId != null && inboundByMid.putIfAbsent(messageId, timestamp) == null) {
                        String eventId = text(event, "eventId");
                        if (eventId != null) {
                            eventIdByMid.put(messageId, eventId);
                        }
                    }
                }
                case Topics.CONVERSATION_DECISIONS -> {
                    JsonNode decision = JSON.readTree(value);
                    String cause = text(decision, "causeEventId");
                    String decisionId = text(decision, "decisionId");
                    // the reply order is the decision the bot acts on; a control change for the same cause is not
                    if (cause != null && decisionId != null && decision.path("order").isObject()
                            && decisionByCause.putIfAbsent(cause, timestamp) == null) {
                        decisionIdByCause.put(cause, decisionId);
                    }
                }
                case Topics.MESSENGER_OUTBOUND -> {
                    String decisionId = text(JSON.readTree(value), "decisionId");
                    if (decisionId != null) {
                        outboundByDecision.putIfAbsent(decisionId, timestamp);
                    }
                }
                default -> {
                    // not followed
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            // a record this benchmark cannot read is not a stage of a user message
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isTextual() ? value.asText() : null;
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            poller.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
