package org.handover.deploy.k8s;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Small readings of rendered objects shared by the tests. */
final class Workloads {

    private Workloads() {
    }

    static Container container(Deployment deployment) {
        List<Container> containers = deployment.getSpec().getTemplate().getSpec().getContainers();
        if (containers.size() != 1) {
            throw new AssertionError(deployment.getMetadata().getName() + " should have one container");
        }
        return containers.get(0);
    }

    static Map<String, String> podLabels(Deployment deployment) {
        return deployment.getSpec().getTemplate().getMetadata().getLabels();
    }

    static List<String> envNames(Deployment deployment) {
        return container(deployment).getEnv().stream().map(EnvVar::getName).toList();
    }

    static Optional<HorizontalPodAutoscaler> autoscaler(Manifests manifests, Deployment deployment) {
        return manifests.all(HorizontalPodAutoscaler.class).stream()
                .filter(h -> "Deployment".equals(h.getSpec().getScaleTargetRef().getKind())
                        && deployment.getMetadata().getName().equals(h.getSpec().getScaleTargetRef().getName()))
                .findFirst();
    }

    /** The most replicas the Deployment can run: its own count, or its autoscaler's maximum. */
    static int maxReplicas(Manifests manifests, Deployment deployment) {
        return autoscaler(manifests, deployment).map(h -> h.getSpec().getMaxReplicas())
                .orElse(deployment.getSpec().getReplicas());
    }

    /** The fewest replicas the Deployment runs when nothing fails. */
    static int minReplicas(Manifests manifests, Deployment deployment) {
        return autoscaler(manifests, deployment).map(h -> h.getSpec().getMinReplicas())
                .orElse(deployment.getSpec().getReplicas());
    }

    /** Kubernetes label-selector semantics (matchLabels and matchExpressions); an empty selector selects all. */
    static boolean selects(LabelSelector selector, Map<String, String> labels) {
        if (selector == null) {
            return false;
        }
        for (Map.Entry<String, String> e : Optional.ofNullable(selector.getMatchLabels()).orElse(Map.of()).entrySet()) {
            if (!e.getValue().equals(labels.get(e.getKey()))) {
                return false;
            }
        }
        for (LabelSelectorRequirement r : Optional.ofNullable(selector.getMatchExpressions()).orElse(List.of())) {
            String value = labels.get(r.getKey());
            boolean ok = switch (r.getOperator()) {
                case "In" -> value != null && r.getValues().contains(value);
                case "NotIn" -> value == null || !r.getValues().contains(value);
                case "Exists" -> value != null;
                case "DoesNotExist" -> value == null;
                default -> throw new AssertionError("Unknown selector operator " + r.getOperator());
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
