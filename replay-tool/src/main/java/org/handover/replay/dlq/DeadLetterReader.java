package org.handover.replay.dlq;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.handover.replay.timeline.Consumers;

/**
 * Reads dead-letter topics: every partition, from the first offset of the time range ({@code offsetsForTimes}) to
 * its last, narrowed to the offsets asked for when a selection names only offsets. Like the timeline it joins no
 * consumer group and commits nothing.
 */
public final class DeadLetterReader implements AutoCloseable {

    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration PARTITION_TIMEOUT = Duration.ofSeconds(60);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private long scanned;

    /** @param clientConfig Kafka client configuration (bootstrap servers, TLS, SASL...) */
    public DeadLetterReader(Map<String, Object> clientConfig) {
        this.consumer = Consumers.readOnly(clientConfig, "handover-replay-dlq");
    }

    /** One dead-letter topic: whether it exists, how many records it holds, and those selected, oldest first. */
    public record TopicScan(String topic, boolean exists, long records, List<DeadLetter> selected) {
        public TopicScan {
            selected = List.copyOf(selected);
        }
    }

    /** What a read found: per topic, in the selection's order, and how many records were read to find them. */
    public record Scan(List<TopicScan> topics, long scanned) {
        public Scan {
            topics = List.copyOf(topics);
        }

        /** Every selected dead letter, topic after topic. */
        public List<DeadLetter> selected() {
            return topics.stream().flatMap(t -> t.selected().stream()).toList();
        }
    }

    /** The dead letters {@code selection} names. */
    public Scan read(DeadLetterSelection selection) {
        scanned = 0;
        List<TopicScan> topics = new ArrayList<>();
        for (String topic : selection.topics()) {
            int partitions = partitionCount(topic);
            if (partitions == 0) {
                topics.add(new TopicScan(topic, false, 0, List.of()));
                continue;
            }
            long records = 0;
            List<DeadLetter> selected = new ArrayList<>();
            for (int partition = 0; partition < partitions; partition++) {
                TopicPartition tp = new TopicPartition(topic, partition);
                long beginning = consumer.beginningOffsets(List.of(tp)).get(tp);
                long end = consumer.endOffsets(List.of(tp)).get(tp);
                records += end - beginning;
                long start = selection.from() == null ? beginning : offsetAt(tp, selection.from(), end);
                long stop = selection.to() == null ? end : offsetAt(tp, selection.to().plusMillis(1), end);
                if (selection.ids().isEmpty() && !selection.offsets().isEmpty()) {
                    // only offsets asked for: read just their span
                    int p = partition;
                    List<DeadLetterSelection.OffsetRange> here = selection.offsets().stream()
                            .filter(r -> r.partition() == null || r.partition() == p).toList();
                    if (here.isEmpty()) {
                        continue;
                    }
                    start = Math.max(start, here.stream().mapToLong(DeadLetterSelection.OffsetRange::first).min()
                            .getAsLong());
                    stop = Math.min(stop, here.stream().mapToLong(DeadLetterSelection.OffsetRange::last).max()
                            .getAsLong() + 1);
                }
                for (ConsumerRecord<byte[], byte[]> record : scan(tp, start, stop)) {
                    DeadLetter letter = DeadLetter.of(record);
                    if (selection.matches(letter)) {
                        selected.add(letter);
                    }
                }
            }
            selected.sort(java.util.Comparator.comparing(DeadLetter::at)
                    .thenComparingInt(l -> l.record().partition())
                    .thenComparingLong(l -> l.record().offset()));
            topics.add(new TopicScan(topic, true, records, selected));
        }
        return new Scan(topics, scanned);
    }

    /** The topic's partition count; 0 when it does not exist (or this client may not describe it). */
    public int partitionCount(String topic) {
        List<PartitionInfo> partitions = consumer.partitionsFor(topic);
        return partitions == null ? 0 : partitions.size();
    }

    /**
     * The offset of the newest record with {@code key} in {@code tp} after {@code after}, or {@code null} when there
     * is none: on a compacted topic, a record that a re-drive of an older value would replace.
     */
    public Long newerWithKey(TopicPartition tp, long after, byte[] key) {
        long end = consumer.endOffsets(List.of(tp)).get(tp);
        long beginning = consumer.beginningOffsets(List.of(tp)).get(tp);
        Long newest = null;
        for (ConsumerRecord<byte[], byte[]> record : scan(tp, Math.max(after + 1, beginning), end)) {
            if (Arrays.equals(record.key(), key)) {
                newest = record.offset();
            }
        }
        return newest;
    }

    /** The first offset whose timestamp is at or after {@code at}; {@code end} when there is none. */
    private long offsetAt(TopicPartition tp, Instant at, long end) {
        Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(Map.of(tp, at.toEpochMilli()));
        OffsetAndTimestamp offset = found.get(tp);
        return offset != null ? offset.offset() : end;
    }

    /** The records of {@code tp} from {@code start} (inclusive) to {@code end} (exclusive). */
    private List<ConsumerRecord<byte[], byte[]>> scan(TopicPartition tp, long start, long end) {
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
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL).records(tp)) {
                if (record.offset() >= end) {
                    break;
                }
                scanned++;
                found.add(record);
            }
        }
        consumer.assign(List.of());
        return found;
    }

    @Override
    public void close() {
        consumer.close();
    }
}
