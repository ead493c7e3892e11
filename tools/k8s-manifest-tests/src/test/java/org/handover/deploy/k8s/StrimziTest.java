package org.handover.deploy.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.kafka.KafkaClusterSpec;
import io.strimzi.api.kafka.model.kafka.listener.GenericKafkaListener;
import io.strimzi.api.kafka.model.kafka.listener.KafkaListenerAuthenticationScramSha512;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.nodepool.ProcessRoles;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;
import io.strimzi.api.kafka.model.user.KafkaUserAuthorizationSimple;
import io.strimzi.api.kafka.model.user.KafkaUserScramSha512ClientAuthentication;
import io.strimzi.api.kafka.model.user.acl.AclRule;
import io.strimzi.api.kafka.model.user.acl.AclRuleGroupResource;
import io.strimzi.api.kafka.model.user.acl.AclRuleTopicResource;
import io.strimzi.api.kafka.model.user.acl.AclRuleType;
import io.strimzi.api.kafka.model.user.acl.AclOperation;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.handover.contracts.TopicSpec;
import org.handover.contracts.Topics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Strimzi topics and users against the contracts and the services' own configuration; the dev Kafka cluster. */
class StrimziTest {

    static final String CLUSTER = "messenger-kafka";

    /** The contract's spec of a topic; fails for a topic the contracts do not declare. */
    static TopicSpec spec(String topic) {
        return Topics.ALL.stream().filter(s -> s.name().equals(topic)).findFirst()
                .orElseThrow(() -> new AssertionError("Topic " + topic + " is not in Topics.ALL"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void thereIsExactlyOneKafkaTopicPerContractTopic(String overlay) {
        Manifests manifests = Manifests.ofOverlay(overlay);

        assertThat(manifests.all(KafkaTopic.class)).extracting(t -> t.getSpec().getTopicName())
                .containsExactlyInAnyOrderElementsOf(Topics.ALL.stream().map(TopicSpec::name).toList());
        assertThat(manifests.all(KafkaTopic.class)).allSatisfy(t -> {
            assertThat(t.getMetadata().getLabels()).containsEntry("strimzi.io/cluster", CLUSTER);
            assertThat(t.getMetadata().getName()).isEqualTo(t.getSpec().getTopicName().replace('.', '-'));
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void partitionsCleanupAndRetentionAreTheContracts(String overlay) {
        for (KafkaTopic topic : Manifests.ofOverlay(overlay).all(KafkaTopic.class)) {
            TopicSpec spec = spec(topic.getSpec().getTopicName());
            Map<String, String> config = new TreeMap<>();
            topic.getSpec().getConfig().forEach((k, v) -> config.put(k, String.valueOf(v)));

            assertThat(topic.getSpec().getPartitions()).as(spec.name()).isEqualTo(spec.partitions());
            assertThat(config).as(spec.name()).containsAllEntriesOf(spec.config());
            if (spec.compacted()) {
                assertThat(config).as(spec.name()).containsEntry("cleanup.policy", "compact")
                        .doesNotContainKey("retention.ms");
            }
        }
    }

    @Test
    void rawEventsAreKeptAtLeastSevenDaysForReplay() {
        KafkaTopic raw = Manifests.ofOverlay("prod").get(KafkaTopic.class, "messenger-webhook-raw");

        long retention = Long.parseLong(String.valueOf(raw.getSpec().getConfig().get("retention.ms")));
        assertThat(Duration.ofMillis(retention)).isGreaterThanOrEqualTo(Duration.ofDays(7));
        assertThat(raw.getSpec().getConfig()).containsEntry("cleanup.policy", "delete");
    }

    @Test
    void prodTopicsSurviveOneBrokerDownWithAcksAll() {
        assertThat(Manifests.ofOverlay("prod").all(KafkaTopic.class)).allSatisfy(t -> {
            assertThat(t.getSpec().getReplicas()).isEqualTo(3);
            assertThat(String.valueOf(t.getSpec().getConfig().get("min.insync.replicas"))).isEqualTo("2");
        });
    }

    @Test
    void devTopicsFitOneBroker() {
        Manifests dev = Manifests.ofOverlay("dev");
        int brokers = dev.all(KafkaNodePool.class).stream()
                .filter(p -> p.getSpec().getRoles().contains(ProcessRoles.BROKER))
                .mapToInt(p -> p.getSpec().getReplicas()).sum();

        assertThat(dev.all(KafkaTopic.class)).allSatisfy(t -> {
            assertThat(t.getSpec().getReplicas()).isLessThanOrEqualTo(brokers);
            assertThat(Integer.parseInt(String.valueOf(t.getSpec().getConfig().get("min.insync.replicas"))))
                    .isLessThanOrEqualTo(t.getSpec().getReplicas());
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void eachServiceHasAUserAllowedOnlyItsOwnTopicsAndGroups(String overlay) {
        Manifests manifests = Manifests.ofOverlay(overlay);

        // The services' users, and the replay tool's (ReplayToolUserTest).
        assertThat(manifests.all(KafkaUser.class)).extracting(u -> u.getMetadata().getName())
                .containsExactlyInAnyOrderElementsOf(
                        java.util.stream.Stream.concat(WorkloadTest.SERVICES.stream(),
                                java.util.stream.Stream.of(ReplayToolUserTest.USER)).toList());
        for (KafkaUser user : manifests.all(KafkaUser.class)) {
            if (user.getMetadata().getName().equals(ReplayToolUserTest.USER)) {
                continue;
            }
            String service = user.getMetadata().getName();
            assertThat(user.getMetadata().getLabels()).containsEntry("strimzi.io/cluster", CLUSTER);
            assertThat(user.getSpec().getAuthentication()).isInstanceOf(KafkaUserScramSha512ClientAuthentication.class);
            KafkaUserAuthorizationSimple authorization = (KafkaUserAuthorizationSimple) user.getSpec().getAuthorization();

            assertThat(grants(authorization)).as(service).isEqualTo(expectedGrants(ServiceConfig.of(service)));
            assertThat(authorization.getAcls()).allSatisfy(rule -> {
                assertThat(rule.getType()).isIn(null, AclRuleType.ALLOW);
                assertThat(rule.getHost()).isIn(null, "*");
                // The single "operation" field is gone from the v1 API; the model still reads it.
                assertThat(rule.getOperation()).isNull();
            });
            // The Deployment authenticates as this user, with the credentials Strimzi writes into its Secret.
            Deployment deployment = manifests.get(Deployment.class, service);
            assertThat(Workloads.container(deployment).getEnv()).anySatisfy(e -> {
                assertThat(e.getName()).isEqualTo("KAFKA_SASL_JAAS_CONFIG");
                assertThat(e.getValueFrom().getSecretKeyRef().getName()).isEqualTo(service);
                assertThat(e.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("sasl.jaas.config");
            });
        }
    }

    /** "topic:literal:name" / "group:prefix:name" to operations, as the user's ACLs grant them. */
    static Map<String, Set<String>> grants(KafkaUserAuthorizationSimple authorization) {
        Map<String, Set<String>> grants = new TreeMap<>();
        for (AclRule rule : authorization.getAcls()) {
            String resource;
            if (rule.getResource() instanceof AclRuleTopicResource topic) {
                resource = "topic:" + topic.getPatternType().toValue() + ":" + topic.getName();
            } else if (rule.getResource() instanceof AclRuleGroupResource group) {
                resource = "group:" + group.getPatternType().toValue() + ":" + group.getName();
            } else {
                resource = rule.getResource().getType() + ":?";
            }
            for (AclOperation operation : rule.getOperations()) {
                grants.computeIfAbsent(resource, r -> new TreeSet<>()).add(operation.toValue());
            }
        }
        return grants;
    }

    /** What the service's channels need: read+describe what it consumes, write+describe what it produces. */
    static Map<String, Set<String>> expectedGrants(ServiceConfig config) {
        Map<String, Set<String>> grants = new TreeMap<>();
        for (ServiceConfig.Channel channel : config.channels()) {
            if (channel.incoming()) {
                add(grants, "topic:literal:" + channel.topic(), "Read", "Describe");
                String group = channel.groupId();
                int placeholder = group.indexOf("${");
                add(grants, placeholder < 0 ? "group:literal:" + group
                        : "group:prefix:" + group.substring(0, placeholder), "Read");
                if (channel.deadLetterTopic() != null) {
                    add(grants, "topic:literal:" + channel.deadLetterTopic(), "Write", "Describe");
                }
            } else {
                add(grants, "topic:literal:" + channel.topic(), "Write", "Describe");
            }
        }
        return grants;
    }

    private static void add(Map<String, Set<String>> grants, String resource, String... operations) {
        grants.computeIfAbsent(resource, r -> new TreeSet<>()).addAll(Set.of(operations));
    }

    @Test
    void devBringsAOneNodeKraftClusterWithScramAndAuthorization() {
        Manifests dev = Manifests.ofOverlay("dev");

        Kafka kafka = dev.get(Kafka.class, CLUSTER);
        KafkaClusterSpec spec = kafka.getSpec().getKafka();
        assertThat(kafka.getSpec().getZookeeper()).isNull();
        assertThat(spec.getReplicas()).as("replicas come from node pools").isNull();
        assertThat(spec.getStorage()).as("storage comes from node pools").isNull();
        assertThat(spec.getListeners()).singleElement().satisfies((GenericKafkaListener l) -> {
            assertThat(l.getPort()).isEqualTo(9093);
            assertThat(l.isTls()).isTrue();
            assertThat(l.getAuth()).isInstanceOf(KafkaListenerAuthenticationScramSha512.class);
        });
        assertThat(spec.getAuthorization()).isNotNull();
        assertThat(kafka.getSpec().getEntityOperator().getTopicOperator()).isNotNull();
        assertThat(kafka.getSpec().getEntityOperator().getUserOperator()).isNotNull();
        assertThat(dev.all(KafkaNodePool.class)).singleElement().satisfies(pool -> {
            assertThat(pool.getMetadata().getLabels()).containsEntry("strimzi.io/cluster", CLUSTER);
            assertThat(pool.getSpec().getRoles()).containsExactlyInAnyOrder(ProcessRoles.CONTROLLER, ProcessRoles.BROKER);
            assertThat(pool.getSpec().getReplicas()).isEqualTo(1);
        });
        // The services' bootstrap address is this cluster's TLS listener.
        assertThat(dev.get(io.fabric8.kubernetes.api.model.ConfigMap.class, "messenger-handover-config").getData())
                .containsEntry("KAFKA_BOOTSTRAP_SERVERS", CLUSTER + "-kafka-bootstrap:9093");
    }

    @Test
    void prodUsesAClusterProvisionedOutsideTheOverlay() {
        Manifests prod = Manifests.ofOverlay("prod");

        assertThat(prod.all(Kafka.class)).isEmpty();
        assertThat(prod.all(KafkaNodePool.class)).isEmpty();
    }
}
