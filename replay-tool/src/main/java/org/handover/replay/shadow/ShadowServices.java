package org.handover.replay.shadow;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.handover.contracts.Topics;
import org.handover.harness.ConsumerGroups;
import org.handover.harness.Database;
import org.handover.harness.FreePorts;
import org.handover.harness.LocalDefaults;
import org.handover.harness.ServiceDefinition;
import org.handover.harness.ServiceProcess;
import org.handover.harness.Services;

/**
 * routing-service, handover-service and bot-service, started from the same jars as production, in shadow mode: their
 * topics and consumer groups carry the replay's prefix, their database is the replay's own, handover-service makes no
 * Graph API call and bot-service no Send API call. As a second guard they are given a Graph API address where nothing
 * listens and no real token, so a shadow mode that failed to engage could still reach nobody.
 */
public final class ShadowServices implements AutoCloseable {

    /** Where the shadow services' Graph API calls would go: the discard port of this machine; nothing answers. */
    static final String NOWHERE = "http://127.0.0.1:9/shadow-mode-never-calls-meta";

    private static final List<String> NAMES = List.of("routing-service", "handover-service", "bot-service");
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(180);

    private final List<ServiceProcess> processes = new ArrayList<>();
    private final Map<String, String> baseUrls = new LinkedHashMap<>();
    private final String adminToken = randomToken();

    ShadowServices() {
    }

    /**
     * Starts the three services and waits until they are ready and their consumer groups own their partitions. What has
     * started is stopped by {@link #close()}, also when starting fails midway.
     *
     * @param repoRoot     the repository, whose modules hold the built service jars
     * @param workDir      where each service's working folder and log go
     * @param prefix       the topic namespace prefix
     * @param kafkaConfig  the Kafka client configuration (bootstrap servers, TLS, SASL...)
     * @param database     the replay's own database
     * @param appId        our app id, as production runs it (thread-control signals are judged against it)
     * @param pageId       the replayed page (given a placeholder token that nothing ever uses)
     */
    void startAll(Path repoRoot, Path workDir, String prefix, Map<String, Object> kafkaConfig,
            Database database, String appId, String pageId, PrintStream out, Progress progress) {
        List<ServiceDefinition> definitions = Services.ALL.stream()
                .filter(d -> NAMES.contains(d.name())).toList();
        for (ServiceDefinition definition : definitions) {
            Path jar = definition.jar(repoRoot);
            if (!Files.isRegularFile(jar)) {
                throw new ReplayException(jar + " is missing: build the services first (replay-tool/replay builds "
                        + "them when they are missing; or ./mvnw package -DskipTests -pl " + definition.module()
                        + " -am)");
            }
        }
        progress.say("starting the shadow services %s (first start takes a while)",
                definitions.stream().map(ServiceDefinition::name).collect(Collectors.joining(", ")));
        for (ServiceDefinition definition : definitions) {
            int port = FreePorts.pick(1)[0];
            Path dir = workDir.resolve(definition.name());
            writeKafkaConfig(dir, kafkaConfig);
            Map<String, String> env = environment(repoRoot, definition, port, prefix, kafkaConfig, database, appId,
                    pageId);
            ServiceProcess process = ServiceProcess.start(definition, port, definition.jar(repoRoot), dir, env,
                    workDir.resolve(definition.name() + ".log"));
            processes.add(process);
            baseUrls.put(definition.name(), process.baseUrl());
        }
        out.println("Shadow services started: " + processes.stream()
                .map(p -> p.name() + " (pid " + p.pid() + ", " + p.baseUrl() + ")").collect(Collectors.joining(", ")));
        int[] ready = {0};
        try {
            ServiceProcess.awaitAllReady(processes, READY_TIMEOUT, new ServiceProcess.ReadyWatcher() {
                @Override
                public void ready(ServiceProcess service) {
                    progress.say("shadow %s ready (%d of %d)", service.name(), ++ready[0], processes.size());
                }

                @Override
                public String logsHint() {
                    return "; logs in " + workDir;
                }
            });
        } catch (IllegalStateException e) {
            throw new ReplayException("shadow " + e.getMessage(), e);
        }
        progress.say("waiting until the shadow consumer groups own their partitions");
        ConsumerGroups.awaitAssigned(kafkaConfig, consumedTopics(prefix), READY_TIMEOUT);
        progress.say("shadow services ready and consuming");
    }

    /** Per consumer group of the shadow services, the topics it reads. */
    static Map<String, List<String>> consumedTopics(String prefix) {
        return Map.of(
                prefix + "routing-service", List.of(prefix + Topics.WEBHOOK_RAW),
                prefix + "handover-service", List.of(prefix + Topics.CONVERSATION_INBOUND,
                        prefix + Topics.MESSENGER_OUTBOUND),
                prefix + "bot-service", List.of(prefix + Topics.CONVERSATION_DECISIONS));
    }

    private Map<String, String> environment(Path repoRoot, ServiceDefinition definition, int port, String prefix,
            Map<String, Object> kafkaConfig, Database database, String appId, String pageId) {
        // what a service needs to start at all (the local stack's settings), then the shadow's own
        Map<String, String> env = new LinkedHashMap<>(LocalDefaults.of(repoRoot, definition.name(), Map.of()));
        // no token of any real page may reach a shadow service
        env.keySet().removeIf(name -> name.startsWith("MESSENGER_PAGE_TOKENS_"));
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        env.put("KAFKA_BOOTSTRAP_SERVERS", String.valueOf(kafkaConfig.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG)));
        env.put("TOPIC_PREFIX", prefix);
        env.put("HANDOVER_SHADOW_MODE", "true");
        env.put("BOT_SHADOW_MODE", "true");
        // one record at a time: the replay feeds one raw event and waits for it to settle, and the shadow services'
        // event-time clock must move in the order the events were recorded, not in whatever order parallel lanes end
        env.put("CONSUMER_CONCURRENCY", "1");
        env.put("MESSENGER_GRAPH_BASE_URL", NOWHERE);
        env.put("MESSENGER_APP_ID", appId);
        env.put("ADMIN_TOKEN", adminToken);
        env.put("MESSENGER_PAGE_TOKENS_" + pageId, "shadow-mode-placeholder-not-a-token");
        if (definition.needs(ServiceDefinition.Need.DATABASE)) {
            env.put("DATABASE_JDBC_URL", database.jdbcUrl());
            env.put("DATABASE_USERNAME", database.username());
            env.put("DATABASE_PASSWORD", database.password());
        }
        return env;
    }

    /**
     * The Kafka client settings other than the bootstrap servers (TLS, SASL...) go to the service as
     * {@code config/application.properties} in its working folder, which Quarkus reads, readable by the owner only:
     * secrets in them stay off the command line and out of the environment.
     */
    private static void writeKafkaConfig(Path dir, Map<String, Object> kafkaConfig) {
        try {
            Path config = dir.resolve("config");
            Files.createDirectories(config);
            StringBuilder lines = new StringBuilder("# Kafka client settings of the replay (from --kafka-config)\n");
            kafkaConfig.forEach((name, value) -> {
                if (!CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG.equals(name)
                        && !ConsumerConfig.AUTO_COMMIT_INTERVAL_MS_CONFIG.equals(name)) {
                    lines.append("kafka.").append(name).append('=')
                            .append(String.valueOf(value).replace("\\", "\\\\").replace("\n", "\\n")).append('\n');
                }
            });
            // The replay knows a service is done with a record when its group has committed it (Settler): commit
            // every 100 ms rather than every 5 s, so that feeding the next event waits no longer than it must.
            lines.append("kafka.").append(ConsumerConfig.AUTO_COMMIT_INTERVAL_MS_CONFIG).append("=100\n");
            Path file = config.resolve("application.properties");
            Files.writeString(file, lines.toString());
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: the folder's permissions apply
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the Kafka settings of a shadow service in " + dir, e);
        }
    }


    public String baseUrl(String service) {
        return baseUrls.get(service);
    }

    /** The admin token of the shadow services' admin APIs, made up for this replay. */
    public String adminToken() {
        return adminToken;
    }

    /** Stops the services gracefully (SIGTERM), then kills what is left. */
    @Override
    public void close() {
        ServiceProcess.stopAll(processes, Duration.ofSeconds(20));
        processes.clear();
    }

    private static String randomToken() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
