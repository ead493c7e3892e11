package org.handover.replay.dlq;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.handover.contracts.TopicSpec;
import org.handover.contracts.Topics;
import org.handover.replay.timeline.Consumers;

/**
 * Puts dead letters back on the topic they were consumed from, for the consumer to process again: the same key and
 * value, byte for byte, and the same headers minus the ones that describe the failure, plus
 * {@value #REDRIVEN_FROM_HEADER} ({@code <dead-letter topic>/<partition>/<offset>}). A re-drive of the same dead
 * letter therefore writes the same record again, which the consumers' dedupe absorbs (see the module's README, per
 * consumer).
 *
 * <p>One record at a time, in dead-letter order, each acknowledged by every in-sync replica ({@code acks=all},
 * idempotent producer) before the next: the first failure stops the re-drive, so that what was re-driven is always
 * a prefix of what was asked and nothing is reordered.
 *
 * <p>Skipped, and said so: a dead letter whose source is itself a dead-letter topic, and one whose source is a
 * compacted topic ({@code bot.catalog}) that already holds a newer record of its key, which the re-drive would
 * replace as the key's latest value.
 */
public final class Redriver {

    /** The header a re-driven record carries: where in the dead-letter topic it came from. */
    public static final String REDRIVEN_FROM_HEADER = "mh-redriven-from";

    private static final long SEND_TIMEOUT_SECONDS = 30;

    private final Map<String, Object> clientConfig;
    private final DeadLetterReader reader;
    private final PrintStream out;

    /**
     * @param clientConfig Kafka client configuration (bootstrap servers, TLS, SASL...)
     * @param reader       a reader on the same cluster, for the source topics' partitions and newer records
     * @param out          where each record's line goes
     */
    public Redriver(Map<String, Object> clientConfig, DeadLetterReader reader, PrintStream out) {
        this.clientConfig = clientConfig;
        this.reader = reader;
        this.out = out;
    }

    /** What a re-drive did: how many were re-driven (or would be, in a dry run), per source topic, and skipped. */
    public record Result(int redriven, Map<String, Integer> bySource, int skipped, String failure) {
        public Result {
            bySource = Map.copyOf(bySource);
        }
    }

    /** Re-drives {@code letters} in their order; with {@code dryRun}, says what it would do and writes nothing. */
    public Result redrive(List<DeadLetter> letters, boolean dryRun) {
        Map<String, Integer> bySource = new LinkedHashMap<>();
        Map<String, Integer> partitions = new HashMap<>();
        int redriven = 0;
        int skipped = 0;
        KafkaProducer<byte[], byte[]> producer = null;
        try {
            int n = 0;
            for (DeadLetter letter : letters) {
                n++;
                String progress = "[" + n + "/" + letters.size() + "] " + letter.position();
                String source = letter.sourceTopic();
                int count = partitions.computeIfAbsent(source, reader::partitionCount);
                String skip = skipReason(letter, count);
                if (skip != null) {
                    skipped++;
                    out.printf("%s  skipped: %s%n", progress, skip);
                    continue;
                }
                ProducerRecord<byte[], byte[]> copy = copy(letter, count);
                if (dryRun) {
                    Integer partition = copy.partition() != null ? copy.partition()
                            : letter.key() != null ? Integer.valueOf(Consumers.partitionOf(letter.key(), count)) : null;
                    out.printf("%s -> %s%s  key %s%s  (dry run: not written)%n", progress, source,
                            partition == null ? "" : " partition " + partition, letter.key(),
                            letter.id() == null ? "" : "  id " + letter.id());
                } else {
                    if (producer == null) {
                        producer = producer();
                    }
                    RecordMetadata written;
                    try {
                        written = producer.send(copy).get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
                    } catch (ExecutionException | TimeoutException e) {
                        Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
                        String failure = "writing " + letter.position() + " to " + source + " failed: "
                                + cause.getClass().getSimpleName() + ": " + cause.getMessage();
                        return new Result(redriven, bySource, skipped, failure);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return new Result(redriven, bySource, skipped, "interrupted");
                    }
                    out.printf("%s -> %s %d@%d  key %s%s%n", progress, source, written.partition(), written.offset(),
                            letter.key(), letter.id() == null ? "" : "  id " + letter.id());
                }
                redriven++;
                bySource.merge(source, 1, Integer::sum);
            }
        } finally {
            if (producer != null) {
                producer.close();
            }
        }
        return new Result(redriven, bySource, skipped, null);
    }

    /** Why {@code letter} must not be re-driven, or {@code null}. */
    private String skipReason(DeadLetter letter, int sourcePartitions) {
        String source = letter.sourceTopic();
        if (source.endsWith(".dlq") || source.equals(letter.topic())) {
            return "its source " + source + " is a dead-letter topic";
        }
        if (sourcePartitions == 0) {
            return "its source topic " + source + " does not exist (or this client may not describe it)";
        }
        if (isCompacted(source) && letter.record().key() != null && letter.sourceOffset() != null) {
            int partition = letter.sourcePartition() != null && letter.sourcePartition() < sourcePartitions
                    ? letter.sourcePartition() : Consumers.partitionOf(letter.key(), sourcePartitions);
            Long newer = reader.newerWithKey(new TopicPartition(source, partition), letter.sourceOffset(),
                    letter.record().key());
            if (newer != null) {
                return source + " (compacted) holds a newer record of key " + letter.key() + " at " + partition + "@"
                        + newer + ", which a re-drive would replace as the key's latest value";
            }
        }
        return null;
    }

    /** Whether {@code topic} is one of the system's compacted topics, in any namespace. */
    private static boolean isCompacted(String topic) {
        return Topics.MAIN.stream().filter(TopicSpec::compacted).anyMatch(spec -> topic.endsWith(spec.name()));
    }

    /**
     * The record to write: same key, value and headers, without the failure's headers and an earlier re-drive's
     * mark, with this re-drive's. A keyed record goes where the producers' partitioner puts its key (its original
     * partition, as long as the topic kept its partition count); one without a key goes back to its partition.
     */
    static ProducerRecord<byte[], byte[]> copy(DeadLetter letter, int sourcePartitions) {
        RecordHeaders headers = new RecordHeaders();
        for (Header header : letter.record().headers()) {
            if (!DeadLetter.isFailureHeader(header.key()) && !REDRIVEN_FROM_HEADER.equals(header.key())) {
                headers.add(header);
            }
        }
        headers.add(REDRIVEN_FROM_HEADER, (letter.topic() + "/" + letter.record().partition() + "/"
                + letter.record().offset()).getBytes(StandardCharsets.UTF_8));
        Integer partition = null;
        if (letter.record().key() == null && letter.sourcePartition() != null
                && letter.sourcePartition() < sourcePartitions) {
            partition = letter.sourcePartition();
        }
        return new ProducerRecord<>(letter.sourceTopic(), partition, letter.record().key(), letter.record().value(),
                headers);
    }

    private KafkaProducer<byte[], byte[]> producer() {
        Map<String, Object> config = new HashMap<>(clientConfig);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "handover-replay-redrive");
        return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
    }
}
