package org.handover.deploy.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** The little PromQL reader the metric-name check relies on. */
class PromQlTest {

    @Test
    void readsMetricsMatchersAndGroupingLabels() {
        PromQl.Uses uses = PromQl.parse("""
                sum by (namespace, status) (rate(nginx_ingress_controller_requests{ingress="ingress-service", status=~"401|403"}[5m]))
                  / ignoring(status) group_left sum by (namespace) (rate(nginx_ingress_controller_requests[5m])) > 0.05
                """);

        assertThat(uses.selectors()).containsExactly(
                new PromQl.Selector("nginx_ingress_controller_requests", Set.of("ingress", "status")),
                new PromQl.Selector("nginx_ingress_controller_requests", Set.of()));
        assertThat(uses.groupingLabels()).containsExactlyInAnyOrder("namespace", "status");
    }

    @Test
    void skipsFunctionsNumbersRangesStringsAndGrafanaVariables() {
        PromQl.Uses uses = PromQl.parse("histogram_quantile(0.99, sum by (le) (rate(ingress_webhook_latency_seconds_bucket"
                + "{namespace=\"$namespace\", topic=~\".+\\\\.dlq\"}[$__rate_interval]))) > 2.5 and on() vector(1)");

        assertThat(uses.selectors()).extracting(PromQl.Selector::metric)
                .containsExactly("ingress_webhook_latency_seconds_bucket");
        assertThat(uses.selectors().get(0).labels()).containsExactlyInAnyOrder("namespace", "topic");
        assertThat(uses.groupingLabels()).containsExactly("le");
    }

    @Test
    void readsABareMetric() {
        assertThat(PromQl.parse("up == 0").selectors()).containsExactly(new PromQl.Selector("up", Set.of()));
    }
}
