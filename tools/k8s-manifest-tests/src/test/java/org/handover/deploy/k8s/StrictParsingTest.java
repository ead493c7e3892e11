package org.handover.deploy.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The parser the overlay tests rely on really is strict: a misspelt field fails instead of vanishing. */
class StrictParsingTest {

    /** A Deployment whose container has one probe, under the field name given. */
    private static final String DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: demo
            spec:
              selector:
                matchLabels:
                  app: demo
              template:
                metadata:
                  labels:
                    app: demo
                spec:
                  containers:
                    - name: demo
                      image: demo:1
                      %s:
                        httpGet:
                          path: /q/health/ready
                          port: 8080
            """;

    /** A Strimzi topic of the apiVersion given, with its partition count under the field name given. */
    private static final String TOPIC = """
            apiVersion: kafka.strimzi.io/%s
            kind: KafkaTopic
            metadata:
              name: demo
            spec:
              topicName: demo.topic
              %s: 6
              replicas: 3
              config:
                cleanup.policy: compact
            """;

    @Test
    void readsAKnownFieldIntoTheTypedModel() {
        Manifests manifests = Manifests.parse(DEPLOYMENT.formatted("readinessProbe"));

        Deployment deployment = manifests.get(Deployment.class, "demo");
        assertThat(deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getReadinessProbe()
                .getHttpGet().getPath()).isEqualTo("/q/health/ready");
    }

    @Test
    void readsAStrimziTopic() {
        KafkaTopic parsed = Manifests.parse(TOPIC.formatted("v1", "partitions")).get(KafkaTopic.class, "demo");

        assertThat(parsed.getSpec().getPartitions()).isEqualTo(6);
        assertThat(parsed.getSpec().getConfig()).containsEntry("cleanup.policy", "compact");
    }

    static Stream<Arguments> refusedManifests() {
        String job = """
                apiVersion: batch/v1
                kind: Job
                metadata:
                  name: demo
                """;
        return Stream.of(
                Arguments.of(Named.of("a misspelt Kubernetes field", DEPLOYMENT.formatted("readinesProbe")),
                        new String[] {"apps/v1/Deployment demo", "readinesProbe"}),
                Arguments.of(Named.of("a misspelt Strimzi field", TOPIC.formatted("v1", "partition")),
                        new String[] {"kafka.strimzi.io/v1/KafkaTopic demo", "\"partition\""}),
                Arguments.of(Named.of("a kind the overlays do not use", job),
                        new String[] {"Unexpected kind batch/v1/Job"}),
                Arguments.of(Named.of("a Strimzi apiVersion the model does not serve",
                        TOPIC.formatted("v1beta1", "partitions")),
                        new String[] {"Unexpected kind kafka.strimzi.io/v1beta1/KafkaTopic"}));
    }

    @ParameterizedTest(name = "refuses {0}")
    @MethodSource("refusedManifests")
    void refusesWhatTheTypedModelDoesNotKnow(String manifest, String[] messageParts) {
        assertThatThrownBy(() -> Manifests.parse(manifest))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContainingAll(messageParts);
    }
}
