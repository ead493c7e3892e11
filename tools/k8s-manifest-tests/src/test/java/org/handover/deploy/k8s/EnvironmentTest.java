package org.handover.deploy.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.strimzi.api.kafka.model.user.KafkaUser;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every environment variable a Deployment sets is one its service reads, every variable the prod profile needs
 * is set, and every referenced ConfigMap key and Secret exists or is documented. Data-driven from the services'
 * own files, so it follows them as they change.
 */
class EnvironmentTest {

    static final String PAGE_TOKENS_SECRET = "messenger-page-tokens";
    static final String PAGE_TOKENS_PREFIX = "MESSENGER_PAGE_TOKENS_";
    /** Published by Strimzi's Cluster Operator for the cluster; the KafkaUsers' Secrets come from the User Operator. */
    static final String CLUSTER_CA_SECRET = StrimziTest.CLUSTER + "-cluster-ca-cert";

    /** Kafka client settings: Quarkus passes any {@code KAFKA_<SETTING>} to every Kafka client as {@code setting}. */
    private static final Set<String> KAFKA_SETTINGS = kafkaSettings();

    private static Set<String> kafkaSettings() {
        Set<String> settings = new HashSet<>(ProducerConfig.configNames());
        settings.addAll(ConsumerConfig.configNames());
        settings.addAll(AdminClientConfig.configNames());
        return Set.copyOf(settings);
    }

    /** Read by Quarkus itself or by the image's start script, whatever the service's own configuration says. */
    static boolean readByThePlatform(String env) {
        if (env.startsWith("QUARKUS_") || env.equals("JAVA_OPTS") || env.equals("JAVA_OPTS_APPEND")) {
            return true;
        }
        return env.startsWith("KAFKA_") && KAFKA_SETTINGS.contains(env.substring(6).toLowerCase().replace('_', '.'));
    }

    /** Variables set ahead of the code on main, per service (see pending-env.properties). */
    static Set<String> pending(String service) {
        Properties properties = new Properties();
        try (InputStream in = EnvironmentTest.class.getResourceAsStream("/pending-env.properties")) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String list = properties.getProperty(service, "");
        return list.isBlank() ? Set.of() : Set.copyOf(Arrays.asList(list.split("\\s*,\\s*")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyVariableADeploymentSetsIsReadByItsService(String overlay) {
        List<String> unread = new ArrayList<>();
        Set<String> nowRead = new TreeSet<>();
        for (Deployment deployment : Manifests.ofOverlay(overlay).deployments()) {
            String service = deployment.getMetadata().getName();
            ServiceConfig config = ServiceConfig.of(service);
            Set<String> pending = pending(service);
            unread(deployment, config, pending).forEach(env -> unread.add(service + ": " + env));
            for (String env : pending) {
                if (!unread(deployment, config, Set.of()).contains(env)) {
                    nowRead.add(service + ": " + env);
                }
            }
            for (EnvFromSource source : Workloads.container(deployment).getEnvFrom()) {
                // Only the page tokens come as a whole Secret: one key per page, added without editing the Deployment.
                assertThat(source.getConfigMapRef()).as(service + " envFrom ConfigMap").isNull();
                assertThat(source.getPrefix()).as(service + " envFrom prefix").isNull();
                assertThat(source.getSecretRef().getName()).as(service + " envFrom Secret").isEqualTo(PAGE_TOKENS_SECRET);
            }
        }
        if (!nowRead.isEmpty()) {
            System.out.println("[deploy/k8s] read by the services now, delete from pending-env.properties: " + nowRead);
        }
        assertThat(unread).as("variables set by a Deployment that its service does not read").isEmpty();
    }

    /**
     * The variables the Deployment sets (and the page-token family it takes with {@code envFrom}, as
     * {@code MESSENGER_PAGE_TOKENS_*}) that neither the service nor the platform reads, less the pending ones.
     */
    static List<String> unread(Deployment deployment, ServiceConfig config, Set<String> pending) {
        List<String> unread = new ArrayList<>();
        for (String env : Workloads.envNames(deployment)) {
            if (!config.reads(env) && !readByThePlatform(env) && !pending.contains(env)) {
                unread.add(env);
            }
        }
        for (EnvFromSource source : Workloads.container(deployment).getEnvFrom()) {
            String family = PAGE_TOKENS_PREFIX + "*";
            if (PAGE_TOKENS_SECRET.equals(source.getSecretRef() == null ? null : source.getSecretRef().getName())
                    && !config.readsPrefix(PAGE_TOKENS_PREFIX) && !pending.contains(family)) {
                unread.add(family);
            }
        }
        return unread;
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyVariableTheProdProfileNeedsWithoutDefaultIsSet(String overlay) {
        for (Deployment deployment : Manifests.ofOverlay(overlay).deployments()) {
            ServiceConfig config = ServiceConfig.of(deployment.getMetadata().getName());

            assertThat(Workloads.envNames(deployment)).as(deployment.getMetadata().getName())
                    .containsAll(config.requiredEnv())
                    .doesNotHaveDuplicates();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyConfigMapKeyAVariableTakesExists(String overlay) {
        Manifests manifests = Manifests.ofOverlay(overlay);
        for (Deployment deployment : manifests.deployments()) {
            for (EnvVar env : Workloads.container(deployment).getEnv()) {
                if (env.getValueFrom() == null || env.getValueFrom().getConfigMapKeyRef() == null) {
                    continue;
                }
                var ref = env.getValueFrom().getConfigMapKeyRef();
                assertThat(manifests.get(ConfigMap.class, ref.getName()).getData())
                        .as("%s %s", deployment.getMetadata().getName(), env.getName()).containsKey(ref.getKey());
                assertThat(ref.getOptional()).as(env.getName()).isNotEqualTo(Boolean.TRUE);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everySecretIsEitherStrimzisOrDocumentedWithItsKeys(String overlay) throws IOException {
        Manifests manifests = Manifests.ofOverlay(overlay);
        String readme = Files.readString(Repository.manifests().resolve("README.md"));
        Set<String> strimzi = new HashSet<>();
        manifests.all(KafkaUser.class).forEach(u -> strimzi.add(u.getMetadata().getName()));
        strimzi.add(CLUSTER_CA_SECRET);

        for (Deployment deployment : manifests.deployments()) {
            for (EnvVar env : Workloads.container(deployment).getEnv()) {
                if (env.getValueFrom() == null || env.getValueFrom().getSecretKeyRef() == null) {
                    assertThat(env.getName()).as("%s: a credential must come from a Secret",
                            deployment.getMetadata().getName()).doesNotContainPattern("TOKEN|SECRET|PASSWORD|JAAS");
                    continue;
                }
                var ref = env.getValueFrom().getSecretKeyRef();
                if (!strimzi.contains(ref.getName())) {
                    assertThat(documentedKeys(readme, ref.getName())).as("README's kubectl command for Secret %s",
                            ref.getName()).contains(ref.getKey());
                }
            }
            for (EnvFromSource source : Workloads.container(deployment).getEnvFrom()) {
                assertThat(documentedKeys(readme, source.getSecretRef().getName()))
                        .anyMatch(key -> key.startsWith(PAGE_TOKENS_PREFIX));
            }
        }
    }

    /** The keys of {@code kubectl create secret generic <name> --from-literal=<key>=...} in the README. */
    static Set<String> documentedKeys(String readme, String secret) {
        Matcher command = Pattern.compile("kubectl[^\\n]* create secret generic " + Pattern.quote(secret)
                + "(?=\\s)((?:[^\\n]*\\\\\\n)*[^\\n]*)").matcher(readme);
        Set<String> keys = new TreeSet<>();
        while (command.find()) {
            Matcher key = Pattern.compile("--from-literal=([A-Za-z0-9_.-]+)=").matcher(command.group(1));
            while (key.find()) {
                keys.add(key.group(1));
            }
        }
        return keys;
    }
}
