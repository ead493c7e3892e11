package org.handover.deploy.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The alert rules under Prometheus' own {@code promtool}: the rendered PrometheusRule's groups are written as a
 * rule file, {@code promtool check rules} validates them (syntax, PromQL, templates), and {@code promtool test rules}
 * runs {@code deploy/k8s/monitoring/rule-tests/}: each alert firing on series that should fire it, with its labels and
 * annotations, and quiet on series that should not.
 *
 * <p>promtool comes from Debian's {@code prometheus} package, unpacked by {@code tools/ensure-promtool} into
 * {@code target/promtool} before the tests (the Maven build runs it); {@code -Dpromtool.bin} (or
 * {@code PROMTOOL_BIN}) names another one. Without one the test fails rather than skips.
 */
class MonitoringRulesTest {

    static final String TEST_FILE = "rule-tests/messenger-handover.test.yaml";
    static final String RULE_FILE = "messenger-handover.rules.yaml";

    private static Path work;

    @BeforeAll
    static void writeTheRuleFile() throws IOException {
        // Parsed strictly first (a misplaced field fails there); then the rendered YAML's own spec is written, as the
        // Operator hands it to Prometheus (its "groups"): the CR around it is not a rule file.
        Manifests.ofMonitoring().get(PrometheusRule.class, "messenger-handover");
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER));
        JsonNode spec = null;
        for (JsonNode doc : yaml.readerFor(JsonNode.class).<JsonNode>readValues(Kustomize.build(Repository.monitoring()))
                .readAll()) {
            if ("PrometheusRule".equals(doc.path("kind").asText())) {
                spec = doc.path("spec");
            }
        }
        assertThat(spec).as("the rendered PrometheusRule").isNotNull();
        work = Repository.module().resolve("target/rule-tests");
        Files.createDirectories(work);
        Files.writeString(work.resolve(RULE_FILE), yaml.writeValueAsString(spec));
        Files.copy(Repository.monitoring().resolve(TEST_FILE), work.resolve("messenger-handover.test.yaml"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    static Path promtool() {
        String configured = System.getProperty("promtool.bin", System.getenv("PROMTOOL_BIN"));
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        for (Path candidate : List.of(Repository.module().resolve("target/promtool/usr/bin/promtool"),
                Path.of("/usr/bin/promtool"))) {
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("No promtool: run tools/ensure-promtool (the Maven build does, unless "
                + "-Dpromtool.install.skip=true), install Debian's prometheus package, or pass -Dpromtool.bin=/path");
    }

    @Test
    void promtoolAcceptsTheRules() throws Exception {
        String output = run(List.of(promtool().toString(), "check", "rules", RULE_FILE));

        System.out.println("MonitoringRulesTest: " + output.strip());
        assertThat(output).contains("SUCCESS");
    }

    @Test
    void everyAlertFiresAndStaysQuietAsItsRuleTestsSay() throws Exception {
        String output = run(List.of(promtool().toString(), "test", "rules", "messenger-handover.test.yaml"));

        System.out.println("MonitoringRulesTest: " + output.strip());
        assertThat(output).contains("SUCCESS");
    }

    /** Runs promtool in the work folder; fails with its output unless it exits 0. */
    private static String run(List<String> command) throws Exception {
        Path out = Files.createTempFile(work, "promtool", ".out");
        Process process = new ProcessBuilder(new ArrayList<>(command)).directory(work.toFile())
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(command + " did not finish in 120 s");
        }
        String output = Files.readString(out, StandardCharsets.UTF_8);
        Files.deleteIfExists(out);
        assertThat(process.exitValue()).as("%s exit code; output:%n%s", command, output).isZero();
        return output;
    }
}
