package org.handover.deploy.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.openshift.api.model.monitoring.v1.PodMetricsEndpoint;
import io.fabric8.openshift.api.model.monitoring.v1.PodMonitor;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.Rule;
import io.fabric8.openshift.api.model.monitoring.v1.RuleGroup;
import io.strimzi.api.kafka.model.kafka.Kafka;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The monitoring pack ({@code deploy/k8s/monitoring}): what it scrapes, its alerts and its dashboard, and that every
 * metric they use is one that something really exports (the services, per {@link ExportedMetrics}; Strimzi's Kafka
 * Exporter; the ingress-nginx controller; Prometheus itself). The rules' behaviour is {@link MonitoringRulesTest}'s.
 */
class MonitoringTest {

    static final String DASHBOARD_CONFIG_MAP = "messenger-handover-dashboard";
    static final String DASHBOARD_FILE = "messenger-handover.json";

    /** Labels Prometheus and the PodMonitor's relabeling put on every scraped series; {@code le} of histograms. */
    static final Set<String> TARGET_LABELS = Set.of("namespace", "pod", "service", "job", "instance", "container",
            "endpoint", "le");

    /**
     * Metrics of other exporters the pack reads, with the labels it may use: Strimzi's Kafka Exporter (kafka_exporter's
     * names), ingress-nginx's controller (its "namespace" becomes exported_namespace under the Operator's scrape),
     * and Prometheus' own {@code up}.
     */
    static final Map<String, Set<String>> EXTERNAL = Map.of(
            "kafka_consumergroup_lag", Set.of("consumergroup", "topic", "partition"),
            "kafka_topic_partition_current_offset", Set.of("topic", "partition"),
            "nginx_ingress_controller_requests", Set.of("exported_namespace", "ingress", "status", "method", "path",
                    "host", "controller_class"),
            "up", Set.of());

    private static final ObjectMapper JSON = new ObjectMapper();

    static PrometheusRule rules() {
        return Manifests.ofMonitoring().get(PrometheusRule.class, "messenger-handover");
    }

    static List<Rule> alerts() {
        return rules().getSpec().getGroups().stream().flatMap(g -> g.getRules().stream())
                .filter(r -> r.getAlert() != null).toList();
    }

    static JsonNode dashboard() throws IOException {
        ConfigMap map = Manifests.ofMonitoring().get(ConfigMap.class, DASHBOARD_CONFIG_MAP);
        return JSON.readTree(map.getData().get(DASHBOARD_FILE));
    }

    static List<String> dashboardExpressions(JsonNode dashboard) {
        List<String> exprs = new ArrayList<>();
        dashboard.path("panels").forEach(panel -> panel.path("targets").forEach(t -> exprs.add(t.path("expr").asText())));
        return exprs;
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void scrapesEveryServicePodWhereItsScrapeAnnotationsSay(String overlay) {
        PodMonitor services = Manifests.ofMonitoring().get(PodMonitor.class, "messenger-handover");
        PodMetricsEndpoint endpoint = services.getSpec().getPodMetricsEndpoints().get(0);
        assertThat(services.getSpec().getPodMetricsEndpoints()).hasSize(1);

        for (Deployment deployment : Manifests.ofOverlay(overlay).deployments()) {
            String name = deployment.getMetadata().getName();
            assertThat(Workloads.selects(services.getSpec().getSelector(), Workloads.podLabels(deployment))).as(name).isTrue();
            assertThat(Workloads.container(deployment).getPorts()).extracting(ContainerPort::getName).contains(endpoint.getPort());
            Map<String, String> annotations = deployment.getSpec().getTemplate().getMetadata().getAnnotations();
            assertThat(endpoint.getPath()).isEqualTo(annotations.get("prometheus.io/path"));
            assertThat(Workloads.container(deployment).getPorts()).filteredOn(p -> p.getName().equals(endpoint.getPort()))
                    .singleElement().satisfies(p -> assertThat(String.valueOf(p.getContainerPort()))
                            .isEqualTo(annotations.get("prometheus.io/port")));
        }
        // The label every alert and panel groups by: the Deployment's name.
        assertThat(endpoint.getRelabelings()).anySatisfy(r -> {
            assertThat(r.getSourceLabels()).containsExactly("__meta_kubernetes_pod_label_app_kubernetes_io_name");
            assertThat(r.getTargetLabel()).isEqualTo("service");
        });
    }

    @Test
    void theDevClusterRunsTheKafkaExporterThatThePackScrapes() {
        Kafka kafka = Manifests.ofOverlay("dev").get(Kafka.class, StrimziTest.CLUSTER);
        PodMonitor exporter = Manifests.ofMonitoring().get(PodMonitor.class, "messenger-kafka-exporter");

        assertThat(kafka.getSpec().getKafkaExporter()).as("Kafka.spec.kafkaExporter").isNotNull();
        // Strimzi labels the exporter's pods so; its metrics port is named tcp-prometheus.
        assertThat(Workloads.selects(exporter.getSpec().getSelector(), Map.of("strimzi.io/cluster", StrimziTest.CLUSTER,
                "strimzi.io/kind", "Kafka", "strimzi.io/name", StrimziTest.CLUSTER + "-kafka-exporter"))).isTrue();
        assertThat(exporter.getSpec().getPodMetricsEndpoints()).singleElement()
                .satisfies(e -> assertThat(e.getPort()).isEqualTo("tcp-prometheus"));
        // The exporter reports the lag of every consumer group of the services (kafka_exporter's regex is RE2,
        // unanchored: find(), not matches()), and leaves out the per-start catalog readers.
        Pattern groups = Pattern.compile(kafka.getSpec().getKafkaExporter().getGroupRegex());
        for (String service : WorkloadTest.SERVICES) {
            for (ServiceConfig.Channel channel : ServiceConfig.of(service).channels()) {
                if (!channel.incoming()) {
                    continue;
                }
                boolean perStart = channel.groupId().contains("${");
                String group = channel.groupId().replaceAll("\\$\\{[^}]*}", "0b7f3c9e");
                assertThat(groups.matcher(group).find()).as("lag of %s reported", group).isEqualTo(!perStart);
            }
        }
    }

    @Test
    void everyAlertHasASeverityASummaryAndADescription() {
        assertThat(alerts()).isNotEmpty().allSatisfy(alert -> {
            assertThat(alert.getLabels()).as(alert.getAlert()).containsKey("severity");
            assertThat(alert.getLabels().get("severity")).as(alert.getAlert()).isIn("warning", "critical");
            assertThat(alert.getAnnotations()).as(alert.getAlert()).containsKeys("summary", "description");
            assertThat(alert.getAlert()).startsWith("Messenger");
        });
        assertThat(alerts()).extracting(Rule::getAlert).doesNotHaveDuplicates();
    }

    @Test
    void theIssuesAlertsAreAllThere() {
        // Item 2 of issue 23, one by one: the metric each one watches.
        Map<String, String> watched = Map.ofEntries(
                Map.entry("MessengerDeadLetters", "kafka_topic_partition_current_offset"),
                Map.entry("MessengerConsumerLag", "kafka_consumergroup_lag"),
                Map.entry("MessengerOutboxBacklog", "handover_outbox_oldest_seconds"),
                Map.entry("MessengerOutboxPublishFailing", "handover_outbox_publish_total"),
                Map.entry("MessengerOutboxParked", "handover_outbox_publish_total"),
                Map.entry("MessengerSendsFailing", "bot_outbound_total"),
                Map.entry("MessengerSendsRefused", "bot_outbound_total"),
                Map.entry("MessengerWebhookSignatureRefused", "ingress_webhook_requests_total"),
                Map.entry("MessengerWebhookUnavailable", "ingress_webhook_requests_total"),
                Map.entry("MessengerWebhookSlow", "ingress_webhook_latency_seconds_bucket"),
                Map.entry("MessengerConsumerPaused", "consumer_paused"),
                // item 4 of issue 20: click records ingress-service could not hand to Kafka
                Map.entry("MessengerClickRecordsLost", "ingress_link_click_records_total"));
        watched.forEach((alert, metric) -> assertThat(alerts()).filteredOn(r -> r.getAlert().equals(alert))
                .singleElement().satisfies(r -> assertThat(PromQl.parse(r.getExpr().getStrVal()).selectors())
                        .extracting(PromQl.Selector::metric).contains(metric)));
    }

    @Test
    void theDashboardIsAConfigMapOfGrafanaJsonForTheSidecar() throws IOException {
        ConfigMap map = Manifests.ofMonitoring().get(ConfigMap.class, DASHBOARD_CONFIG_MAP);
        JsonNode dashboard = dashboard();

        assertThat(map.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
        assertThat(map.getData()).containsOnlyKeys(DASHBOARD_FILE);
        assertThat(dashboard.path("uid").asText()).isEqualTo("messenger-handover");
        assertThat(dashboard.path("panels")).isNotEmpty().allSatisfy(panel -> {
            assertThat(panel.path("title").asText()).isNotBlank();
            assertThat(panel.path("targets")).isNotEmpty()
                    .allSatisfy(t -> assertThat(t.path("expr").asText()).isNotBlank());
        });
        assertThat(dashboard.path("panels")).extracting(p -> p.path("id").asInt()).doesNotHaveDuplicates();
    }

    @Test
    void everyMetricTheRulesAndTheDashboardUseIsExported() throws IOException {
        Map<String, Set<String>> exported = ExportedMetrics.prometheusNames(ExportedMetrics.meters());
        List<String> expressions = new ArrayList<>();
        for (RuleGroup group : rules().getSpec().getGroups()) {
            group.getRules().forEach(r -> expressions.add(r.getExpr().getStrVal()));
        }
        expressions.addAll(dashboardExpressions(dashboard()));

        assertThat(problems(expressions, exported)).isEmpty();
        System.out.printf("MonitoringTest: %d expressions checked against %d metric names the services export%n",
                expressions.size(), exported.size());
    }

    /** Each metric not exported, each matcher label or grouping label that the metrics it reads do not carry. */
    static List<String> problems(List<String> expressions, Map<String, Set<String>> exported) {
        List<String> problems = new ArrayList<>();
        for (String expr : expressions) {
            PromQl.Uses uses = PromQl.parse(expr);
            Set<String> available = new TreeSet<>(TARGET_LABELS);
            for (PromQl.Selector selector : uses.selectors()) {
                Set<String> labels = exported.containsKey(selector.metric()) ? exported.get(selector.metric())
                        : EXTERNAL.get(selector.metric());
                if (labels == null) {
                    problems.add(selector.metric() + " is exported by no service (nor a known exporter): " + expr.trim());
                    continue;
                }
                available.addAll(labels);
                Set<String> unknown = new TreeSet<>(selector.labels());
                unknown.removeAll(labels);
                unknown.removeAll(TARGET_LABELS);
                if (!unknown.isEmpty()) {
                    problems.add(selector.metric() + " has no label " + unknown + ": " + expr.trim());
                }
            }
            Set<String> grouping = new TreeSet<>(uses.groupingLabels());
            grouping.removeAll(available);
            if (!grouping.isEmpty()) {
                problems.add("grouped by " + grouping + ", which no metric of it carries: " + expr.trim());
            }
        }
        return problems;
    }

    @Test
    void findsTheMetersTheServicesRegisterAndNamesThemAsPrometheusDoes() {
        List<ExportedMetrics.Meter> meters = ExportedMetrics.meters();
        Map<String, Set<String>> exported = ExportedMetrics.prometheusNames(meters);

        assertThat(meters).extracting(ExportedMetrics.Meter::name)
                .contains("ingress.webhook.requests", "ingress.webhook.latency", "consumer.paused", "bot.outbound",
                        "handover.outbox.publish", "handover.shadow.graph.calls");
        assertThat(exported).containsEntry("ingress_webhook_requests_total", Set.of("outcome"))
                .containsEntry("ingress_webhook_latency_seconds_bucket", Set.of("le", "outcome"))
                .containsEntry("consumer_paused", Set.of("channel"))
                .containsEntry("bot_outbound_total", Set.of("outcome", "reason"))
                .containsKeys("ingress_webhook_latency_seconds_max", "ingress_webhook_events_per_body_bucket");
    }

    @Test
    void reportsAMetricNoServiceExportsAndALabelItDoesNotCarry() {
        Map<String, Set<String>> exported = Map.of("bot_outbound_total", Set.of("outcome", "reason"));

        assertThat(problems(List.of("sum(rate(bot_outbound_totals[5m]))"), exported)).singleElement().asString()
                .startsWith("bot_outbound_totals is exported by no service");
        assertThat(problems(List.of("sum(rate(bot_outbound_total{result=\"failed\"}[5m]))"), exported))
                .singleElement().asString().startsWith("bot_outbound_total has no label [result]");
        assertThat(problems(List.of("sum by (channel) (rate(bot_outbound_total{namespace=\"$namespace\"}[$__rate_interval]))"),
                exported)).singleElement().asString().startsWith("grouped by [channel]");
        assertThat(problems(List.of("sum by (reason) (rate(bot_outbound_total{outcome=\"failed\"}[5m])) > 0"), exported))
                .isEmpty();
    }

    @Test
    void everyAlertFiresInARuleTest() throws IOException {
        JsonNode tests = new ObjectMapper(new YAMLFactory()).readTree(
                Files.readString(Repository.monitoring().resolve(MonitoringRulesTest.TEST_FILE)));
        Set<String> firing = new TreeSet<>();
        tests.path("tests").forEach(t -> t.path("alert_rule_test").forEach(a -> {
            if (!a.path("exp_alerts").isEmpty()) {
                firing.add(a.path("alertname").asText());
            }
        }));

        assertThat(firing).containsExactlyInAnyOrderElementsOf(alerts().stream().map(Rule::getAlert).toList());
    }
}
