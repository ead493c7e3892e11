package org.handover.harness;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.hamcrest.Matchers;

/**
 * What the broker knows of consumer groups: waits until the services' groups have settled, so that what is fed next
 * is read at once and not after a rebalance; and which groups exist and where they committed, for tests that prove
 * which group a service consumes in (a topic namespace, for instance) rather than only that records came through.
 */
public final class ConsumerGroups {

    private static final Duration POLL = Duration.ofMillis(250);
    private static final long CALL_TIMEOUT_SECONDS = 30;

    private ConsumerGroups() {
    }

    /**
     * Waits until every group is stable and its members own every partition of the topics it reads.
     *
     * @param adminConfig Kafka admin client configuration
     * @param groups      group id → the topics its members must own all partitions of
     * @param timeout     how long to wait before failing with what is still missing
     */
    public static void awaitAssigned(Map<String, Object> adminConfig, Map<String, List<String>> groups,
            Duration timeout) {
        awaitAssigned(adminConfig, groups, Map.of(), timeout);
    }

    /**
     * Waits until every group is stable, its members own every partition of the topics it reads, and it has exactly
     * the number of members {@code members} gives it (groups it does not name may have any): after a replica was
     * killed, the group is whole again only once the dead member has left and the restarted one has joined.
     *
     * @param adminConfig Kafka admin client configuration
     * @param groups      group id → the topics its members must own all partitions of
     * @param members     group id → how many members it must have
     * @param timeout     how long to wait before failing with what is still missing
     */
    public static void awaitAssigned(Map<String, Object> adminConfig, Map<String, List<String>> groups,
            Map<String, Integer> members, Duration timeout) {
        try (Admin admin = Admin.create(adminConfig)) {
            Map<String, Integer> partitions = new LinkedHashMap<>();
            call(admin.describeTopics(groups.values().stream().flatMap(List::stream).distinct().toList())
                    .allTopicNames(), "describe the topics of the consumer groups")
                    .forEach((topic, description) -> partitions.put(topic, description.partitions().size()));
            Waits.atMost(timeout, POLL).alias("consumer groups " + groups.keySet() + " assigned")
                    .until(() -> unassigned(admin, groups, members, partitions), Matchers.empty());
        }
    }

    /** How many members each of {@code groups} has now (0 for a group nobody has joined). */
    public static Map<String, Integer> memberCounts(String bootstrapServers, List<String> groups) {
        try (Admin admin = admin(bootstrapServers)) {
            Map<String, KafkaFuture<ConsumerGroupDescription>> described = admin.describeConsumerGroups(groups)
                    .describedGroups();
            Map<String, Integer> counts = new LinkedHashMap<>();
            for (String group : groups) {
                try {
                    counts.put(group, call(described.get(group), "describe the consumer group " + group).members()
                            .size());
                } catch (IllegalStateException e) {
                    if (!(e.getCause() instanceof GroupIdNotFoundException)) {
                        throw e;
                    }
                    counts.put(group, 0);
                }
            }
            return counts;
        }
    }

    /** The groups not yet stable or not owning all their partitions, each with its state and what it owns. */
    private static List<String> unassigned(Admin admin, Map<String, List<String>> groups,
            Map<String, Integer> members, Map<String, Integer> partitions) {
        List<String> waiting = new ArrayList<>();
        Map<String, KafkaFuture<ConsumerGroupDescription>> described = admin.describeConsumerGroups(groups.keySet())
                .describedGroups();
        groups.forEach((group, topics) -> {
            ConsumerGroupDescription description;
            try {
                description = call(described.get(group), "describe the consumer group " + group);
            } catch (IllegalStateException e) {
                if (e.getCause() instanceof GroupIdNotFoundException) {
                    // no member has joined yet
                    waiting.add(group + " (not there yet)");
                    return;
                }
                throw e;
            }
            Map<String, Long> assigned = description.members().stream()
                    .flatMap(m -> m.assignment().topicPartitions().stream())
                    .collect(Collectors.groupingBy(TopicPartition::topic, Collectors.counting()));
            boolean complete = topics.stream()
                    .allMatch(t -> assigned.getOrDefault(t, 0L) == partitions.get(t).longValue());
            Integer expected = members.get(group);
            boolean joined = expected == null || description.members().size() == expected;
            if (description.groupState() != GroupState.STABLE || !complete || !joined) {
                waiting.add(group + " (" + description.groupState() + ", " + description.members().size()
                        + " members, " + assigned + ")");
            }
        });
        return waiting;
    }

    /** The ids of every consumer group the broker knows. */
    public static Set<String> ids(String bootstrapServers) {
        try (Admin admin = admin(bootstrapServers)) {
            return call(admin.listConsumerGroups().all(), "list consumer groups").stream()
                    .map(ConsumerGroupListing::groupId)
                    .collect(Collectors.toUnmodifiableSet());
        }
    }

    /** The topics on which {@code group} has committed offsets. */
    public static Set<String> committedTopics(String bootstrapServers, String group) {
        try (Admin admin = admin(bootstrapServers)) {
            return committedTopics(admin, group);
        }
    }

    /** Waits until {@code group} has committed an offset on {@code topic}. */
    public static void awaitCommitted(String bootstrapServers, String group, String topic, Duration timeout) {
        try (Admin admin = admin(bootstrapServers)) {
            Waits.atMost(timeout, Duration.ofMillis(200))
                    .alias("consumer group " + group + " committed an offset on " + topic)
                    .until(() -> committedTopics(admin, group), Matchers.hasItem(topic));
        }
    }

    private static Set<String> committedTopics(Admin admin, String group) {
        Map<TopicPartition, OffsetAndMetadata> offsets = call(admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata(), "read the offsets of consumer group " + group);
        return offsets.keySet().stream().map(TopicPartition::topic).collect(Collectors.toUnmodifiableSet());
    }

    private static Admin admin(String bootstrapServers) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    }

    private static <T> T call(KafkaFuture<T> future, String what) {
        try {
            return future.get(CALL_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot " + what, e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("cannot " + what + ": no answer in " + CALL_TIMEOUT_SECONDS + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while trying to " + what, e);
        }
    }
}
