package org.handover.benchmark;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.handover.contracts.Messenger;
import org.handover.contracts.Topics;
import org.handover.contracts.kafka.TopicProvisioner;
import org.handover.emulator.AppSpec;
import org.handover.emulator.EmulatorWorld;
import org.handover.emulator.MessengerEmulator;
import org.handover.emulator.PageSetup;
import org.handover.emulator.PageSpec;
import org.handover.harness.ConsumerGroups;
import org.handover.harness.Database;
import org.handover.harness.FreePorts;
import org.handover.harness.KafkaBroker;
import org.handover.harness.LocalDefaults;
import org.handover.harness.LogRouting;
import org.handover.harness.ServiceDefinition;
import org.handover.harness.ServiceProcess;
import org.handover.harness.Services;
import org.handover.harness.StackFolder;

/**
 * The system under load, started as the local stack and the end-to-end tests start it, but on free ports of its own
 * (so that it runs beside a local stack) and in a folder of its own: a KRaft broker and PostgreSQL, the Messenger
 * Platform emulator in this JVM, the four services as child processes from their fast-jars. The demo page is set up
 * as the product expects (our app Primary Receiver, the Page Inbox secondary) and its handover protocol activated.
 */
final class BenchStack implements AutoCloseable {

    static final String PAGE = "110000000000001";
    static final String OUR_APP = "220000000000002";
    private static final String APP_SECRET = "bench-app-secret";
    private static final String PAGE_TOKEN = "bench-page-token";
    private static final String VERIFY_TOKEN = "bench-verify-token";
    private static final String ADMIN_TOKEN = "bench-admin-token";
    /** The run's environment variable passed to bot-service (only) as its CONSUMER_CONCURRENCY. */
    static final String BOT_CONSUMER_CONCURRENCY = "BOT_CONSUMER_CONCURRENCY";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(300);

    private final Path root;
    private final StackFolder folder;
    private final Map<String, Integer> ports = new LinkedHashMap<>();
    private final List<ServiceProcess> services = new ArrayList<>();
    private KafkaBroker kafka;
    private Database database;
    private MessengerEmulator emulator;

    private final Map<String, Map<String, String>> extraEnvironment;

    private BenchStack(Path root, Path stateDir, Map<String, Map<String, String>> extraEnvironment) {
        this.root = root;
        this.folder = new StackFolder(stateDir);
        this.extraEnvironment = Map.copyOf(extraEnvironment);
    }

    /** Starts everything; returns once every service is ready and every consumer group owns its partitions. */
    static BenchStack start(Path root, Path stateDir, java.io.PrintStream out) {
        return start(root, stateDir, out, Map.of());
    }

    /**
     * Starts everything, {@code extraEnvironment} (by service name) added last to the environment of those services;
     * returns once every service is ready and every consumer group owns its partitions.
     */
    static BenchStack start(Path root, Path stateDir, java.io.PrintStream out,
            Map<String, Map<String, String>> extraEnvironment) {
        BenchStack stack = new BenchStack(root, stateDir, extraEnvironment);
        try {
            stack.startAll(out);
            return stack;
        } catch (RuntimeException | Error e) {
            stack.close();
            throw e;
        }
    }

    private void startAll(java.io.PrintStream out) {
        for (ServiceDefinition service : Services.ALL) {
            Path jar = service.jar(root);
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException("Missing " + jar + ": tools/benchmark/run builds the services first"
                        + " (or ./mvnw package -DskipTests -pl " + service.module() + " -am)");
            }
        }
        folder.wipe();
        folder.create();
        LogRouting.routeTo(folder.logs());
        List<String> names = new ArrayList<>(List.of("kafka", "kafka-controller", "postgres", "emulator"));
        Services.ALL.forEach(s -> names.add(s.name()));
        ports.putAll(FreePorts.pick(names));

        kafka = folder.startKafka(ports.get("kafka"), ports.get("kafka-controller"));
        TopicProvisioner.createMissing(kafka.bootstrapServers(), (short) 1);
        database = folder.startPostgres(ports.get("postgres"));
        out.printf("  broker at %s, PostgreSQL on port %d%n", kafka.bootstrapServers(), ports.get("postgres"));

        URI webhook = URI.create("http://localhost:" + ports.get("ingress-service") + Services.WEBHOOK_PATH);
        emulator = MessengerEmulator.create().load(world(webhook)).start(ports.get("emulator"));
        out.printf("  emulator at %s%n", emulator.baseUrl());

        for (ServiceDefinition definition : Services.ALL) {
            services.add(ServiceProcess.start(definition, ports.get(definition.name()), definition.jar(root), root,
                    environment(definition), folder.log(definition.name())));
        }
        long begin = System.nanoTime();
        ServiceProcess.awaitAllReady(services, READY_TIMEOUT, new ServiceProcess.ReadyWatcher() {
            @Override
            public void ready(ServiceProcess service) {
                out.printf("  %s ready after %d s%n", service.name(),
                        Duration.ofNanos(System.nanoTime() - begin).toSeconds());
            }

            @Override
            public String logsHint() {
                return "; logs in " + folder.logs();
            }
        });
        ConsumerGroups.awaitAssigned(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                Map.of("routing-service", List.of(Topics.WEBHOOK_RAW),
                        "handover-service", List.of(Topics.CONVERSATION_INBOUND, Topics.MESSENGER_OUTBOUND),
                        "bot-service", List.of(Topics.CONVERSATION_DECISIONS)),
                READY_TIMEOUT);
        activate();
        out.printf("  consumer groups assigned, demo page activated (logs in %s)%n", folder.logs());
    }

    private static EmulatorWorld world(URI webhook) {
        AppSpec ours = new AppSpec(OUR_APP, "Bot", APP_SECRET, webhook);
        PageSpec page = new PageSpec(PAGE, "Corner Bikes",
                new PageSetup.Legacy(OUR_APP, List.of(Messenger.PAGE_INBOX_APP_ID)),
                List.of(OUR_APP, Messenger.PAGE_INBOX_APP_ID), Map.of(OUR_APP, PAGE_TOKEN));
        return new EmulatorWorld(List.of(ours, AppSpec.pageInbox()), List.of(page));
    }

    private Map<String, String> environment(ServiceDefinition definition) {
        // the local stack's defaults (what a service needs to start at all), then this run's own values
        Map<String, String> env = new LinkedHashMap<>(LocalDefaults.of(root, definition.name(), Map.of()));
        env.put("QUARKUS_HTTP_PORT", Integer.toString(ports.get(definition.name())));
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        env.put("DATABASE_JDBC_URL", database.jdbcUrl());
        env.put("DATABASE_USERNAME", database.username());
        env.put("DATABASE_PASSWORD", database.password());
        env.put("MESSENGER_GRAPH_BASE_URL", emulator.baseUrl().toString());
        env.put("MESSENGER_APP_ID", OUR_APP);
        env.put("MESSENGER_APP_SECRETS", APP_SECRET);
        env.put("MESSENGER_VERIFY_TOKEN", VERIFY_TOKEN);
        env.put("ADMIN_TOKEN", ADMIN_TOKEN);
        env.put("MESSENGER_PAGE_TOKENS_" + PAGE, PAGE_TOKEN);
        // bot-service's lanes alone (CONSUMER_CONCURRENCY in the run's environment reaches every service)
        String botConcurrency = System.getenv(BOT_CONSUMER_CONCURRENCY);
        if ("bot-service".equals(definition.name()) && botConcurrency != null && !botConcurrency.isBlank()) {
            env.put("CONSUMER_CONCURRENCY", botConcurrency.trim());
        }
        env.putAll(extraEnvironment.getOrDefault(definition.name(), Map.of()));
        return env;
    }

    /** Activates the handover protocol on the page, as its admin does once. */
    private void activate() {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + ports.get("handover-service")
                        + "/admin/pages/" + PAGE + "/activate"))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + ADMIN_TOKEN)
                .POST(HttpRequest.BodyPublishers.noBody()).build();
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(request,
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("Activating the demo page answered " + response.statusCode());
            }
        } catch (IOException e) {
            throw new IllegalStateException("Activating the demo page failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    MessengerEmulator emulator() {
        return emulator;
    }

    /** handover-service's base URL (its admin API). */
    String handoverUrl() {
        return "http://localhost:" + ports.get("handover-service");
    }

    /** The admin API's token of this run. */
    String adminToken() {
        return ADMIN_TOKEN;
    }

    String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    List<ServiceProcess> services() {
        return List.copyOf(services);
    }

    /** PostgreSQL's postmaster, when the database is the embedded one. */
    Optional<ProcessHandle> postmaster() {
        return database.postmaster();
    }

    Path logs() {
        return folder.logs();
    }

    @Override
    public void close() {
        ServiceProcess.stopAll(services, Duration.ofSeconds(15));
        services.clear();
        if (emulator != null) {
            emulator.close();
            emulator = null;
        }
        if (database != null) {
            database.close();
            database = null;
        }
        if (kafka != null) {
            kafka.close();
            kafka = null;
        }
    }
}
