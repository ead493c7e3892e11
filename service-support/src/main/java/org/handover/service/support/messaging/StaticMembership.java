package org.handover.service.support.messaging;

import io.smallrye.reactive.messaging.ClientCustomizer;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Static consumer-group membership when {@code consumer.group-instance-id} ({@code CONSUMER_GROUP_INSTANCE_ID}) is
 * set, as the Kubernetes manifests do with the pod's name: every Kafka consumer of a consumer group gets
 * {@code group.instance.id = <that value>.<channel>}. A restarted pod (same name in a StatefulSet, or a rolling
 * restart that keeps it) rejoins as the same member within the session timeout, so its partitions do not move
 * twice. The channel suffix keeps the id unique per consumer: handover-service's two channels share one group, and
 * two members with one id fence each other. Unset (the default, and locally): dynamic membership, nothing changes.
 *
 * <p>A SmallRye {@link ClientCustomizer}: it sees every Kafka client's configuration of every channel and touches
 * only consumers that belong to a group (the catalog readers of routing-service have a group of their own per
 * replica, which gets an id as well, harmlessly).
 */
@ApplicationScoped
public class StaticMembership implements ClientCustomizer<Map<String, Object>> {

    private final Optional<String> instanceId;

    public StaticMembership(
            @ConfigProperty(name = "consumer.group-instance-id") Optional<String> instanceId) {
        this.instanceId = instanceId.map(String::strip).filter(id -> !id.isEmpty());
    }

    @Override
    public Map<String, Object> customize(String channel, Config channelConfig, Map<String, Object> config) {
        boolean groupConsumer = config.containsKey(ConsumerConfig.GROUP_ID_CONFIG)
                && config.containsKey(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG);
        if (instanceId.isPresent() && groupConsumer && !config.containsKey(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG)) {
            config.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, instanceId.get() + "." + channel);
        }
        return config;
    }
}
