package org.handover.deploy.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The Deployments, Services, Ingress, autoscaler and disruption budgets of each rendered overlay. */
class WorkloadTest {

    static final List<String> SERVICES = List.of("ingress-service", "routing-service", "handover-service", "bot-service");
    static final String PART_OF = "app.kubernetes.io/part-of";

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void rendersOneDeploymentAndOneServicePerService(String overlay) {
        Manifests manifests = Manifests.ofOverlay(overlay);

        assertThat(manifests.deployments()).extracting(d -> d.getMetadata().getName())
                .containsExactlyInAnyOrderElementsOf(SERVICES);
        for (Deployment deployment : manifests.deployments()) {
            Service service = manifests.get(Service.class, deployment.getMetadata().getName());
            assertThat(service.getSpec().getType()).isEqualTo("ClusterIP");
            assertThat(Workloads.selects(new io.fabric8.kubernetes.api.model.LabelSelectorBuilder()
                    .withMatchLabels(service.getSpec().getSelector()).build(), Workloads.podLabels(deployment)))
                    .as("Service %s selects its pods", service.getMetadata().getName()).isTrue();
            assertThat(service.getSpec().getPorts()).singleElement()
                    .satisfies(p -> assertThat(p.getTargetPort().getStrVal()).isEqualTo("http"));
            assertThat(Workloads.selects(deployment.getSpec().getSelector(), Workloads.podLabels(deployment))).isTrue();
        }
        assertThat(manifests.all())
                .filteredOn(o -> !"messenger-handover".equals(o.getMetadata().getLabels().get(PART_OF)))
                .extracting(o -> o.getKind() + " " + o.getMetadata().getName())
                .as("objects without the label %s=messenger-handover", PART_OF).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyContainerHasProbesOnTheQuarkusHealthEndpoints(String overlay) {
        for (Deployment deployment : Manifests.ofOverlay(overlay).deployments()) {
            Container container = Workloads.container(deployment);
            assertThat(container.getPorts()).singleElement().satisfies(p -> {
                assertThat(p.getName()).isEqualTo("http");
                assertThat(p.getContainerPort()).isEqualTo(8080);
            });
            assertHttpProbe(container.getStartupProbe(), "/q/health/started");
            assertHttpProbe(container.getLivenessProbe(), "/q/health/live");
            assertHttpProbe(container.getReadinessProbe(), "/q/health/ready");
            // The startup probe must give a slow JVM start time before liveness may restart the container.
            Probe startup = container.getStartupProbe();
            assertThat(startup.getPeriodSeconds() * startup.getFailureThreshold()).isGreaterThanOrEqualTo(60);
            assertThat(container.getEnv()).anySatisfy(e -> {
                assertThat(e.getName()).isEqualTo("QUARKUS_HTTP_PORT");
                assertThat(e.getValue()).isEqualTo("8080");
            });
        }
    }

    private static void assertHttpProbe(Probe probe, String path) {
        assertThat(probe).as(path).isNotNull();
        assertThat(probe.getHttpGet().getPath()).isEqualTo(path);
        assertThat(probe.getHttpGet().getPort().getStrVal()).isEqualTo("http");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyContainerHasRequestsAndLimitsWithinThem(String overlay) {
        for (Deployment deployment : Manifests.ofOverlay(overlay).deployments()) {
            var resources = Workloads.container(deployment).getResources();
            for (String resource : List.of("cpu", "memory")) {
                Quantity request = resources.getRequests().get(resource);
                Quantity limit = resources.getLimits().get(resource);
                assertThat(request).as("%s %s request", deployment.getMetadata().getName(), resource).isNotNull();
                assertThat(limit).as("%s %s limit", deployment.getMetadata().getName(), resource).isNotNull();
                assertThat(request.getNumericalAmount()).isLessThanOrEqualTo(limit.getNumericalAmount());
            }
            // A JVM below 192 MiB spends its time collecting garbage.
            assertThat(resources.getLimits().get("memory").getNumericalAmount())
                    .isGreaterThanOrEqualTo(Quantity.parse("192Mi").getNumericalAmount());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyPodRunsAsNonRootOnAReadOnlyRootWithNoCapabilities(String overlay) {
        for (Deployment deployment : Manifests.ofOverlay(overlay).deployments()) {
            PodSpec pod = deployment.getSpec().getTemplate().getSpec();
            Container container = Workloads.container(deployment);
            assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
            assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
            assertThat(pod.getAutomountServiceAccountToken()).isFalse();
            assertThat(container.getSecurityContext().getRunAsNonRoot()).isTrue();
            assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
            assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
            assertThat(container.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
            assertThat(container.getSecurityContext().getCapabilities().getAdd()).isNullOrEmpty();
            // The read-only root needs a writable /tmp, from an emptyDir.
            assertThat(container.getVolumeMounts()).singleElement().satisfies(m -> {
                assertThat(m.getMountPath()).isEqualTo("/tmp");
                assertThat(pod.getVolumes()).filteredOn(v -> v.getName().equals(m.getName()))
                        .singleElement().satisfies(v -> assertThat(v.getEmptyDir()).isNotNull());
            });
            assertThat(container.getImage()).as("image with an explicit tag or digest")
                    .matches("([^/]+/)*messenger-handover/" + deployment.getMetadata().getName()
                            + "(:[0-9][^:@/]*|@sha256:[0-9a-f]{64})")
                    .doesNotEndWith(":latest");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void prometheusScrapesEveryPodOnTheMetricsEndpoint(String overlay) {
        for (Deployment deployment : Manifests.ofOverlay(overlay).deployments()) {
            assertThat(deployment.getSpec().getTemplate().getMetadata().getAnnotations()).containsAllEntriesOf(Map.of(
                    "prometheus.io/scrape", "true",
                    "prometheus.io/port", "8080",
                    "prometheus.io/path", "/q/metrics"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void onlyTheWebhookTrackedLinksAndTheSettingsPageAreExposedThroughTlsIngresses(String overlay) {
        Manifests manifests = Manifests.ofOverlay(overlay);

        assertThat(manifests.all(Service.class)).allSatisfy(s -> assertThat(s.getSpec().getType()).isEqualTo("ClusterIP"));
        // The settings page's Ingress is checked by SettingsPageTest.
        assertThat(manifests.all(Ingress.class)).extracting(i -> i.getMetadata().getName())
                .containsExactlyInAnyOrder("ingress-service", SettingsPageTest.INGRESS);
        assertThat(manifests.all(Ingress.class)).filteredOn(i -> !i.getMetadata().getName().equals(SettingsPageTest.INGRESS))
                .singleElement().satisfies(ingress -> {
            IngressRule rule = ingress.getSpec().getRules().get(0);
            assertThat(ingress.getSpec().getRules()).hasSize(1);
            // Meta's webhook, and the tracked links of bulletins that users open (/l/<token>): both ingress-service.
            assertThat(rule.getHttp().getPaths()).extracting(p -> p.getPath(), p -> p.getPathType())
                    .containsExactly(org.assertj.core.api.Assertions.tuple("/webhook", "Exact"),
                            org.assertj.core.api.Assertions.tuple("/l/", "Prefix"));
            assertThat(rule.getHttp().getPaths()).allSatisfy(path -> {
                assertThat(path.getBackend().getService().getName()).isEqualTo("ingress-service");
                assertThat(path.getBackend().getService().getPort().getName()).isEqualTo("http");
            });
            assertThat(ingress.getSpec().getTls()).singleElement().satisfies(tls -> {
                assertThat(tls.getHosts()).containsExactly(rule.getHost());
                assertThat(tls.getSecretName()).isNotBlank();
            });
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void ingressServiceScalesOnCpuWithinItsAutoscalerBounds(String overlay) {
        Manifests manifests = Manifests.ofOverlay(overlay);

        HorizontalPodAutoscaler hpa = manifests.all(HorizontalPodAutoscaler.class).stream().collect(
                java.util.stream.Collectors.collectingAndThen(java.util.stream.Collectors.toList(), l -> {
                    assertThat(l).hasSize(1);
                    return l.get(0);
                }));
        Deployment ingress = manifests.get(Deployment.class, "ingress-service");
        assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo("ingress-service");
        assertThat(hpa.getSpec().getScaleTargetRef().getApiVersion()).isEqualTo("apps/v1");
        assertThat(hpa.getSpec().getMinReplicas()).isPositive().isLessThanOrEqualTo(hpa.getSpec().getMaxReplicas());
        // The Deployment's own count is what an apply sets: it must be a count the autoscaler would keep.
        assertThat(ingress.getSpec().getReplicas()).isEqualTo(hpa.getSpec().getMinReplicas());
        assertThat(hpa.getSpec().getMetrics()).singleElement().satisfies(m -> {
            assertThat(m.getResource().getName()).isEqualTo("cpu");
            assertThat(m.getResource().getTarget().getAverageUtilization()).isBetween(50, 90);
        });
    }

    @Test
    void devRunsOneReplicaOfEachService() {
        assertThat(Manifests.ofOverlay("dev").deployments())
                .allSatisfy(d -> assertThat(d.getSpec().getReplicas()).isEqualTo(1));
    }

    @Test
    void prodRunsSeveralReplicasSpreadOverNodes() {
        for (Deployment deployment : Manifests.ofOverlay("prod").deployments()) {
            String name = deployment.getMetadata().getName();
            assertThat(deployment.getSpec().getReplicas()).as(name).isGreaterThanOrEqualTo(2);
            var antiAffinity = deployment.getSpec().getTemplate().getSpec().getAffinity().getPodAntiAffinity();
            assertThat(antiAffinity.getRequiredDuringSchedulingIgnoredDuringExecution()).as(name).singleElement()
                    .satisfies(term -> {
                        assertThat(term.getTopologyKey()).isEqualTo("kubernetes.io/hostname");
                        assertThat(Workloads.selects(term.getLabelSelector(), Workloads.podLabels(deployment))).isTrue();
                    });
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyServiceWithSeveralReplicasHasADisruptionBudgetThatKeepsOneUp(String overlay) {
        Manifests manifests = Manifests.ofOverlay(overlay);
        for (Deployment deployment : manifests.deployments()) {
            List<PodDisruptionBudget> budgets = manifests.all(PodDisruptionBudget.class).stream()
                    .filter(b -> Workloads.selects(b.getSpec().getSelector(), Workloads.podLabels(deployment)))
                    .toList();
            int replicas = Workloads.minReplicas(manifests, deployment);
            if (replicas > 1) {
                assertThat(budgets).as(deployment.getMetadata().getName()).singleElement().satisfies(b -> {
                    if (b.getSpec().getMaxUnavailable() != null) {
                        assertThat(b.getSpec().getMaxUnavailable().getIntVal()).isBetween(1, replicas - 1);
                    } else {
                        assertThat(b.getSpec().getMinAvailable().getIntVal()).isBetween(1, replicas - 1);
                    }
                });
            } else {
                // A budget on a single replica would block every node drain.
                assertThat(budgets).as(deployment.getMetadata().getName()).isEmpty();
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void consumerReplicasNeverExceedThePartitionsOfWhatTheyConsume(String overlay) {
        Manifests manifests = Manifests.ofOverlay(overlay);
        for (Deployment deployment : manifests.deployments()) {
            ServiceConfig config = ServiceConfig.of(deployment.getMetadata().getName());
            for (ServiceConfig.Channel channel : config.channels()) {
                // A group per replica (the catalog reader) reads every partition in each replica: no ceiling.
                if (!channel.incoming() || channel.groupId().contains("${")) {
                    continue;
                }
                int partitions = StrimziTest.spec(channel.topic()).partitions();
                assertThat(Workloads.maxReplicas(manifests, deployment))
                        .as("%s replicas consuming %s (%d partitions)", deployment.getMetadata().getName(),
                                channel.topic(), partitions)
                        .isLessThanOrEqualTo(partitions);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void noSecretValueIsInTheManifests(String overlay) {
        List<HasMetadata> all = Manifests.ofOverlay(overlay).all();

        assertThat(all).noneMatch(Secret.class::isInstance);
    }
}
