package org.handover.deploy.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The effective network rules of each service's pods: every NetworkPolicy that selects them, each allowed flow
 * named by what it reaches. Anything that is not one of the named flows fails as "other".
 */
class NetworkPolicyTest {

    static final String DNS = "dns";
    static final String KAFKA = "kafka";
    static final String POSTGRESQL = "postgresql";
    static final String META_HTTPS = "meta-https";
    static final String FROM_INGRESS_CONTROLLER = "ingress-controller";
    static final String FROM_PROMETHEUS = "prometheus";
    private static final Set<String> PRIVATE_RANGES = Set.of("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16");

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyPodIsDeniedAllTrafficByDefault(String overlay) {
        Manifests manifests = Manifests.ofOverlay(overlay);
        for (Deployment deployment : manifests.deployments()) {
            assertThat(policies(manifests, deployment)).as(deployment.getMetadata().getName())
                    .anySatisfy(p -> {
                        assertThat(p.getSpec().getPolicyTypes()).containsExactlyInAnyOrder("Ingress", "Egress");
                        assertThat(p.getSpec().getIngress()).isNullOrEmpty();
                        assertThat(p.getSpec().getEgress()).isNullOrEmpty();
                    });
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void onlyTheServicesAnIngressRoutesToAreReachableFromTheIngressControllerAndPrometheusScrapesAll(String overlay) {
        Manifests manifests = Manifests.ofOverlay(overlay);
        Set<String> routed = new TreeSet<>();
        for (Ingress ingress : manifests.all(Ingress.class)) {
            ingress.getSpec().getRules().forEach(rule -> rule.getHttp().getPaths()
                    .forEach(path -> routed.add(path.getBackend().getService().getName())));
        }
        // The webhook and the settings page: exactly these two services have a route, and so a way in.
        assertThat(routed).containsExactlyInAnyOrder("ingress-service", "handover-service");
        for (Deployment deployment : manifests.deployments()) {
            String service = deployment.getMetadata().getName();
            Set<String> expected = new TreeSet<>(routed.contains(service)
                    ? Set.of(FROM_INGRESS_CONTROLLER + ":TCP/8080", FROM_PROMETHEUS + ":TCP/8080")
                    : Set.of(FROM_PROMETHEUS + ":TCP/8080"));
            // The only flow between our services: the settings page's default messages, through bot's admin API.
            if (service.equals("bot-service")) {
                expected.add("handover-service:TCP/8080");
            }

            assertThat(ingressFlows(manifests, deployment)).as(service).isEqualTo(expected);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void eachServiceReachesOnlyDnsKafkaAndWhatItsConfigurationNeeds(String overlay) {
        Manifests manifests = Manifests.ofOverlay(overlay);
        for (Deployment deployment : manifests.deployments()) {
            String service = deployment.getMetadata().getName();
            List<String> env = Workloads.envNames(deployment);
            Set<String> expected = new TreeSet<>(Set.of(DNS, KAFKA));
            if (env.contains("DATABASE_JDBC_URL")) {
                expected.add(POSTGRESQL);
            }
            if (env.contains("MESSENGER_GRAPH_BASE_URL")) {
                expected.add(META_HTTPS);
            }
            if (env.contains("BOT_CATALOG_URL")) {
                expected.add("bot-service:TCP/8080");
            }

            assertThat(egressFlows(manifests, deployment)).as(service).isEqualTo(expected);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void noPolicySelectsThePodsStrimziRuns(String overlay) {
        // Strimzi names the pods it runs with app.kubernetes.io/name itself (kafka, entity-operator,
        // kafka-exporter) and sets their part-of to strimzi-<cluster>; a pod template in the Kafka resource may still
        // give them ours. Even then our policies must leave them to Strimzi's, or the default deny would cut the
        // brokers, the operators and the exporter.
        List<Map<String, String>> strimziPods = List.of("kafka", "entity-operator", "kafka-exporter").stream()
                .map(name -> Map.of("app.kubernetes.io/part-of", "messenger-handover", "app.kubernetes.io/name", name,
                        "strimzi.io/cluster", StrimziTest.CLUSTER, "strimzi.io/kind", "Kafka"))
                .toList();

        for (NetworkPolicy policy : Manifests.ofOverlay(overlay).all(NetworkPolicy.class)) {
            assertThat(strimziPods).as(policy.getMetadata().getName())
                    .noneMatch(labels -> Workloads.selects(policy.getSpec().getPodSelector(), labels));
        }
    }

    private static List<NetworkPolicy> policies(Manifests manifests, Deployment deployment) {
        Map<String, String> labels = Workloads.podLabels(deployment);
        return manifests.all(NetworkPolicy.class).stream()
                .filter(p -> Workloads.selects(p.getSpec().getPodSelector(), labels)).toList();
    }

    static Set<String> ingressFlows(Manifests manifests, Deployment deployment) {
        Set<String> flows = new TreeSet<>();
        for (NetworkPolicy policy : policies(manifests, deployment)) {
            for (NetworkPolicyIngressRule rule : listOf(policy.getSpec().getIngress())) {
                List<NetworkPolicyPeer> from = listOf(rule.getFrom());
                List<NetworkPolicyPort> ports = listOf(rule.getPorts());
                if (from.isEmpty() || ports.isEmpty()) {
                    flows.add("other: " + policy.getMetadata().getName() + " allows any source or port");
                    continue;
                }
                for (NetworkPolicyPeer peer : from) {
                    for (NetworkPolicyPort port : ports) {
                        flows.add(source(peer) + ":" + port(port));
                    }
                }
            }
        }
        return flows;
    }

    private static String source(NetworkPolicyPeer peer) {
        if (peer.getIpBlock() == null && peer.getNamespaceSelector() != null && peer.getPodSelector() != null) {
            String namespace = namespace(peer.getNamespaceSelector());
            if ("ingress-nginx".equals(namespace) && hasLabel(peer.getPodSelector(), "ingress-nginx")) {
                return FROM_INGRESS_CONTROLLER;
            }
            if ("monitoring".equals(namespace) && hasLabel(peer.getPodSelector(), "prometheus")) {
                return FROM_PROMETHEUS;
            }
        }
        if (peer.getIpBlock() == null && peer.getNamespaceSelector() == null && peer.getPodSelector() != null
                && ourService(peer.getPodSelector()) != null) {
            return ourService(peer.getPodSelector());
        }
        return "other(" + peer + ")";
    }

    static Set<String> egressFlows(Manifests manifests, Deployment deployment) {
        Set<String> flows = new TreeSet<>();
        for (NetworkPolicy policy : policies(manifests, deployment)) {
            for (NetworkPolicyEgressRule rule : listOf(policy.getSpec().getEgress())) {
                List<NetworkPolicyPeer> to = listOf(rule.getTo());
                List<NetworkPolicyPort> ports = listOf(rule.getPorts());
                if (to.isEmpty() || ports.isEmpty()) {
                    flows.add("other: " + policy.getMetadata().getName() + " allows any destination or port");
                    continue;
                }
                for (NetworkPolicyPeer peer : to) {
                    for (NetworkPolicyPort port : ports) {
                        flows.add(destination(peer, port));
                    }
                }
            }
        }
        return flows;
    }

    private static String destination(NetworkPolicyPeer peer, NetworkPolicyPort port) {
        String p = port(port);
        if (peer.getIpBlock() != null) {
            boolean publicOnly = peer.getIpBlock().getCidr().equals("0.0.0.0/0")
                    && peer.getIpBlock().getExcept().containsAll(PRIVATE_RANGES);
            return publicOnly && p.equals("TCP/443") ? META_HTTPS : "other(" + peer.getIpBlock() + " " + p + ")";
        }
        LabelSelector pods = peer.getPodSelector();
        String namespace = peer.getNamespaceSelector() == null ? "" : namespace(peer.getNamespaceSelector());
        if ("kube-system".equals(namespace) && pods != null
                && "kube-dns".equals(pods.getMatchLabels().get("k8s-app")) && Set.of("UDP/53", "TCP/53").contains(p)) {
            return DNS;
        }
        if (peer.getNamespaceSelector() == null && pods != null
                && StrimziTest.CLUSTER.equals(pods.getMatchLabels().get("strimzi.io/cluster"))
                && "Kafka".equals(pods.getMatchLabels().get("strimzi.io/kind")) && p.equals("TCP/9093")) {
            return KAFKA;
        }
        if (peer.getNamespaceSelector() == null && pods != null && hasLabel(pods, "postgresql") && p.equals("TCP/5432")) {
            return POSTGRESQL;
        }
        if (peer.getNamespaceSelector() == null && pods != null && ourService(pods) != null) {
            return ourService(pods) + ":" + p;
        }
        return "other(" + peer + " " + p + ")";
    }

    private static String namespace(LabelSelector namespaceSelector) {
        return namespaceSelector.getMatchLabels() == null ? null
                : namespaceSelector.getMatchLabels().get("kubernetes.io/metadata.name");
    }

    /** One of our four services, selected by its name label in this namespace; null otherwise. */
    private static String ourService(LabelSelector selector) {
        String name = selector.getMatchLabels() == null ? null : selector.getMatchLabels().get("app.kubernetes.io/name");
        return Set.of("ingress-service", "routing-service", "handover-service", "bot-service").contains(name)
                ? name : null;
    }

    private static boolean hasLabel(LabelSelector selector, String name) {
        return selector.getMatchLabels() != null && name.equals(selector.getMatchLabels().get("app.kubernetes.io/name"));
    }

    private static String port(NetworkPolicyPort port) {
        IntOrString value = port.getPort();
        String number = value == null ? "any" : value.getIntVal() != null ? value.getIntVal().toString() : value.getStrVal();
        return (port.getProtocol() == null ? "TCP" : port.getProtocol()) + "/" + number
                + (port.getEndPort() == null ? "" : "-" + port.getEndPort());
    }

    private static <T> List<T> listOf(List<T> list) {
        return list == null ? List.of() : list;
    }
}
