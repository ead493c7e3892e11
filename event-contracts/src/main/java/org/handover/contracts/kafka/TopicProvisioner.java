package org.handover.contracts.kafka;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.handover.contracts.TopicSpec;
import org.handover.contracts.Topics;

/**
 * Creates the system's topics, with their partitions and cleanup policy, where they do not exist yet. Used by the
 * local stack and the test infrastructure; production creates them as Strimzi {@code KafkaTopic} resources.
 */
public final class TopicProvisioner {

    private TopicProvisioner() {
    }

    /**
     * Creates every topic of {@link Topics#ALL} that is missing on the cluster at {@code bootstrapServers}.
     *
     * @param replicationFactor replication factor for new topics (1 on a single local broker)
     * @return the names of the topics created by this call
     */
    public static Set<String> createMissing(String bootstrapServers, short replicationFactor) {
        return createMissing(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers), Topics.ALL,
                replicationFactor);
    }

    /** Creates the given topics where missing, with any admin client configuration (TLS, SASL...). */
    public static Set<String> createMissing(Map<String, Object> adminConfig, List<TopicSpec> topics, short replicationFactor) {
        try (Admin admin = Admin.create(adminConfig)) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = topics.stream()
                    .filter(t -> !existing.contains(t.name()))
                    .map(t -> new NewTopic(t.name(), t.partitions(), replicationFactor).configs(t.config()))
                    .toList();
            if (missing.isEmpty()) {
                return Set.of();
            }
            var result = admin.createTopics(missing);
            for (var entry : result.values().entrySet()) {
                try {
                    entry.getValue().get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create topic " + entry.getKey(), e.getCause());
                    }
                }
            }
            return missing.stream().map(NewTopic::name).collect(Collectors.toUnmodifiableSet());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot reach Kafka at " + adminConfig.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG)
                    + " to create topics", e);
        }
    }
}
