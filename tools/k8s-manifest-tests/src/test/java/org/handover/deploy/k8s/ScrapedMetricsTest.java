package org.handover.deploy.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.handover.harness.FreePorts;
import org.handover.harness.LocalDefaults;
import org.handover.harness.ServiceDefinition;
import org.handover.harness.ServiceProcess;
import org.handover.harness.Services;
import org.junit.jupiter.api.Test;

/**
 * {@link ExportedMetrics} against a real service: ingress-service (the one that registers all its meters at once,
 * every outcome at 0, on its first webhook request) started from its jar as in production (prod profile, the
 * harness's {@link ServiceProcess}), sent one unsigned POST, its {@code /q/metrics} scraped. Every name and label set that the sources-based reading gives for
 * ingress-service's meters must be in the real scrape, so the naming the metric check relies on is the services'
 * own. Kafka is not needed for that: the bootstrap address is a free port where nothing listens.
 */
class ScrapedMetricsTest {

    @Test
    void aStartedIngressServiceExportsTheNamesAndLabelsItsSourcesGive() throws IOException {
        ServiceDefinition definition = Services.named("ingress-service");
        Path root = Repository.root();
        Path jar = definition.jar(root);
        assertThat(jar).as("ingress-service's jar: build with -am (./mvnw -pl tools/k8s-manifest-tests -am verify)")
                .exists();
        int[] ports = FreePorts.pick(2);
        Map<String, String> env = new HashMap<>(LocalDefaults.of(root, definition.name(), System.getenv()));
        // The service's own port setting (the definition's portEnv is the local stack's, which the service never reads).
        env.put("QUARKUS_HTTP_PORT", String.valueOf(ports[0]));
        env.put("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:" + ports[1]);
        Path dir = Files.createDirectories(Repository.module().resolve("target/scraped-metrics"));
        ServiceProcess service = ServiceProcess.start(definition, ports[0], jar, dir, env,
                dir.resolve("ingress-service.log"));
        String scrape;
        try {
            scrape = scrape(service);
        } finally {
            ServiceProcess.stopAll(List.of(service), Duration.ofSeconds(20));
        }

        Map<String, Set<String>> scraped = parse(scrape);
        Map<String, Set<String>> expected = ExportedMetrics.prometheusNames(ExportedMetrics.meters().stream()
                .filter(m -> m.where().startsWith("ingress-service/")).toList());
        assertThat(expected).containsKeys("ingress_webhook_requests_total", "ingress_webhook_latency_seconds_bucket");
        expected.forEach((name, labels) -> assertThat(scraped).as(name).containsEntry(name, labels));
        System.out.printf("ScrapedMetricsTest: ingress-service exports %d metric names; the %d of its meters match%n",
                scraped.size(), expected.size());
    }

    private static String scrape(ServiceProcess service) throws IOException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest metrics = HttpRequest.newBuilder(service.metricsUri()).timeout(Duration.ofSeconds(5)).build();
        Awaitility.await("ingress-service's " + service.metricsUri()).atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofMillis(500)).ignoreExceptions().until(() -> {
                    assertThat(service.isAlive()).as("ingress-service runs (log: %s)", service.log()).isTrue();
                    return http.send(metrics, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
                });
        // WebhookMetrics is an application-scoped bean, created (and its meters registered, every outcome at 0) on
        // the first webhook request: an unsigned POST, answered 401 without Kafka.
        HttpRequest unsigned = HttpRequest.newBuilder(java.net.URI.create(service.baseUrl() + Services.WEBHOOK_PATH))
                .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"object\":\"page\",\"entry\":[]}")).build();
        try {
            assertThat(http.send(unsigned, HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(401);
            return http.send(metrics, HttpResponse.BodyHandlers.ofString()).body();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    /** Sample name to label names of a Prometheus text exposition. */
    static Map<String, Set<String>> parse(String exposition) {
        Map<String, Set<String>> names = new TreeMap<>();
        Pattern sample = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{([^}]*)})?\\s");
        Pattern label = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"");
        for (String line : exposition.split("\n")) {
            Matcher m = sample.matcher(line);
            if (line.startsWith("#") || !m.find()) {
                continue;
            }
            Set<String> labels = names.computeIfAbsent(m.group(1), k -> new TreeSet<>());
            if (m.group(3) != null) {
                Matcher l = label.matcher(m.group(3));
                while (l.find()) {
                    labels.add(l.group(1));
                }
            }
        }
        return names;
    }
}
