package org.handover.deploy.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.strimzi.api.kafka.model.user.KafkaUser;
import io.strimzi.api.kafka.model.user.KafkaUserAuthorizationSimple;
import io.strimzi.api.kafka.model.user.KafkaUserScramSha512ClientAuthentication;
import io.strimzi.api.kafka.model.user.acl.AclRuleType;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.handover.contracts.TopicSpec;
import org.handover.contracts.Topics;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The replay tool's Kafka identity: it reads every topic (the timeline and the dead letters of production), and
 * creates, writes and deletes only the topics and consumer groups of its own namespace, whose prefix is the one the
 * tool gives a replay by default (read from its source, so that a change there fails here).
 */
class ReplayToolUserTest {

    static final String USER = "replay-tool";

    /** The default namespace of a replay, {@code "replay-" + STAMP.format(now)} in ReplayTool. */
    static String namespacePrefix() throws IOException {
        String source = Files.readString(Repository.root()
                .resolve("replay-tool/src/main/java/org/handover/replay/ReplayTool.java"));
        Matcher m = Pattern.compile("\"([a-z][a-z0-9]*-)\"\\s*\\+\\s*STAMP\\.format").matcher(source);
        assertThat(m.find()).as("ReplayTool names its default namespace \"<prefix>\" + STAMP.format(...)").isTrue();
        return m.group(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void readsEveryTopicAndWritesOnlyItsOwnNamespace(String overlay) throws IOException {
        KafkaUser user = Manifests.ofOverlay(overlay).get(KafkaUser.class, USER);
        String prefix = namespacePrefix();

        assertThat(user.getMetadata().getLabels()).containsEntry("strimzi.io/cluster", StrimziTest.CLUSTER);
        assertThat(user.getSpec().getAuthentication()).isInstanceOf(KafkaUserScramSha512ClientAuthentication.class);
        KafkaUserAuthorizationSimple authorization = (KafkaUserAuthorizationSimple) user.getSpec().getAuthorization();
        assertThat(authorization.getAcls()).allSatisfy(rule -> {
            assertThat(rule.getType()).isIn(null, AclRuleType.ALLOW);
            assertThat(rule.getHost()).isIn(null, "*");
            assertThat(rule.getOperation()).isNull();
        });

        Map<String, Set<String>> expected = new TreeMap<>(Map.of(
                // Every topic, read only: the timeline, dlq list/show, kcat and the console consumer.
                "topic:literal:*", Set.of("Read", "Describe"),
                // Its namespace: create a replay's topics, feed them, delete them afterwards.
                "topic:prefix:" + prefix, Set.of("Create", "Write", "Delete", "DescribeConfigs"),
                // The shadow services' groups (<namespace>.<service>), the console consumer's, deleted afterwards.
                "group:prefix:" + prefix, Set.of("Read", "Describe", "Delete")));
        assertThat(StrimziTest.grants(authorization)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void noProductionTopicOrGroupIsInItsNamespace(String overlay) throws IOException {
        String prefix = namespacePrefix();

        // Otherwise the prefix ACL would let the tool write or delete a production topic or a service's offsets.
        assertThat(Topics.ALL).extracting(TopicSpec::name).noneMatch(t -> t.startsWith(prefix));
        assertThat(WorkloadTest.SERVICES).noneMatch(s -> s.startsWith(prefix));
        assertThat(Manifests.ofOverlay(overlay).all(KafkaUser.class)).filteredOn(u -> !u.getMetadata().getName().equals(USER))
                .allSatisfy(u -> assertThat(StrimziTest.grants((KafkaUserAuthorizationSimple) u.getSpec().getAuthorization()))
                        .allSatisfy((resource, operations) -> assertThat(resource.substring(resource.lastIndexOf(':') + 1))
                                .doesNotStartWith(prefix)));
    }
}
