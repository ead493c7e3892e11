package org.handover.contracts;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How a topic must be created: name, partitions, and either a retention (append-only stream) or compaction
 * (latest value per key).
 *
 * @param name       topic name
 * @param partitions number of partitions
 * @param compacted  {@code cleanup.policy=compact} when true, {@code delete} otherwise
 * @param retention  how long records are kept; {@code null} for compacted topics (kept until superseded)
 */
public record TopicSpec(String name, int partitions, boolean compacted, Duration retention) {

    /** Kafka's topic-level setting for the largest record batch the topic accepts (after compression). */
    public static final String MAX_MESSAGE_BYTES = "max.message.bytes";

    public TopicSpec {
        Objects.requireNonNull(name, "name");
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be at least 1 for " + name);
        }
        if (!compacted && retention == null) {
            throw new IllegalArgumentException("a non-compacted topic needs a retention: " + name);
        }
    }

    static TopicSpec stream(String name, int partitions, Duration retention) {
        return new TopicSpec(name, partitions, false, retention);
    }

    static TopicSpec compacted(String name, int partitions) {
        return new TopicSpec(name, partitions, true, null);
    }

    /** The same topic named {@code prefix + name} (a topic namespace, see {@link Topics#all(String)}). */
    public TopicSpec withPrefix(String prefix) {
        return prefix == null || prefix.isEmpty() ? this : new TopicSpec(prefix + name, partitions, compacted, retention);
    }

    /**
     * The topic-level configuration to create this topic with (Kafka config names): the cleanup policy, the retention,
     * and {@code max.message.bytes} from the {@link SizeBudget} (set on the topic, so that it holds whatever the
     * broker's own {@code message.max.bytes} is).
     */
    public Map<String, String> config() {
        String maxMessageBytes = Integer.toString(SizeBudget.TOPIC_MAX_MESSAGE_BYTES);
        return compacted
                ? Map.of("cleanup.policy", "compact", MAX_MESSAGE_BYTES, maxMessageBytes)
                : Map.of("cleanup.policy", "delete", "retention.ms", Long.toString(retention.toMillis()),
                        MAX_MESSAGE_BYTES, maxMessageBytes);
    }
}
