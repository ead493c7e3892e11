package org.handover.testsupport;

import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * What the broker knows of consumer groups, for tests that prove which group a service consumes in (a topic
 * namespace, for instance) rather than only that records came through.
 */
public final class ConsumerGroups {

    private ConsumerGroups() {
    }

    /** The ids of every consumer group the broker knows. */
    public static Set<String> ids(KafkaCompanion kafka) {
        try (Admin admin = admin(kafka)) {
            return admin.listConsumerGroups().all().get(30, TimeUnit.SECONDS).stream()
                    .map(ConsumerGroupListing::groupId)
                    .collect(Collectors.toUnmodifiableSet());
        } catch (Exception e) {
            throw new IllegalStateException("cannot list consumer groups", e);
        }
    }

    /** The topics on which {@code group} has committed offsets. */
    public static Set<String> committedTopics(KafkaCompanion kafka, String group) {
        try (Admin admin = admin(kafka)) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            return offsets.keySet().stream().map(TopicPartition::topic).collect(Collectors.toUnmodifiableSet());
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the offsets of consumer group " + group, e);
        }
    }

    /** Waits until {@code group} has committed an offset on {@code topic}. */
    public static void awaitCommitted(KafkaCompanion kafka, String group, String topic, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Set<String> topics = committedTopics(kafka, group);
        while (!topics.contains(topic)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("consumer group " + group + " committed no offset on " + topic + " within "
                        + timeout + "; it has offsets on " + topics);
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
            topics = committedTopics(kafka, group);
        }
    }

    private static Admin admin(KafkaCompanion kafka) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.getBootstrapServers()));
    }
}
