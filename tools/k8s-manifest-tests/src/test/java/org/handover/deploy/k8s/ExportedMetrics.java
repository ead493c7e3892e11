package org.handover.deploy.k8s;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The metrics the services export on {@code /q/metrics}, as Prometheus names them, with their label names.
 *
 * <p>Every meter the services register is found in their sources (and service-support's): {@code registry.counter(
 * name, key, value...)}, {@code registry.timer/summary(...)} and {@code Counter/Timer/DistributionSummary/Gauge
 * .builder(name)...tag(key, ...)...register(...)}, the name a literal or a {@code static final String} constant. Many
 * counters are registered on first use (per outcome), so a freshly started service would not show them on a scrape;
 * the sources show them all. Each meter is then registered with its type, tags and histogram setting in Micrometer's
 * own {@link PrometheusMeterRegistry} (the simpleclient one, of the version the services' Quarkus extension runs), and the names and labels
 * come from that registry's scrape, so the Prometheus naming ({@code _total}, {@code _seconds_bucket},
 * {@code _max}...) is Micrometer's, not a copy of it.
 */
final class ExportedMetrics {

    /** The modules whose main sources register meters: the four services and what they all run. */
    static final List<String> MODULES = List.of("ingress-service", "routing-service", "handover-service", "bot-service",
            "service-support");

    /** A meter found in the sources. */
    record Meter(String type, String name, List<String> tagKeys, boolean histogram, String where) {
    }

    private static final Pattern REGISTRY_CALL = Pattern.compile("\\bregistry\\.(counter|timer|summary)\\(");
    private static final Pattern BUILDER = Pattern.compile("\\b(Counter|Timer|DistributionSummary|Gauge)\\.builder\\(");
    private static final Pattern CONSTANT = Pattern.compile(
            "static\\s+final\\s+String\\s+([A-Z][A-Z0-9_]*)\\s*=\\s*\"([^\"]+)\"\\s*;");
    private static final Pattern TAG = Pattern.compile("\\.tag\\(\\s*\"([^\"]+)\"");

    private ExportedMetrics() {
    }

    /** Every meter registered in the modules' main sources; fails on a registration whose name it cannot resolve. */
    static List<Meter> meters() {
        Map<Path, String> sources = new TreeMap<>();
        for (String module : MODULES) {
            Path dir = Repository.root().resolve(module).resolve("src/main/java");
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    sources.put(file, Files.readString(file));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        Map<String, String> constants = new HashMap<>();
        sources.values().forEach(source -> {
            Matcher m = CONSTANT.matcher(source);
            while (m.find()) {
                constants.merge(m.group(1), m.group(2), (a, b) -> a.equals(b) ? a : "?ambiguous");
            }
        });
        List<Meter> meters = new ArrayList<>();
        List<String> unresolved = new ArrayList<>();
        sources.forEach((file, source) -> {
            String where = Repository.root().relativize(file).toString();
            // The file's own constants first, then those of the other files (qualified, e.g. WebhookMetrics.LATENCY).
            Map<String, String> known = new HashMap<>(constants);
            Matcher local = CONSTANT.matcher(source);
            while (local.find()) {
                known.put(local.group(1), local.group(2));
            }
            Matcher call = REGISTRY_CALL.matcher(source);
            while (call.find()) {
                List<String> args = arguments(source, call.end());
                String name = args.isEmpty() ? null : resolve(args.get(0), known);
                if (name == null) {
                    unresolved.add(where + ": registry." + call.group(1) + "(" + String.join(", ", args) + ")");
                    continue;
                }
                List<String> keys = new ArrayList<>();
                for (int i = 1; i + 1 < args.size(); i += 2) {
                    String key = resolve(args.get(i), known);
                    if (key == null) {
                        unresolved.add(where + ": tag key " + args.get(i) + " of " + name);
                    } else {
                        keys.add(key);
                    }
                }
                String type = switch (call.group(1)) {
                    case "counter" -> "counter";
                    case "timer" -> "timer";
                    default -> "summary";
                };
                meters.add(new Meter(type, name, keys, false, where));
            }
            Matcher builder = BUILDER.matcher(source);
            while (builder.find()) {
                List<String> args = arguments(source, builder.end());
                String name = args.isEmpty() ? null : resolve(args.get(0), known);
                if (name == null) {
                    unresolved.add(where + ": " + builder.group(1) + ".builder(" + String.join(", ", args) + ")");
                    continue;
                }
                int register = source.indexOf(".register(", builder.end());
                if (register < 0) {
                    unresolved.add(where + ": " + builder.group(1) + ".builder(" + name + ") is never registered");
                    continue;
                }
                String chain = source.substring(builder.end(), register);
                List<String> keys = new ArrayList<>();
                Matcher tag = TAG.matcher(chain);
                while (tag.find()) {
                    keys.add(tag.group(1));
                }
                String type = switch (builder.group(1)) {
                    case "Counter" -> "counter";
                    case "Timer" -> "timer";
                    case "Gauge" -> "gauge";
                    default -> "summary";
                };
                meters.add(new Meter(type, name, keys, chain.contains(".publishPercentileHistogram("), where));
            }
        });
        if (!unresolved.isEmpty()) {
            throw new IllegalStateException("Meter registrations whose name or tags are not literals or constants: "
                    + unresolved);
        }
        return meters;
    }

    /** Metric name to label names, as a Prometheus scrape of the services shows them. */
    static Map<String, Set<String>> prometheusNames(List<Meter> meters) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        for (Meter meter : meters) {
            Tags tags = Tags.empty();
            for (String key : meter.tagKeys()) {
                tags = tags.and(key, "x");
            }
            switch (meter.type()) {
                case "counter" -> Counter.builder(meter.name()).tags(tags).register(registry).increment();
                case "timer" -> {
                    Timer.Builder timer = Timer.builder(meter.name()).tags(tags);
                    if (meter.histogram()) {
                        timer.publishPercentileHistogram();
                    }
                    timer.register(registry).record(java.time.Duration.ofMillis(5));
                }
                case "summary" -> {
                    DistributionSummary.Builder summary = DistributionSummary.builder(meter.name()).tags(tags);
                    if (meter.histogram()) {
                        summary.publishPercentileHistogram();
                    }
                    summary.register(registry).record(1);
                }
                case "gauge" -> Gauge.builder(meter.name(), () -> 1).tags(tags).register(registry);
                default -> throw new IllegalStateException(meter.type());
            }
        }
        Map<String, Set<String>> names = new TreeMap<>();
        Pattern sample = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{([^}]*)})?\\s");
        Pattern label = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"");
        for (String line : registry.scrape().split("\n")) {
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
        registry.close();
        return names;
    }

    private static String resolve(String argument, Map<String, String> constants) {
        String arg = argument.trim();
        if (arg.matches("\"[^\"]*\"")) {
            return arg.substring(1, arg.length() - 1);
        }
        String simple = arg.substring(arg.lastIndexOf('.') + 1);
        String value = constants.get(simple);
        return value == null || value.startsWith("?") ? null : value;
    }

    /** The top-level arguments of the call whose '(' ends just before {@code from}. */
    static List<String> arguments(String source, int from) {
        List<String> args = new ArrayList<>();
        int depth = 0;
        StringBuilder current = new StringBuilder();
        for (int i = from; i < source.length(); i++) {
            char c = source.charAt(i);
            if (c == '"') {
                int end = i + 1;
                while (source.charAt(end) != '"') {
                    end += source.charAt(end) == '\\' ? 2 : 1;
                }
                current.append(source, i, end + 1);
                i = end;
                continue;
            }
            if (c == '(' || c == '{' || c == '[') {
                depth++;
            } else if (c == ')' || c == '}' || c == ']') {
                if (depth == 0) {
                    if (!current.toString().isBlank()) {
                        args.add(current.toString().trim());
                    }
                    return args;
                }
                depth--;
            } else if (c == ',' && depth == 0) {
                args.add(current.toString().trim());
                current.setLength(0);
                continue;
            }
            current.append(c);
        }
        throw new IllegalStateException("Unclosed call at " + from);
    }
}
