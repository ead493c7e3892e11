package org.handover.deploy.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import org.junit.jupiter.api.Test;

/** The parser the overlay tests rely on really is strict: a misspelt field fails instead of vanishing. */
class StrictParsingTest {

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

    @Test
    void readsAKnownFieldIntoTheTypedModel() {
        Manifests manifests = Manifests.parse(DEPLOYMENT.formatted("readinessProbe"));

        Deployment deployment = manifests.get(Deployment.class, "demo");
        assertThat(deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getReadinessProbe()
                .getHttpGet().getPath()).isEqualTo("/q/health/ready");
    }

    @Test
    void rejectsAMisspeltKubernetesField() {
        assertThatThrownBy(() -> Manifests.parse(DEPLOYMENT.formatted("readinesProbe")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("apps/v1/Deployment demo")
                .hasMessageContaining("readinesProbe");
    }

    @Test
    void rejectsAMisspeltStrimziField() {
        String topic = """
                apiVersion: kafka.strimzi.io/v1
                kind: KafkaTopic
                metadata:
                  name: demo
                spec:
                  topicName: demo
                  partition: 6
                """;

        assertThatThrownBy(() -> Manifests.parse(topic))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("partition");
    }

    @Test
    void readsAStrimziTopic() {
        String topic = """
                apiVersion: kafka.strimzi.io/v1
                kind: KafkaTopic
                metadata:
                  name: demo
                spec:
                  topicName: demo.topic
                  partitions: 6
                  replicas: 3
                  config:
                    cleanup.policy: compact
                """;

        KafkaTopic parsed = Manifests.parse(topic).get(KafkaTopic.class, "demo");

        assertThat(parsed.getSpec().getPartitions()).isEqualTo(6);
        assertThat(parsed.getSpec().getConfig()).containsEntry("cleanup.policy", "compact");
    }

    @Test
    void rejectsAKindTheOverlaysDoNotUse() {
        String job = """
                apiVersion: batch/v1
                kind: Job
                metadata:
                  name: demo
                """;

        assertThatThrownBy(() -> Manifests.parse(job)).hasMessageContaining("Unexpected kind batch/v1/Job");
    }

    @Test
    void rejectsAStrimziApiVersionTheModelDoesNotServe() {
        String topic = """
                apiVersion: kafka.strimzi.io/v1beta1
                kind: KafkaTopic
                metadata:
                  name: demo
                """;

        assertThatThrownBy(() -> Manifests.parse(topic)).hasMessageContaining("Unexpected kind");
    }
}
