package org.handover.deploy.k8s;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What a service reads, taken from its own files so that it stays true as the services change: the properties of
 * {@code src/main/resources/application.properties} (as the {@code prod} profile sees them), the environment
 * variables they reference, the {@code @ConfigMapping} / {@code @ConfigProperty} names in its sources (and those of
 * {@code service-support}, which every service runs), and its Kafka channels.
 */
final class ServiceConfig {

    private static final Pattern ENV_REFERENCE = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(:[^}]*)?}");
    private static final Pattern CONFIG_MAPPING = Pattern.compile("@ConfigMapping\\s*\\(\\s*prefix\\s*=\\s*\"([^\"]+)\"");
    private static final Pattern CONFIG_PROPERTY = Pattern.compile("@ConfigProperty\\s*\\(\\s*name\\s*=\\s*\"([^\"]+)\"");
    private static final Pattern MAPPING_METHOD = Pattern.compile(
            "(?:@WithName\\(\\s*\"([^\"]+)\"\\s*\\)\\s*)?(?:@\\w+(?:\\([^)]*\\))?\\s*)*[\\w.<>,? ]+\\s+(\\w+)\\(\\)\\s*;");
    private static final Pattern CAMEL_HUMP = Pattern.compile("(?<=[a-z0-9])(?=[A-Z])");

    /** An incoming or outgoing channel: its topic, and for incoming ones the group and dead-letter topic. */
    record Channel(String name, boolean incoming, String topic, String groupId, String deadLetterTopic) {
    }

    private final String name;
    private final Map<String, String> prod;
    private final Set<String> envReferences;
    private final Set<String> requiredEnv;
    private final Set<String> propertyEnvNames;
    private final Set<String> envPrefixes;

    ServiceConfig(String name, String applicationProperties, List<String> javaSources) {
        this.name = name;
        Properties raw = new Properties();
        try (Reader reader = new StringReader(applicationProperties)) {
            raw.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> effective = new LinkedHashMap<>();
        Set<String> references = new TreeSet<>();
        Set<String> propertyNames = new TreeSet<>();
        for (String key : new TreeSet<>(raw.stringPropertyNames())) {
            String value = raw.getProperty(key);
            Matcher m = ENV_REFERENCE.matcher(value);
            while (m.find()) {
                references.add(m.group(1));
            }
            String property = key.startsWith("%") ? key.substring(key.indexOf('.') + 1) : key;
            propertyNames.add(envName(property));
            if (!key.startsWith("%")) {
                effective.putIfAbsent(property, value);
            } else if (key.startsWith("%prod.")) {
                effective.put(property, value);
            }
        }
        Set<String> required = new TreeSet<>();
        for (String value : effective.values()) {
            Matcher m = ENV_REFERENCE.matcher(value);
            while (m.find()) {
                if (m.group(2) == null) {
                    required.add(m.group(1));
                }
            }
        }
        Set<String> prefixes = new TreeSet<>();
        for (String source : javaSources) {
            Matcher property = CONFIG_PROPERTY.matcher(source);
            while (property.find()) {
                propertyNames.add(envName(property.group(1)));
            }
            Matcher mapping = CONFIG_MAPPING.matcher(source);
            if (!mapping.find()) {
                continue;
            }
            String prefix = mapping.group(1);
            Matcher method = MAPPING_METHOD.matcher(source.substring(mapping.end()));
            while (method.find()) {
                String member = method.group(1) != null ? method.group(1) : kebab(method.group(2));
                // A member may be a map or a group: its own name, and anything below it.
                propertyNames.add(envName(prefix + "." + member));
                prefixes.add(envName(prefix + "." + member) + "_");
            }
        }
        this.prod = Map.copyOf(effective);
        this.envReferences = Set.copyOf(references);
        this.requiredEnv = Set.copyOf(required);
        this.propertyEnvNames = Set.copyOf(propertyNames);
        this.envPrefixes = Set.copyOf(prefixes);
    }

    /** Reads the service module named like its Deployment, with the shared library every service runs. */
    static ServiceConfig of(String service) {
        Path module = Repository.service(service);
        Path properties = module.resolve("src/main/resources/application.properties");
        try (Stream<Path> own = Files.walk(module.resolve("src/main/java"));
                Stream<Path> shared = Files.walk(Repository.root().resolve("service-support/src/main/java"))) {
            List<String> sources = new ArrayList<>();
            for (Path file : Stream.concat(own, shared).filter(p -> p.toString().endsWith(".java")).toList()) {
                sources.add(Files.readString(file));
            }
            return new ServiceConfig(service, Files.readString(properties), sources);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the configuration of " + service, e);
        }
    }

    /** SmallRye Config's environment form of a property: non-alphanumerics become {@code _}, upper case. */
    static String envName(String property) {
        return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    private static String kebab(String method) {
        return CAMEL_HUMP.matcher(method).replaceAll("-").toLowerCase(Locale.ROOT);
    }

    String name() {
        return name;
    }

    /** The value the prod profile sees, before expansion ({@code %prod.x} over {@code x}). */
    String prod(String property) {
        return prod.get(property);
    }

    /** Environment variables referenced as {@code ${NAME}} or {@code ${NAME:default}} in any profile. */
    Set<String> envReferences() {
        return envReferences;
    }

    /** Environment variables that the prod profile needs and that have no default. */
    Set<String> requiredEnv() {
        return requiredEnv;
    }

    /** Whether the service reads this environment variable through its properties or typed configuration. */
    boolean reads(String env) {
        return envReferences.contains(env) || propertyEnvNames.contains(env)
                || envPrefixes.stream().anyMatch(env::startsWith);
    }

    /** {@code value} with every {@code ${NAME:default}} replaced by its default; other expressions kept. */
    static String withDefaults(String value) {
        if (value == null) {
            return null;
        }
        Matcher m = ENV_REFERENCE.matcher(value);
        StringBuilder expanded = new StringBuilder();
        while (m.find()) {
            String replacement = m.group(2) == null ? m.group() : m.group(2).substring(1);
            m.appendReplacement(expanded, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(expanded);
        return expanded.toString();
    }

    /** Whether a whole family of variables (e.g. {@code MESSENGER_PAGE_TOKENS_}) is read by a typed map. */
    boolean readsPrefix(String envPrefix) {
        return envPrefixes.contains(envPrefix);
    }

    /**
     * The Kafka channels, as the prod profile configures them (SmallRye defaults filled in) and as the Deployments
     * run them: a variable reference with a default (e.g. {@code ${TOPIC_PREFIX:}}, the topic namespace, unset in
     * production) is read as its default.
     */
    List<Channel> channels() {
        Set<String> names = new LinkedHashSet<>();
        Pattern channel = Pattern.compile("mp\\.messaging\\.(incoming|outgoing)\\.([^.]+)\\..*");
        for (String property : new TreeSet<>(prod.keySet())) {
            Matcher m = channel.matcher(property);
            if (m.matches()) {
                names.add(m.group(1) + ":" + m.group(2));
            }
        }
        List<Channel> channels = new ArrayList<>();
        for (String entry : names) {
            boolean incoming = entry.startsWith("incoming:");
            String channelName = entry.substring(entry.indexOf(':') + 1);
            String base = "mp.messaging." + (incoming ? "incoming." : "outgoing.") + channelName + ".";
            String topic = withDefaults(prod.getOrDefault(base + "topic", channelName));
            String group = null;
            String deadLetter = null;
            if (incoming) {
                group = withDefaults(prod.getOrDefault(base + "group.id", prod.get("quarkus.application.name")));
                if ("dead-letter-queue".equals(prod.get(base + "failure-strategy"))) {
                    deadLetter = withDefaults(prod.getOrDefault(base + "dead-letter-queue.topic",
                            "dead-letter-topic-" + channelName));
                }
            }
            channels.add(new Channel(channelName, incoming, topic, group, deadLetter));
        }
        return channels;
    }
}
