package org.handover.routing.messaging;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.ChannelRegistry;
import io.smallrye.reactive.messaging.PausableChannel;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Classifies nothing before {@link org.handover.contracts.Topics#BOT_CATALOG} has been read to the end offsets it had
 * when the service started. Without it, raw events read right after a restart are classified against an empty
 * {@link org.handover.routing.service.GuidedCatalogStore}: typed guided options become free text and the user is
 * asked "Change to agent?", and a replay classifies differently from run to run.
 *
 * <p>How: the {@link Channels#RAW_EVENTS} channel is configured pausable and starts paused (no demand reaches its
 * Kafka consumer, so no raw record is read, skipped or committed); this gate resumes it once, when every partition of
 * the catalog topic has been read up to its end offset at start. {@link GuidedCatalogConsumer} reports each record it
 * handled ({@link #recordRead}); a partition that was empty at start counts as read. A partition whose last records
 * below that offset are gone (compacted away, or transaction markers, which no consumer sees) would never report
 * them, so a partition that stops moving short of its end is checked with a probe consumer of this gate's own: if the
 * broker has no record between the last one read and the end offset, the partition is read. Until then the readiness
 * check {@link CatalogLoadedCheck} is DOWN with the reason.
 *
 * <p>The offsets are checked on one thread of this gate's own, never on the event loop.
 */
@ApplicationScoped
public class CatalogLoadGate {

    private static final Logger LOG = Logger.getLogger(CatalogLoadGate.class);
    private static final Duration CHECK_EVERY = Duration.ofMillis(200);
    private static final Duration BROKER_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration PROBE_POLL = Duration.ofMillis(500);

    private final ChannelRegistry channels;
    private final Map<String, Object> kafkaConfig;
    private final String topic;
    /** Per partition, the highest offset below which (inclusive) every catalog record has been handled. */
    private final Map<Integer, Long> read = new ConcurrentHashMap<>();
    /** Per partition, [beginning, end) at start; {@code null} until the broker answered. */
    private volatile Map<Integer, long[]> bounds;
    private volatile boolean loaded;
    private volatile String waitingFor;
    private ScheduledExecutorService checker;
    /** Used by the checker thread only (a Kafka consumer is not thread-safe). */
    private KafkaConsumer<byte[], byte[]> probe;
    /** Checker thread only: the read offsets of the previous check, to tell a stalled partition from a moving one. */
    private final Map<Integer, Long> previous = new HashMap<>();

    public CatalogLoadGate(ChannelRegistry channels, @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig,
            @ConfigProperty(name = "mp.messaging.incoming." + Channels.GUIDED_CATALOGS + ".topic") String topic) {
        this.channels = channels;
        this.kafkaConfig = kafkaConfig;
        this.topic = topic;
        this.waitingFor = "the end offsets of " + topic + " are not known yet";
    }

    /** Runs after the messaging channels are wired (they start on an earlier startup priority). */
    void start(@Observes StartupEvent event) {
        PausableChannel raw = channels.getPausable(Channels.RAW_EVENTS);
        if (raw == null) {
            // Without a pausable channel nothing could hold classification back: refuse to run rather than classify
            // against an empty catalog.
            throw new IllegalStateException("channel " + Channels.RAW_EVENTS + " must be pausable and start paused ("
                    + "mp.messaging.incoming." + Channels.RAW_EVENTS + ".pausable=true, pausable.initially-paused=true)"
                    + " so that nothing is classified before " + topic + " is read");
        }
        checker = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "catalog-load-gate");
            thread.setDaemon(true);
            return thread;
        });
        checker.scheduleWithFixedDelay(this::check, 0, CHECK_EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        if (checker != null) {
            checker.shutdownNow();
            try {
                checker.awaitTermination(BROKER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * {@link GuidedCatalogConsumer} handled the record at {@code offset} of {@code partition} (applied, removed, or
     * sent to the dead-letter topic): every earlier record of the partition was handled before it.
     */
    public void recordRead(int partition, long offset) {
        read.merge(partition, offset, Math::max);
        if (!loaded && bounds != null && pending().isEmpty()) {
            open();
        }
    }

    /** Whether the catalog has been read to its end offsets at start, so raw events are being classified. */
    public boolean isLoaded() {
        return loaded;
    }

    /** What the gate still waits for; {@code null} once loaded. */
    public String waitingFor() {
        return loaded ? null : waitingFor;
    }

    private void check() {
        try {
            if (!loaded) {
                if (bounds == null) {
                    readBounds();
                }
                if (bounds != null) {
                    List<Integer> pending = pending();
                    List<Integer> stalled = pending.stream()
                            .filter(partition -> Objects.equals(previous.get(partition), read.get(partition)))
                            .toList();
                    pending.forEach(partition -> previous.put(partition, read.get(partition)));
                    if (!stalled.isEmpty()) {
                        probeGaps(stalled);
                    }
                    if (pending().isEmpty()) {
                        open();
                    } else {
                        waitingFor = describe(pending());
                    }
                }
            }
        } catch (InterruptException e) {
            Thread.currentThread().interrupt();
        } catch (KafkaException e) {
            // Broker unreachable, topic missing, ...: readiness says so, the next check tries again.
            waitingFor = "cannot read the offsets of " + topic + ": " + e.getClass().getSimpleName();
            LOG.debugf("Catalog offsets not readable yet: %s", e.toString());
        } finally {
            if (loaded || Thread.currentThread().isInterrupted()) {
                closeProbe();
                checker.shutdown();
            }
        }
    }

    private void readBounds() {
        KafkaConsumer<byte[], byte[]> consumer = probe();
        List<PartitionInfo> partitions = consumer.partitionsFor(topic, BROKER_TIMEOUT);
        if (partitions == null || partitions.isEmpty()) {
            waitingFor = "topic " + topic + " has no partitions (is it created?)";
            return;
        }
        List<TopicPartition> all = partitions.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
        Map<TopicPartition, Long> begin = consumer.beginningOffsets(all, BROKER_TIMEOUT);
        Map<TopicPartition, Long> end = consumer.endOffsets(all, BROKER_TIMEOUT);
        Map<Integer, long[]> known = new TreeMap<>();
        all.forEach(tp -> known.put(tp.partition(), new long[] {begin.get(tp), end.get(tp)}));
        bounds = known;
        LOG.infof("Classification waits until %s is read to its end offsets at start: %s", topic, known.entrySet()
                .stream().map(e -> e.getKey() + "=" + e.getValue()[1]).collect(Collectors.joining(", ")));
    }

    /** Partitions not read to their end offset at start yet (an empty partition is read). */
    private List<Integer> pending() {
        return bounds.entrySet().stream()
                .filter(e -> e.getValue()[0] < e.getValue()[1]
                        && read.getOrDefault(e.getKey(), e.getValue()[0] - 1) + 1 < e.getValue()[1])
                .map(Map.Entry::getKey)
                .toList();
    }

    /**
     * Asks the broker whether any record is left between the last one read and the end offset of each stalled
     * partition; a partition with none is read. A record found below the end is simply not handled yet.
     */
    private void probeGaps(List<Integer> stalled) {
        KafkaConsumer<byte[], byte[]> consumer = probe();
        Map<Integer, TopicPartition> partitions = stalled.stream()
                .collect(Collectors.toMap(p -> p, p -> new TopicPartition(topic, p)));
        consumer.assign(partitions.values());
        partitions.forEach((partition, tp) -> consumer.seek(tp, read.getOrDefault(partition,
                bounds.get(partition)[0] - 1) + 1));
        ConsumerRecords<byte[], byte[]> records = consumer.poll(PROBE_POLL);
        partitions.forEach((partition, tp) -> {
            long end = bounds.get(partition)[1];
            boolean recordLeft = records.records(tp).stream().anyMatch(r -> r.offset() < end);
            if (!recordLeft && consumer.position(tp, BROKER_TIMEOUT) >= end) {
                LOG.debugf("%s-%d has no record left below %d", topic, partition, end);
                read.merge(partition, end - 1, Math::max);
            }
        });
        consumer.assign(List.of());
    }

    private synchronized void open() {
        if (loaded) {
            return;
        }
        loaded = true;
        channels.getPausable(Channels.RAW_EVENTS).resume();
        LOG.infof("%s read to its end offsets at start: classifying raw events", topic);
    }

    private String describe(List<Integer> pending) {
        return "classification waits until " + topic + " is read to its end offsets at start; not yet: " + pending
                .stream().map(p -> "partition " + p + " (" + (read.containsKey(p) ? "read to " + read.get(p)
                        : "nothing read") + ", end " + bounds.get(p)[1] + ")")
                .collect(Collectors.joining(", "));
    }

    private KafkaConsumer<byte[], byte[]> probe() {
        if (probe == null) {
            Map<String, Object> config = new HashMap<>();
            kafkaConfig.forEach((name, value) -> {
                if (ConsumerConfig.configNames().contains(name)) {
                    config.put(name, value);
                }
            });
            config.remove(ConsumerConfig.GROUP_ID_CONFIG);
            config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            config.put(ConsumerConfig.CLIENT_ID_CONFIG, "routing-catalog-load-gate");
            probe = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        }
        return probe;
    }

    private void closeProbe() {
        if (probe != null) {
            try {
                probe.close(BROKER_TIMEOUT);
            } catch (KafkaException e) {
                LOG.debugf("Closing the catalog probe: %s", e.toString());
            }
            probe = null;
        }
    }
}
