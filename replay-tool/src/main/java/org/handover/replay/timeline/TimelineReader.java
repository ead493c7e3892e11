package org.handover.replay.timeline;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.handover.contracts.ConversationKey;
import org.handover.contracts.Topics;

/**
 * Reads one conversation from every topic of a namespace without scanning topics from the beginning: the
 * conversation key decides the partition (the producers' default partitioner, the same murmur2 hash), and the time
 * window decides the offsets ({@code offsetsForTimes}). Only the records inside the window of that one partition are
 * read, whatever the size of the topic.
 *
 * <p>It never joins a consumer group and never commits: reading a timeline leaves no trace on the cluster.
 */
public final class TimelineReader implements AutoCloseable {

    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration PARTITION_TIMEOUT = Duration.ofSeconds(60);

    /** The dead-letter topics of the conversation path (the catalog's has no conversation in it). */
    private static final List<String> DEAD_LETTER_SOURCES = List.of(Topics.WEBHOOK_RAW, Topics.CONVERSATION_INBOUND,
            Topics.CONVERSATION_DECISIONS, Topics.MESSENGER_OUTBOUND);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final RecordDescriber describer;
    private long scanned;

    /**
     * @param clientConfig Kafka client configuration (bootstrap servers, TLS, SASL...); consumer settings that would
     *                     make it join a group or commit are overridden
     * @param showText     whether the user's message text is shown rather than hidden
     */
    public TimelineReader(Map<String, Object> clientConfig, boolean showText) {
        this.consumer = Consumers.readOnly(clientConfig, "handover-replay-timeline");
        this.describer = new RecordDescriber(showText);
    }

    /** The conversation's records in every topic of the query's namespace, oldest first. */
    public Timeline read(TimelineQuery query) {
        return read(query, null);
    }

    /**
     * As {@link #read(TimelineQuery)}, also handing the conversation's own raw records (not the page-level ones),
     * exactly as stored, to {@code conversationRaw}: what a replay feeds again, without reading them twice.
     */
    public Timeline read(TimelineQuery query, List<ConsumerRecord<byte[], byte[]>> conversationRaw) {
        scanned = 0;
        List<String> notes = new ArrayList<>();
        List<TimelineEntry> entries = new ArrayList<>();
        String key = query.key();
        String pageKey = ConversationKey.forPage(query.pageId());

        List<ConsumerRecord<byte[], byte[]>> raw = rawRecords(query, Set.of(key, pageKey), notes);
        raw.forEach(r -> entries.add(describer.describe(Stage.RAW, r)));
        if (conversationRaw != null) {
            byte[] own = key.getBytes(StandardCharsets.UTF_8);
            raw.stream().filter(r -> java.util.Arrays.equals(r.key(), own)).forEach(conversationRaw::add);
        }

        // what the raw events caused is written after them: the later stages' window follows the raw slice
        Instant from = query.from();
        Instant to = query.to();
        if (query.byOffsets() && !raw.isEmpty()) {
            from = Instant.ofEpochMilli(raw.get(0).timestamp());
            to = Instant.ofEpochMilli(raw.get(raw.size() - 1).timestamp());
        }
        Instant until = to.plus(query.grace());
        for (Stage stage : List.of(Stage.INBOUND, Stage.DECISION, Stage.CONTROL, Stage.OUTBOUND)) {
            String topic = query.topicPrefix() + stage.topic();
            read(topic, key, from, until, notes)
                    .forEach(r -> entries.add(describer.describe(stage, r)));
        }
        clicks(query, entries, from, until, notes);
        for (String source : DEAD_LETTER_SOURCES) {
            String topic = query.topicPrefix() + Topics.deadLetter(source);
            readAllPartitions(topic, key, from, until, notes)
                    .forEach(r -> entries.add(describer.describe(Stage.DEAD_LETTER, r)));
        }
        entries.sort(Comparator.comparing(TimelineEntry::at)
                .thenComparing(TimelineEntry::stage)
                .thenComparingLong(TimelineEntry::offset));
        return new Timeline(query, entries, notes, scanned);
    }

    /**
     * The conversation's own raw records (not the page-level ones), exactly as stored: what a replay feeds again.
     */
    public List<ConsumerRecord<byte[], byte[]>> rawSlice(TimelineQuery query) {
        List<String> notes = new ArrayList<>();
        List<ConsumerRecord<byte[], byte[]>> records = rawRecords(query, Set.of(query.key()), notes);
        if (!notes.isEmpty()) {
            throw new IllegalStateException(String.join("; ", notes));
        }
        return records;
    }

    private List<ConsumerRecord<byte[], byte[]>> rawRecords(TimelineQuery query, Set<String> keys, List<String> notes) {
        String topic = query.topicPrefix() + Topics.WEBHOOK_RAW;
        int partitions = partitionCount(topic, notes);
        if (partitions == 0) {
            return List.of();
        }
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        // the conversation's partition, and the page's (page-level events such as app_roles), once each
        Map<Integer, List<String>> byPartition = new HashMap<>();
        for (String key : keys) {
            byPartition.computeIfAbsent(Consumers.partitionOf(key, partitions), p -> new ArrayList<>()).add(key);
        }
        int conversationPartition = Consumers.partitionOf(query.key(), partitions);
        byPartition.forEach((partition, partitionKeys) -> {
            TopicPartition tp = new TopicPartition(topic, partition);
            long start;
            long end;
            if (query.byOffsets() && partition == conversationPartition) {
                start = query.fromOffset() != null ? query.fromOffset() : offsetAt(tp, query.from());
                end = query.toOffset() != null ? query.toOffset() + 1 : offsetAt(tp, query.to().plusMillis(1));
            } else {
                start = offsetAt(tp, query.from());
                end = offsetAt(tp, query.to().plusMillis(1));
            }
            records.addAll(scan(tp, start, end, Set.copyOf(partitionKeys)));
        });
        records.sort(Comparator.comparingLong((ConsumerRecord<byte[], byte[]> r) -> r.timestamp())
                .thenComparingLong(ConsumerRecord::offset));
        return records;
    }

    /**
     * The conversation's clicks on the links of the bulletins ordered to it (in the decisions read): the click topic
     * is keyed by bulletin id, so each such bulletin's partition is read over the window and only the records of this
     * page and user are kept.
     */
    private void clicks(TimelineQuery query, List<TimelineEntry> entries, Instant from, Instant until,
            List<String> notes) {
        Set<String> bulletins = new java.util.TreeSet<>();
        for (TimelineEntry e : entries) {
            if (e.stage() == Stage.DECISION && e.value() != null
                    && "BULLETIN".equals(e.value().path("order").path("kind").asText())
                    && e.value().path("order").hasNonNull("bulletinId")) {
                bulletins.add(e.value().path("order").path("bulletinId").asText());
            }
        }
        if (bulletins.isEmpty()) {
            return;
        }
        String topic = query.topicPrefix() + Stage.CLICK.topic();
        // clicks come after the copy was sent, often long after the window of the events: read up to now
        Instant end = Instant.now();
        for (String bulletin : bulletins) {
            for (ConsumerRecord<byte[], byte[]> r : read(topic, bulletin, from, end.isAfter(until) ? end : until,
                    notes)) {
                TimelineEntry entry = describer.describe(Stage.CLICK, r);
                if (entry.value() != null && query.pageId().equals(entry.value().path("pageId").asText())
                        && query.psid().equals(entry.value().path("psid").asText())) {
                    entries.add(entry);
                }
            }
        }
    }

    private List<ConsumerRecord<byte[], byte[]>> read(String topic, String key, Instant from, Instant until,
            List<String> notes) {
        int partitions = partitionCount(topic, notes);
        if (partitions == 0) {
            return List.of();
        }
        TopicPartition tp = new TopicPartition(topic, Consumers.partitionOf(key, partitions));
        return scan(tp, offsetAt(tp, from), offsetAt(tp, until.plusMillis(1)), Set.of(key));
    }

    private List<ConsumerRecord<byte[], byte[]>> readAllPartitions(String topic, String key, Instant from,
            Instant until, List<String> notes) {
        int partitions = partitionCount(topic, notes);
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (int partition = 0; partition < partitions; partition++) {
            TopicPartition tp = new TopicPartition(topic, partition);
            records.addAll(scan(tp, offsetAt(tp, from), offsetAt(tp, until.plusMillis(1)), Set.of(key)));
        }
        return records;
    }

    /** The first offset whose timestamp is at or after {@code at}; the end of the partition when there is none. */
    private long offsetAt(TopicPartition tp, Instant at) {
        Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(Map.of(tp, at.toEpochMilli()));
        OffsetAndTimestamp offset = found.get(tp);
        return offset != null ? offset.offset() : consumer.endOffsets(List.of(tp)).get(tp);
    }

    /** The records of {@code tp} from {@code start} (inclusive) to {@code end} (exclusive) with one of the keys. */
    private List<ConsumerRecord<byte[], byte[]>> scan(TopicPartition tp, long start, long end, Set<String> keys) {
        List<ConsumerRecord<byte[], byte[]>> found = new ArrayList<>();
        if (start >= end) {
            return found;
        }
        consumer.assign(List.of(tp));
        consumer.seek(tp, start);
        long deadline = System.nanoTime() + PARTITION_TIMEOUT.toNanos();
        while (consumer.position(tp) < end) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("reading " + tp + " from " + start + " to " + end + " took more than "
                        + PARTITION_TIMEOUT.toSeconds() + " s; is the cluster reachable?");
            }
            ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
            for (ConsumerRecord<byte[], byte[]> record : records.records(tp)) {
                if (record.offset() >= end) {
                    break;
                }
                scanned++;
                if (record.key() != null && keys.contains(new String(record.key(), StandardCharsets.UTF_8))) {
                    found.add(record);
                }
            }
        }
        consumer.assign(List.of());
        return found;
    }

    private int partitionCount(String topic, List<String> notes) {
        List<PartitionInfo> partitions = consumer.partitionsFor(topic);
        if (partitions == null || partitions.isEmpty()) {
            notes.add("topic " + topic + " does not exist (or this client may not describe it)");
            return 0;
        }
        return partitions.size();
    }

    @Override
    public void close() {
        consumer.close();
    }
}
