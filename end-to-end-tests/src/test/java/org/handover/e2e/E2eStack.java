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
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.TopicPartition;
import org.handover.contracts.Topics;
import org.handover.contracts.kafka.TopicProvisioner;
import org.handover.emulator.EmulatorWorld;
import org.handover.emulator.MessengerEmulator;
import org.handover.harness.ConsumerGroups;
import org.handover.harness.EmbeddedDatabase;
import org.handover.harness.EmbeddedKafka;
import org.handover.harness.FreePorts;
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
    /** handover-service's {@code bulletin.rate-per-page} here: a page's pace a test sees with a few dozen users. */
    static final int BULLETIN_RATE_PER_PAGE = 10;
    static final String VERIFY_TOKEN = "e2e-verify-token";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(240);

    /** The consumer groups of the pipeline and the topics whose every partition they must own. */
    private static final Map<String, List<String>> GROUPS = Map.of(
            "routing-service", List.of(Topics.WEBHOOK_RAW),
            "handover-service", List.of(Topics.CONVERSATION_INBOUND, Topics.MESSENGER_OUTBOUND,
                    Topics.BULLETIN_CLICKS),
            "bot-service", List.of(Topics.CONVERSATION_DECISIONS));

    private final Path root;
    private final StackFolder folder;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    /** Every service's replicas, replica 1 first; a service has one unless {@link #scale} gave it more. */
    private final Map<String, List<Replica>> replicas = new LinkedHashMap<>();
    private final Map<String, Integer> ports = new LinkedHashMap<>();
    /** How many members one replica of a service brings to its consumer group (one per channel of the group). */
    private final Map<String, Integer> membersPerReplica = new LinkedHashMap<>();
    private final Map<String, Map<String, String>> environments = new LinkedHashMap<>();
    private EmbeddedKafka kafka;
    private EmbeddedDatabase database;
    private MessengerEmulator emulator;
    /** Reads {@code conversation.inbound} on from where it stopped ({@link #classified}); opened on first use. */
    private KafkaConsumer<byte[], byte[]> inboundReader;
    /** Event id → class, of every event routing-service published to {@code conversation.inbound} so far. */
    private final Map<String, String> classes = new java.util.HashMap<>();

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
            environments.put(name, environment(definition, loaded));
            replicas.put(name, new ArrayList<>(List.of(launch(name, 1, ports.get(name)))));
        }
        awaitReady();
        awaitConsumersAssigned();
        ConsumerGroups.memberCounts(kafka.bootstrapServers(), List.copyOf(GROUPS.keySet()))
                .forEach(membersPerReplica::put);
    }

    private Replica launch(String service, int index, int port) {
        ServiceDefinition definition = Services.named(service);
        Map<String, String> env = new LinkedHashMap<>(environments.get(service));
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        String label = index == 1 ? service : service + "-" + index;
        return new Replica(service, index, ServiceProcess.start(definition, port, definition.jar(root), root, env,
                folder.log(label)));
    }

    /**
     * Runs {@code count} replicas of each of {@code services} (more than one for routing-, handover- and bot-service
     * only: Meta posts its webhooks to one ingress-service address), each on a port of its own, in the same consumer
     * groups; returns once they are ready and their groups have settled with every replica in them.
     */
    public void scale(int count, String... services) {
        List<ServiceProcess> added = new ArrayList<>();
        synchronized (this) {
            for (String service : services) {
                if (!GROUPS.containsKey(service)) {
                    throw new IllegalArgumentException(service + " runs once: Meta posts to one address");
                }
                List<Replica> running = replicas.get(service);
                while (running.size() < count) {
                    Replica replica = launch(service, running.size() + 1, FreePorts.pick(1)[0]);
                    running.add(replica);
                    added.add(replica.process());
                }
            }
        }
        ServiceProcess.awaitAllReady(added, READY_TIMEOUT, folder.logs());
        awaitConsumersAssigned();
    }

    /** How many replicas of {@code service} the stack runs (or restarts). */
    public synchronized int replicaCount(String service) {
        return replicas.get(service).size();
    }

    /**
     * Kills replica {@code index} (1 first) of {@code service} with SIGKILL, as a crash would, and returns once the
     * process is gone: nothing is committed, closed or said goodbye to.
     */
    public void kill(String service, int index) {
        ServiceProcess process = replica(service, index).process();
        process.kill();
        if (process.isAlive()) {
            throw new IllegalStateException(service + " replica " + index + " (pid " + process.pid()
                    + ") survived SIGKILL");
        }
    }

    /**
     * Stops the {@code stopping} replicas gracefully, all at once (SIGTERM to each, as Kubernetes does to the pods of a
     * rollout step), and returns once every one has exited, with how each went: how long it took, and whether its
     * readiness endpoint answered DOWN (503) after the signal before the process was gone (readiness fails first).
     * Fails when one takes longer than {@code grace} (the pod's grace period, after which it would be killed).
     */
    public List<GracefulStop> stopGracefully(List<ReplicaRef> stopping, Duration grace) {
        List<ServiceProcess> processes = stopping.stream().map(r -> replica(r.service(), r.index()).process())
                .toList();
        List<Thread> watchers = new ArrayList<>();
        List<GracefulStop> stops = new ArrayList<>();
        for (int i = 0; i < processes.size(); i++) {
            ServiceProcess process = processes.get(i);
            ReplicaRef ref = stopping.get(i);
            long signalled = System.nanoTime();
            process.requestStop();
            ReadinessWatch watch = new ReadinessWatch(process);
            Thread watcher = new Thread(watch, "readiness " + ref);
            watcher.setDaemon(true);
            watcher.start();
            watchers.add(watcher);
            stops.add(new GracefulStop(ref, signalled, watch));
        }
        List<GracefulStop> done = new ArrayList<>();
        for (int i = 0; i < processes.size(); i++) {
            ServiceProcess process = processes.get(i);
            GracefulStop stop = stops.get(i);
            if (!process.awaitExit(grace.minusNanos(System.nanoTime() - stop.signalledNanos()))) {
                throw new IllegalStateException(stop.replica() + " did not stop within " + grace.toSeconds()
                        + " s of SIGTERM; see " + process.log());
            }
            done.add(stop.exited(Duration.ofNanos(System.nanoTime() - stop.signalledNanos())));
        }
        for (Thread watcher : watchers) {
            try {
                watcher.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
        return done;
    }

    /** Starts replica {@code index} of {@code service} again after it ended, on its port, without waiting. */
    public synchronized void restart(String service, int index) {
        Replica replica = replica(service, index);
        replica.process = replica.process.restart();
    }

    /** Waits until every one of {@code replicas} answers ready. */
    public void awaitReady(List<ReplicaRef> replicas) {
        ServiceProcess.awaitAllReady(replicas.stream().map(r -> replica(r.service(), r.index()).process()).toList(),
                READY_TIMEOUT, folder.logs());
    }

    /** The log file of replica {@code index} of {@code service} (the same across restarts). */
    public Path log(String service, int index) {
        return replica(service, index).process().log();
    }

    /**
     * Waits until the stack is whole: every replica of every service ready, and every consumer group stable with
     * each replica in it and every partition owned (a killed member has left, a restarted one joined).
     */
    public void awaitWhole() {
        awaitReady();
        awaitConsumersAssigned();
    }

    /** The broker, which a drill may {@linkplain EmbeddedKafka#stop() stop} and start again on the same ports. */
    public EmbeddedKafka broker() {
        return kafka;
    }

    /** PostgreSQL, which a drill may {@linkplain EmbeddedDatabase#stop() stop} and start again on the same data. */
    public EmbeddedDatabase database() {
        return database;
    }

    private synchronized Replica replica(String service, int index) {
        List<Replica> running = replicas.get(service);
        if (running == null || index < 1 || index > running.size()) {
            throw new IllegalArgumentException(service + " has no replica " + index);
        }
        return running.get(index - 1);
    }

    private synchronized List<ServiceProcess> processes() {
        return replicas.values().stream().flatMap(List::stream).map(Replica::process).toList();
    }

    /**
     * Waits until every consumer group of the pipeline is stable, owns every partition of the topics it reads and
     * has every replica in it. Ready services may still be joining their groups; a test that starts then sees the
     * first seconds' events wait, which measures a rebalance, not the system.
     */
    private void awaitConsumersAssigned() {
        Map<String, Integer> members = new LinkedHashMap<>();
        membersPerReplica.forEach((group, perReplica) -> members.put(group, perReplica * replicaCount(group)));
        ConsumerGroups.awaitAssigned(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                GROUPS, members, READY_TIMEOUT);
    }

    private Map<String, String> environment(ServiceDefinition definition, EmulatorWorld world) {
        // the local stack's own defaults first (what a service needs to start at all), then this test's values
        Map<String, String> env = new LinkedHashMap<>(LocalDefaults.of(root, definition.name(), Map.of()));
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
        if ("bot-service".equals(definition.name())) {
            env.put("BOT_CATALOG_DIR", demoCatalogs().toString());
            // guided answers' tracked links (where a catalog chose them) point at this stack's ingress-service too
            env.put("TRACKING_BASE_URL", "http://localhost:" + ports.get("ingress-service") + "/l/");
        }
        if ("handover-service".equals(definition.name())) {
            // bulletins' links point at this stack's ingress-service (its free port), which the emulator's user opens
            env.put("TRACKING_BASE_URL", "http://localhost:" + ports.get("ingress-service") + "/l/");
            // bulletins at a page's pace a test can see with a few dozen users (200 a second by default)
            env.put("BULLETIN_RATE_PER_PAGE", Integer.toString(BULLETIN_RATE_PER_PAGE));
        }
        return env;
    }

    /** A folder with both demo pages' catalogs, which bot-service seeds at start (and publishes to routing). */
    private Path demoCatalogs() {
        Path dir = root.resolve("end-to-end-tests/target/e2e-catalogs");
        try {
            Files.createDirectories(dir);
            for (DemoPage demo : DemoPage.both()) {
                Path file = demo.catalogFile(root);
                Files.copy(file, dir.resolve(file.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot gather the demo catalogs", e);
        }
        return dir;
    }

    private void awaitReady() {
        ServiceProcess.awaitAllReady(processes(), READY_TIMEOUT, folder.logs());
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

    /**
     * Base URL of a service, e.g. {@code http://localhost:41234}: of its first replica that runs (a drill may have
     * killed replica 1).
     */
    public synchronized String url(String service) {
        List<Replica> running = replicas.get(service);
        ServiceProcess process = running.stream().map(Replica::process).filter(ServiceProcess::isAlive).findFirst()
                .orElse(running.get(0).process());
        return process.baseUrl();
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

    /**
     * Of {@code eventIds}, the ones routing-service has classified and published to {@code conversation.inbound},
     * with their class ({@code NOISE}, {@code FREE_TEXT}, ...). Reads the topic on from where the last call stopped,
     * up to its end now. What handover-service makes of an <em>inert</em> event (a like or sticker alone, a delivery,
     * our own echo: {@code NOISE}, {@code UNKNOWN}) leaves no row at all, so that record is the last trace such an
     * event leaves.
     */
    public synchronized Map<String, String> classified(Set<String> eventIds) {
        if (inboundReader == null) {
            inboundReader = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                    ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false, ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                    "earliest"), new ByteArrayDeserializer(), new ByteArrayDeserializer());
            List<TopicPartition> partitions = inboundReader.partitionsFor(Topics.CONVERSATION_INBOUND).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            inboundReader.assign(partitions);
            inboundReader.seekToBeginning(partitions);
        }
        Map<TopicPartition, Long> ends = inboundReader.endOffsets(inboundReader.assignment());
        while (ends.entrySet().stream().anyMatch(e -> inboundReader.position(e.getKey()) < e.getValue())) {
            for (ConsumerRecord<byte[], byte[]> record : inboundReader.poll(Duration.ofMillis(200))) {
                if (record.value() == null) {
                    continue;
                }
                try {
                    JsonNode event = JSON.readTree(record.value());
                    if (event.hasNonNull("eventId")) {
                        classes.put(event.get("eventId").asText(), event.path("eventClass").asText());
                    }
                } catch (IOException e) {
                    // not an inbound event: nothing to learn from it
                }
            }
        }
        Map<String, String> found = new TreeMap<>();
        eventIds.forEach(id -> {
            String eventClass = classes.get(id);
            if (eventClass != null) {
                found.put(id, eventClass);
            }
        });
        return found;
    }

    /**
     * How many records the dead-letter topics hold, by topic (each has one partition, so its end offset): a drill
     * compares them before and after, since a transient failure must never dead-letter a record.
     */
    public Map<String, Long> deadLetters() {
        Map<TopicPartition, OffsetSpec> ends = new LinkedHashMap<>();
        Topics.CONSUMED.forEach(topic -> ends.put(new TopicPartition(Topics.deadLetter(topic), 0), OffsetSpec.latest()));
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            Map<String, Long> counts = new TreeMap<>();
            admin.listOffsets(ends).all().get(30, TimeUnit.SECONDS)
                    .forEach((partition, info) -> counts.put(partition.topic(), info.offset()));
            return counts;
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot read the ends of the dead-letter topics", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Stops the services, the emulator, PostgreSQL and Kafka; safe to call twice. */
    @Override
    public void close() {
        ServiceProcess.stopAll(processes(), Duration.ofSeconds(15));
        replicas.clear();
        synchronized (this) {
            if (inboundReader != null) {
                inboundReader.close();
                inboundReader = null;
            }
        }
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

    /** One copy of a service: its port and log file stay the same across restarts, its process changes. */
    private static final class Replica {
        private final String service;
        private final int index;
        private volatile ServiceProcess process;

        Replica(String service, int index, ServiceProcess process) {
            this.service = service;
            this.index = index;
            this.process = process;
        }

        ServiceProcess process() {
            return process;
        }

        @Override
        public String toString() {
            return service + " replica " + index;
        }
    }

    /** One replica of a service: its name and its number, 1 first. */
    public record ReplicaRef(String service, int index) {
        @Override
        public String toString() {
            return service + " replica " + index;
        }
    }

    /**
     * How a graceful stop went.
     *
     * @param replica        the replica stopped
     * @param signalledNanos when SIGTERM was sent ({@link System#nanoTime()})
     * @param took           from SIGTERM to the process's exit (null while it runs)
     * @param readiness      what its readiness endpoint answered meanwhile
     */
    public record GracefulStop(ReplicaRef replica, long signalledNanos, Duration took, ReadinessWatch readiness) {

        GracefulStop(ReplicaRef replica, long signalledNanos, ReadinessWatch readiness) {
            this(replica, signalledNanos, null, readiness);
        }

        GracefulStop exited(Duration after) {
            return new GracefulStop(replica, signalledNanos, after, readiness);
        }

        /** Whether readiness answered DOWN (503) after SIGTERM, before the service stopped answering at all. */
        public boolean readinessFailedFirst() {
            return readiness.downBeforeGone();
        }
    }

    /**
     * Asks a stopping service's readiness every 50 ms until the process has exited: whether it answered DOWN (not
     * ready) before it stopped answering.
     */
    public static final class ReadinessWatch implements Runnable {
        private final ServiceProcess process;
        private final org.handover.harness.ReadinessProbe probe = new org.handover.harness.ReadinessProbe();
        private volatile boolean down;
        private volatile boolean readyAfterDown;
        private volatile boolean goneBeforeDown;

        ReadinessWatch(ServiceProcess process) {
            this.process = process;
        }

        @Override
        public void run() {
            while (process.isAlive()) {
                switch (probe.check(process.readinessUri())) {
                    case NOT_READY -> down = true;
                    case READY -> readyAfterDown |= down;
                    case UNREACHABLE -> goneBeforeDown |= !down && process.isAlive();
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        /** DOWN seen, never READY after it, and never unreachable before it while the process still ran. */
        boolean downBeforeGone() {
            return down && !readyAfterDown && !goneBeforeDown;
        }
    }

    /** An answer of an admin API. */
    public record Response(int status, JsonNode body) {
    }
}
