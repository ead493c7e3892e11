package org.handover.replay.dlq;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.handover.contracts.ContractJson;
import org.handover.contracts.Topics;

/**
 * One record of a dead-letter topic, with what SmallRye's dead-letter-queue strategy wrote about it in its headers:
 * where it came from ({@value #TOPIC}, {@value #PARTITION}, {@value #OFFSET}) and why ({@value #REASON}, the
 * exception's message; {@value #EXCEPTION_CLASS}). Those names are the ones of smallrye-reactive-messaging-kafka's
 * {@code KafkaDeadLetterQueue}; it also copies the record's own headers, which a re-drive keeps.
 *
 * @param record       the dead-letter record, exactly as stored
 * @param sourceTopic  the topic it was consumed from: its {@value #TOPIC} header, else the dead-letter topic's name
 *                     without {@code .dlq}
 * @param sourcePartition its partition there, when the header says ({@code null} otherwise)
 * @param sourceOffset its offset there, when the header says ({@code null} otherwise)
 * @param reason       why it was dead-lettered ({@value #REASON}), {@code null} if not said
 * @param ids          the ids a selection can name it by: the event id, decision id, cause event id, message id
 *                     that its value carries; for a raw event, the event id routing-service derives from it (the
 *                     message's {@code mid}, else the SHA-256 of the value). The first is the one shown.
 */
public record DeadLetter(ConsumerRecord<byte[], byte[]> record, String sourceTopic, Integer sourcePartition,
        Long sourceOffset, String reason, List<String> ids) {

    /** SmallRye's headers on a dead letter. */
    public static final String TOPIC = "dead-letter-topic";
    public static final String PARTITION = "dead-letter-partition";
    public static final String OFFSET = "dead-letter-offset";
    public static final String REASON = "dead-letter-reason";
    public static final String CAUSE = "dead-letter-cause";
    public static final String EXCEPTION_CLASS = "dead-letter-exception-class-name";
    public static final String CAUSE_CLASS = "dead-letter-cause-class-name";

    /** Header prefixes that describe the failure, not the record: a re-drive removes them. */
    public static final List<String> FAILURE_HEADER_PREFIXES = List.of("dead-letter-", "deserialization-failure-");

    private static final String DLQ_SUFFIX = ".dlq";

    public DeadLetter {
        ids = List.copyOf(ids);
    }

    /** Reads a dead-letter record; never throws on a broken value (dead letters are often broken). */
    public static DeadLetter of(ConsumerRecord<byte[], byte[]> record) {
        String topicHeader = header(record, TOPIC);
        String source = topicHeader != null && !topicHeader.isBlank() ? topicHeader : sourceOf(record.topic());
        return new DeadLetter(record, source, number(header(record, PARTITION), Integer::valueOf),
                number(header(record, OFFSET), Long::valueOf), header(record, REASON), ids(source, record.value()));
    }

    /** The source topic a dead-letter topic is named after: its name without {@code .dlq}. */
    public static String sourceOf(String deadLetterTopic) {
        return deadLetterTopic.endsWith(DLQ_SUFFIX)
                ? deadLetterTopic.substring(0, deadLetterTopic.length() - DLQ_SUFFIX.length()) : deadLetterTopic;
    }

    /** When it was dead-lettered (the dead-letter record's timestamp). */
    public Instant at() {
        return Instant.ofEpochMilli(record.timestamp());
    }

    public String topic() {
        return record.topic();
    }

    /** The record's key as text, {@code null} without one. */
    public String key() {
        return record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
    }

    /** Where it is, as {@code topic partition@offset}. */
    public String position() {
        return record.topic() + " " + record.partition() + "@" + record.offset();
    }

    /** Where it came from, as {@code topic partition@offset} (what the headers say of it). */
    public String sourcePosition() {
        return sourceTopic + (sourcePartition == null ? "" : " " + sourcePartition
                + (sourceOffset == null ? "" : "@" + sourceOffset));
    }

    /** The id shown for it, {@code null} when its value carries none. */
    public String id() {
        return ids.isEmpty() ? null : ids.get(0);
    }

    /** The value of the last header {@code name}, {@code null} if absent. */
    public String header(String name) {
        return header(record, name);
    }

    /** Every header, as text, in order (a repeated name keeps its last value). */
    public Map<String, String> headers() {
        Map<String, String> headers = new LinkedHashMap<>();
        for (Header header : record.headers()) {
            headers.put(header.key(), header.value() == null ? null
                    : new String(header.value(), StandardCharsets.UTF_8));
        }
        return headers;
    }

    /** Whether a header describes the failure (SmallRye's dead-letter and deserialization-failure headers). */
    public static boolean isFailureHeader(String name) {
        return FAILURE_HEADER_PREFIXES.stream().anyMatch(name::startsWith);
    }

    private static List<String> ids(String source, byte[] value) {
        List<String> ids = new ArrayList<>();
        if (value == null || value.length == 0) {
            return ids;
        }
        JsonNode json;
        try {
            json = ContractJson.mapper().readTree(value);
        } catch (java.io.IOException e) {
            json = null;
        }
        if (json != null && json.isObject()) {
            for (String field : List.of("eventId", "decisionId", "causeEventId", "messageId")) {
                addText(ids, json.path(field));
            }
            addText(ids, json.path("message").path("mid"));
        }
        if (source.endsWith(Topics.WEBHOOK_RAW) && ids.isEmpty()) {
            // routing-service's event id of an event without a mid: the SHA-256 of the raw value
            ids.add(sha256(value));
        }
        return ids;
    }

    private static void addText(List<String> ids, JsonNode node) {
        if (node.isTextual() && !node.asText().isBlank() && !ids.contains(node.asText())) {
            ids.add(node.asText());
        }
    }

    private static String sha256(byte[] value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static <T> T number(String text, java.util.function.Function<String, T> parse) {
        if (text == null || !text.strip().matches("-?\\d{1,19}")) {
            return null;
        }
        try {
            return parse.apply(text.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
