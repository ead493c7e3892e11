package org.handover.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.handover.contracts.Topics;
import org.handover.contracts.kafka.TopicProvisioner;
import org.handover.emulator.EmulatorWorld;
import org.handover.emulator.MessengerEmulator;
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
 * The whole system for the end-to-end tests, started the way {@code stack up} starts it: a KRaft broker and PostgreSQL
 * in this JVM's control, the four services as child processes from their fast-jars, and the Messenger Platform
 * emulator in this JVM, which the services call as the Graph API and which signs and posts Meta's webhooks to
 * ingress-service. Ports are free ones; state and logs live in a temporary folder that is kept when a test fails, so
 * that the logs can be read.
 */
public final class E2eStack implements AutoCloseable {

    /** The four services, in start order. */
    static final List<String> SERVICE_NAMES = List.of("ingress-service", "routing-service", "handover-service",
            "bot-service");

    static final String ADMIN_TOKEN = "e2e-admin-token";
    static final String APP_SECRET = "e2e-app-secret";
    static final String VERIFY_TOKEN = "e2e-verify-token";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(240);

    private final Path root;
    private final StackFolder folder;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final List<ServiceProcess> services = new ArrayList<>();
    private final Map<String, Integer> ports = new LinkedHashMap<>();
    private KafkaBroker kafka;
    private Database database;
    private MessengerEmulator emulator;

    private E2eStack(Path root, Path stateDir) {
        this.root = root;
        this.folder = new StackFolder(stateDir);
    }

    /** Starts everything with {@code world} loaded into the emulator; returns once every service is ready. */
    public static E2eStack start(Path root, Path stateDir, java.util.function.Function<URI, EmulatorWorld> world) {
        E2eStack stack = new E2eStack(root, stateDir);
        try {
            stack.startAll(world);
            return stack;
        } catch (RuntimeException | Error e) {
            stack.close();
            throw e;
        }
    }

    private void startAll(java.util.function.Function<URI, EmulatorWorld> world) {
        // every run starts from nothing: no topic, offset or row of an earlier run may explain a result
        folder.wipe();
        folder.create();
        LogRouting.routeTo(folder.logs());
        List<String> names = new ArrayList<>(List.of("kafka", "kafka-controller", "postgres", "emulator"));
        names.addAll(SERVICE_NAMES);
        ports.putAll(FreePorts.pick(names));

        kafka = folder.startKafka(ports.get("kafka"), ports.get("kafka-controller"));
        TopicProvisioner.createMissing(kafka.bootstrapServers(), (short) 1);
        database = folder.startPostgres(ports.get("postgres"));

        URI webhook = URI.create("http://localhost:" + ports.get("ingress-service") + Services.WEBHOOK_PATH);
        EmulatorWorld loaded = world.apply(webhook);
        emulator = MessengerEmulator.create().load(loaded).start(ports.get("emulator"));

        for (String name : SERVICE_NAMES) {
            ServiceDefinition definition = Services.named(name);
            Path jar = definition.jar(root);
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException("Missing " + jar + ": build the services first (`./mvnw verify` "
                        + "packages them before this module; alone: `./mvnw install -DskipTests`)");
            }
            services.add(ServiceProcess.start(definition, ports.get(name), jar, root,
                    environment(definition, loaded), folder.log(name)));
        }
        awaitReady();
        awaitConsumersAssigned();
    }

    /**
     * Waits until every consumer group of the pipeline is stable and owns every partition of the topics it reads.
     * Ready services may still be joining their groups; a test that starts then sees the first seconds' events wait,
     * which measures a rebalance, not the system.
     */
    private void awaitConsumersAssigned() {
        ConsumerGroups.awaitAssigned(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                Map.of("routing-service", List.of(Topics.WEBHOOK_RAW),
                        "handover-service", List.of(Topics.CONVERSATION_INBOUND, Topics.MESSENGER_OUTBOUND),
                        "bot-service", List.of(Topics.CONVERSATION_DECISIONS)),
                READY_TIMEOUT);
    }

    private Map<String, String> environment(ServiceDefinition definition, EmulatorWorld world) {
        // the local stack's own defaults first (what a service needs to start at all), then this test's values
        Map<String, String> env = new LinkedHashMap<>(LocalDefaults.of(root, definition.name(), Map.of()));
        env.put("QUARKUS_HTTP_PORT", Integer.toString(ports.get(definition.name())));
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        env.put("DATABASE_JDBC_URL", database.jdbcUrl());
        env.put("DATABASE_USERNAME", database.username());
        env.put("DATABASE_PASSWORD", database.password());
        env.put("MESSENGER_GRAPH_BASE_URL", emulator.baseUrl().toString());
        env.put("MESSENGER_APP_ID", World.OUR_APP);
        env.put("MESSENGER_APP_SECRETS", APP_SECRET);
        env.put("MESSENGER_VERIFY_TOKEN", VERIFY_TOKEN);
        env.put("ADMIN_TOKEN", ADMIN_TOKEN);
        World.pagesOutsideMessenger().forEach(page -> env.put("MESSENGER_PAGE_TOKENS_" + page, World.token(page)));
        world.pages().forEach(page -> {
            String token = page.tokens().get(World.OUR_APP);
            if (token != null) {
                env.put("MESSENGER_PAGE_TOKENS_" + page.id(), token);
            }
        });
        return env;
    }

    private void awaitReady() {
        ServiceProcess.awaitAllReady(services, READY_TIMEOUT, folder.logs());
    }

    public MessengerEmulator emulator() {
        return emulator;
    }

    public Path logs() {
        return folder.logs();
    }

    /** The repository root, whose modules hold the service jars. */
    public Path root() {
        return root;
    }

    /** The broker's bootstrap servers. */
    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    /** Base URL of a service, e.g. {@code http://localhost:41234}. */
    public String url(String service) {
        return "http://localhost:" + ports.get(service);
    }

    /** A call to a service's admin API with the admin token; returns the status and the JSON body. */
    public Response admin(String method, String service, String path, Object body) {
        HttpRequest.BodyPublisher publisher;
        try {
            publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(url(service) + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + ADMIN_TOKEN)
                .header("Content-Type", "application/json")
                .method(method, publisher)
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode json = response.body() == null || response.body().isBlank() ? JSON.nullNode()
                    : JSON.readTree(response.body());
            return new Response(response.statusCode(), json);
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Which of {@code eventIds} handover-service has recorded as processed (its dedupe table). */
    public Set<String> processedEvents(Set<String> eventIds) {
        Set<String> found = new HashSet<>();
        try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.username(),
                database.password());
                PreparedStatement query = connection.prepareStatement(
                        "select event_id from processed_event where event_id = any (?)")) {
            query.setArray(1, connection.createArrayOf("varchar", eventIds.toArray()));
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    found.add(rows.getString(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read handover-service's processed events", e);
        }
        return found;
    }

    /** Stops the services, the emulator, PostgreSQL and Kafka; safe to call twice. */
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

    /** An answer of an admin API. */
    public record Response(int status, JsonNode body) {
    }
}
