package org.handover.deploy.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The environment and network checks themselves, on small hand-written manifests: they catch what they claim. */
class EnvironmentCheckTest {

    private static final String DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: demo-service
            spec:
              selector:
                matchLabels:
                  app.kubernetes.io/name: demo-service
              template:
                metadata:
                  labels:
                    app.kubernetes.io/name: demo-service
                spec:
                  containers:
                    - name: demo-service
                      image: demo:1
                      env:
                        - name: KAFKA_BOOTSTRAP_SERVERS
                          value: kafka:9093
                        - name: KAFKA_SASL_JAAS_CONFIG
                          value: x
                        - name: KAFKA_NOT_A_CLIENT_SETTING
                          value: x
                        - name: QUARKUS_HTTP_PORT
                          value: "8080"
                        - name: JAVA_OPTS_APPEND
                          value: -Dx
                        - name: DEMO_TYPO
                          value: x
                        - name: DEMO_PENDING
                          value: x
                      envFrom:
                        - secretRef:
                            name: messenger-page-tokens
            """;

    private final Deployment deployment = Manifests.parse(DEPLOYMENT).get(Deployment.class, "demo-service");

    @Test
    void flagsVariablesThatNeitherTheServiceNorThePlatformReads() {
        ServiceConfig config = new ServiceConfig("demo-service",
                "%prod.kafka.bootstrap.servers=${KAFKA_BOOTSTRAP_SERVERS}\n", List.of());

        assertThat(EnvironmentTest.unread(deployment, config, Set.of()))
                .containsExactly("KAFKA_NOT_A_CLIENT_SETTING", "DEMO_TYPO", "DEMO_PENDING", "MESSENGER_PAGE_TOKENS_*");
    }

    @Test
    void excusesExactlyThePendingVariables() {
        ServiceConfig config = new ServiceConfig("demo-service", "demo.typo=1\n", List.of());

        assertThat(EnvironmentTest.unread(deployment, config, Set.of("DEMO_PENDING", "MESSENGER_PAGE_TOKENS_*")))
                .containsExactly("KAFKA_NOT_A_CLIENT_SETTING");
    }

    @Test
    void aTypedPageTokenMapReadsThePageTokenSecret() {
        ServiceConfig config = new ServiceConfig("demo-service", "demo.typo=1\ndemo.pending=1\n", List.of("""
                @ConfigMapping(prefix = "messenger")
                interface MessengerConfig {
                    Map<String, String> pageTokens();
                }
                """));

        assertThat(EnvironmentTest.unread(deployment, config, Set.of())).containsExactly("KAFKA_NOT_A_CLIENT_SETTING");
    }

    @Test
    void readsTheKeysOfTheDocumentedSecretCommands() {
        String readme = """
                kubectl -n $NS create secret generic demo-secret --from-literal=token=CHANGE_ME \\
                  --from-literal=other.key=X
                kubectl create secret generic demo-secret-2 --from-literal=nope=1
                """;

        assertThat(EnvironmentTest.documentedKeys(readme, "demo-secret")).containsExactly("other.key", "token");
        assertThat(EnvironmentTest.documentedKeys(readme, "missing")).isEmpty();
    }

    @Test
    void networkFlowsNameEveryAllowedDestinationAndFlagTheRest() {
        String policies = DEPLOYMENT + """
                ---
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata:
                  name: demo
                spec:
                  podSelector: {}
                  policyTypes: [Egress]
                  egress:
                    - to:
                        - namespaceSelector:
                            matchLabels:
                              kubernetes.io/metadata.name: kube-system
                          podSelector:
                            matchLabels:
                              k8s-app: kube-dns
                      ports:
                        - protocol: UDP
                          port: 53
                    - to:
                        - ipBlock:
                            cidr: 0.0.0.0/0
                      ports:
                        - protocol: TCP
                          port: 443
                    - ports:
                        - protocol: TCP
                          port: 5432
                """;
        Manifests manifests = Manifests.parse(policies);

        assertThat(NetworkPolicyTest.egressFlows(manifests, manifests.get(Deployment.class, "demo-service")))
                .containsExactly(NetworkPolicyTest.DNS, "other(IPBlock(cidr=0.0.0.0/0, except=[], additionalProperties={}) TCP/443)",
                        "other: demo allows any destination or port");
    }
}
