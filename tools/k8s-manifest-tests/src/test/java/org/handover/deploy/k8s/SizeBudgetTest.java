package org.handover.deploy.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.handover.contracts.SizeBudget;
import org.handover.contracts.TopicSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The size budget ({@link SizeBudget}) where it is applied outside Java: the Kubernetes ingress's body size, the
 * Strimzi topics' {@code max.message.bytes}, and ingress-service's {@code application.properties} and Deployment, none
 * of which may set a size of their own. Fails when one of them drifts from the budget.
 */
class SizeBudgetTest {

    static final String PROXY_BODY_SIZE = "nginx.ingress.kubernetes.io/proxy-body-size";
    private static final Pattern SIZE = Pattern.compile("(\\d+)([kKmMgG]?)");
    private static final List<String> INGRESS_CHANNELS = List.of("webhook-events", "webhook-quarantine");

    /** nginx's size syntax ({@code client_max_body_size}): bytes, or {@code k}/{@code m}/{@code g} in powers of 1024. */
    static long nginxBytes(String size) {
        Matcher m = SIZE.matcher(size == null ? "" : size.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("not an nginx size: " + size);
        }
        return Long.parseLong(m.group(1)) * multiplier(m.group(2));
    }

    /** Quarkus' {@code MemorySize} syntax as used here: a number and {@code K}/{@code M}/{@code G}, powers of 1024. */
    static long memoryBytes(String size) {
        return nginxBytes(size);
    }

    private static long multiplier(String unit) {
        return switch (unit.toLowerCase(Locale.ROOT)) {
            case "" -> 1L;
            case "k" -> 1024L;
            case "m" -> 1024L * 1024;
            default -> 1024L * 1024 * 1024;
        };
    }

    @Test
    void sizesAreReadInPowersOf1024() {
        assertThat(nginxBytes("2m")).isEqualTo(2L * 1024 * 1024);
        assertThat(nginxBytes("512k")).isEqualTo(512L * 1024);
        assertThat(nginxBytes("1G")).isEqualTo(1024L * 1024 * 1024);
        assertThat(nginxBytes("1000")).isEqualTo(1000);
        assertThatThrownBy(() -> nginxBytes("2MB")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> nginxBytes(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void theKubernetesIngressAllowsExactlyTheWebhookBodyLimit(String overlay) {
        Ingress ingress = Manifests.ofOverlay(overlay).get(Ingress.class, "ingress-service");

        assertThat(ingress.getMetadata().getAnnotations()).containsKey(PROXY_BODY_SIZE);
        assertThat(nginxBytes(ingress.getMetadata().getAnnotations().get(PROXY_BODY_SIZE)))
                .as("%s of the webhook Ingress", PROXY_BODY_SIZE)
                .isEqualTo(SizeBudget.WEBHOOK_BODY_BYTES);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyKafkaTopicTakesTheBudgetsRecordsAsTheProducerCompressedThem(String overlay) {
        assertThat(Manifests.ofOverlay(overlay).all(KafkaTopic.class)).isNotEmpty().allSatisfy(topic -> {
            Map<String, Object> config = topic.getSpec().getConfig();
            String name = topic.getSpec().getTopicName();
            assertThat(String.valueOf(config.get(TopicSpec.MAX_MESSAGE_BYTES))).as(name)
                    .isEqualTo(Integer.toString(SizeBudget.TOPIC_MAX_MESSAGE_BYTES));
            assertThat(Long.parseLong(String.valueOf(config.get(TopicSpec.MAX_MESSAGE_BYTES)))).as(name)
                    .isGreaterThanOrEqualTo(SizeBudget.PRODUCER_MAX_REQUEST_BYTES);
            // Kafka's default, "producer", keeps the producers' batches (lz4 or none) as they are.
            assertThat(config.getOrDefault("compression.type", "producer")).as(name).isEqualTo("producer");
        });
    }

    @Test
    void ingressServiceTakesItsSizesFromTheBudgetAndSetsNoneOfItsOwn() {
        ServiceConfig ingress = ServiceConfig.of("ingress-service");

        // The body limit's default is SizeBudget.WEBHOOK_BODY_BYTES (IngressConfig); a property would replace it.
        assertThat(ingress.prod("messenger.webhook.max-body-bytes")).isNull();
        // Quarkus' own cap stays above it, so that the service's check (JSON error, metric) answers first.
        assertThat(memoryBytes(ingress.prod("quarkus.http.limits.max-body-size")))
                .isGreaterThan(SizeBudget.WEBHOOK_BODY_BYTES);
        assertThat(ingress.prod("kafka.max.request.size")).isNull();
        String sizes = ingress.prod("mp.messaging.outgoing.webhook-events.kafka-configuration");
        assertThat(sizes).as("the bean that carries SizeBudget.PRODUCER_MAX_REQUEST_BYTES").isNotBlank();
        for (String channel : INGRESS_CHANNELS) {
            String base = "mp.messaging.outgoing." + channel + ".";
            assertThat(ingress.prod(base + "kafka-configuration")).as(channel).isEqualTo(sizes);
            assertThat(ingress.prod(base + "max.request.size")).as(channel).isNull();
            assertThat(ingress.prod(base + "compression.type")).as(channel)
                    .isEqualTo(channel.equals("webhook-events") ? "none" : "lz4");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void theDeploymentOverridesNoSizeOfTheBudget(String overlay) {
        Manifests manifests = Manifests.ofOverlay(overlay);
        List<String> sizeVariables = List.of("MESSENGER_WEBHOOK_MAX_BODY_BYTES", "KAFKA_MAX_REQUEST_SIZE",
                "MP_MESSAGING_OUTGOING_WEBHOOK_EVENTS_MAX_REQUEST_SIZE",
                "MP_MESSAGING_OUTGOING_WEBHOOK_QUARANTINE_MAX_REQUEST_SIZE", "QUARKUS_HTTP_LIMITS_MAX_BODY_SIZE");

        Deployment deployment = manifests.get(Deployment.class, "ingress-service");
        assertThat(Workloads.container(deployment).getEnv()).extracting(EnvVar::getName)
                .doesNotContainAnyElementsOf(sizeVariables);
        assertThat(manifests.all(ConfigMap.class)).allSatisfy(map -> assertThat(
                map.getData() == null ? Map.<String, String>of() : map.getData()).doesNotContainKeys(sizeVariables.toArray(String[]::new)));
    }
}
