package org.handover.localstack.infra;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;

/** Waits for services' consumer groups to settle, so that what is fed next is read at once, not after a rebalance. */
public final class ConsumerGroups {

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
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = Admin.create(adminConfig)) {
            Map<String, Integer> partitions = new LinkedHashMap<>();
            admin.describeTopics(groups.values().stream().flatMap(List::stream).distinct().toList()).allTopicNames()
                    .get().forEach((topic, description) -> partitions.put(topic, description.partitions().size()));
            while (true) {
                List<String> waiting = new ArrayList<>();
                Map<String, ConsumerGroupDescription> described = admin.describeConsumerGroups(groups.keySet())
                        .all().get();
                groups.forEach((group, topics) -> {
                    ConsumerGroupDescription description = described.get(group);
                    Map<String, Long> assigned = description.members().stream()
                            .flatMap(m -> m.assignment().topicPartitions().stream())
                            .collect(Collectors.groupingBy(TopicPartition::topic, Collectors.counting()));
                    boolean complete = topics.stream()
                            .allMatch(t -> assigned.getOrDefault(t, 0L) == partitions.get(t).longValue());
                    if (description.groupState() != GroupState.STABLE || !complete) {
                        waiting.add(group + " (" + description.groupState() + ", " + assigned + ")");
                    }
                });
                if (waiting.isEmpty()) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Consumer groups not assigned after " + timeout + ": " + waiting);
                }
                Thread.sleep(250);
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot describe the consumer groups", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
