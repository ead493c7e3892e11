package org.handover.replay.shadow;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.awaitility.core.ConditionTimeoutException;
import org.handover.contracts.ContractJson;
import org.handover.contracts.SourceRef;
import org.handover.contracts.Topics;
import org.handover.contracts.kafka.TopicProvisioner;
import org.handover.harness.Database;
import org.handover.harness.FreePorts;
import org.handover.harness.Waits;
import org.handover.replay.shadow.ReplayOptions.HandoverSwitch;
import org.handover.replay.timeline.Stage;
import org.handover.replay.timeline.Timeline;
import org.handover.replay.timeline.TimelineQuery;
import org.handover.replay.timeline.TimelineReader;

/**
 * Runs a slice of a conversation's raw events again through the real services in shadow mode and lines up what they
 * decide with what happened.
 *
 * <p>In order: read the recorded timeline and the raw slice; create the replay's topics under its own namespace
 * (refusing a namespace that exists); start a throwaway database and the shadow services; give them the page's
 * settings and catalog (copied from production, or from files, changed as asked); feed the raw records one at a time,
 * each after the services settled on the one before; read the replay's timeline; compare; remove the replay's topics
 * and consumer groups unless asked to keep them.
 */
public final class Replay {

    /** Header on each fed copy: where the original is ({@code topic/partition/offset}). */
    public static final String REPLAY_OF_HEADER = "mh-replay-of";

    private static final Duration CLASSIFIED_TIMEOUT = Duration.ofSeconds(30);

    private final ReplayOptions options;
    private final PrintStream out;
    private final Progress progress;
    private final AdminHttp http = new AdminHttp();

    public Replay(ReplayOptions options, PrintStream out) {
        this(options, out, new Progress(null));
    }

    /**
     * A replay that reports what it is waiting for (the shadow services starting and ready, each event fed) on
     * {@code progress}, the terminal's stderr, so that the report on {@code out} stays as it is (and {@code --json}
     * parseable).
     */
    public Replay(ReplayOptions options, PrintStream out, Progress progress) {
        this.options = options;
        this.out = out;
        this.progress = progress;
    }

    /** What a replay found. */
    public record Result(String namespace, Timeline recorded, Timeline replayed, Comparison comparison,
            long sentInShadow) {
    }

    /** Replays into the replay's namespace; see the class comment. */
    public Result run() {
        TimelineQuery query = options.query();
        Timeline recorded;
        List<ConsumerRecord<byte[], byte[]>> slice = new ArrayList<>();
        progress.say("reading the timeline of %s", query.key());
        try (TimelineReader reader = new TimelineReader(options.kafka(), options.showText())) {
            recorded = reader.read(query, slice);
        }
        if (slice.isEmpty()) {
            throw new ReplayException("no raw event of " + query.key() + " between " + query.from() + " and "
                    + query.to() + ": nothing to replay"
                    + (recorded.notes().isEmpty() ? "" : " (" + String.join("; ", recorded.notes()) + ")"));
        }
        String prefix = options.prefix();
        JsonNode settings = settings();
        String catalog = catalog();
        out.printf("Replaying %d raw events of %s into namespace %s (handover %s)%n", slice.size(), query.key(),
                options.namespace(), describeHandover(settings));
        createNamespace(prefix);
        Path workDir = options.workDir();
        Resources resources = new Resources(workDir, prefix);
        // Ctrl-C stops the shadow services and the database too, and removes the namespace, as the end would
        Thread onExit = new Thread(resources::close, "replay-cleanup");
        Runtime.getRuntime().addShutdownHook(onExit);
        try {
            Files.createDirectories(workDir);
            progress.say("starting %s PostgreSQL", options.database() != null ? "no (external)" : "a throwaway");
            resources.database = options.database() != null ? Database.external(options.database())
                    : Database.embedded(FreePorts.pick(1)[0], workDir.resolve("postgres"),
                            workDir.resolve("postgres.log"));
            ShadowServices services = new ShadowServices();
            resources.services = services;
            services.startAll(options.repoRoot(), workDir, prefix, options.kafka(), resources.database,
                    options.appId(), query.pageId(), out, progress);
            progress.say("giving the shadow services the page's settings and catalog");
            configure(services, settings, catalog, prefix);
            List<Comparison.Fed> fed = feed(slice, prefix);
            progress.say("fed all %d events; reading the replay's timeline", slice.size());
            Timeline replayed;
            try (TimelineReader reader = new TimelineReader(options.kafka(), options.showText())) {
                replayed = reader.read(query.in(prefix, Instant.EPOCH, Instant.now()));
            }
            long sent = replayed.of(Stage.OUTBOUND).stream()
                    .filter(e -> e.value() != null && "SENT".equals(e.value().path("outcome").asText()))
                    .count();
            return new Result(options.namespace(), recorded, replayed, Comparison.of(recorded, replayed, fed), sent);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + workDir, e);
        } finally {
            resources.close();
            try {
                Runtime.getRuntime().removeShutdownHook(onExit);
            } catch (IllegalStateException e) {
                // the JVM is already shutting down: the hook has run or runs, and closing twice does nothing
            }
        }
    }

    /** What a replay starts, stopped and removed once, at the end or on Ctrl-C. */
    private final class Resources {
        private final Path workDir;
        private final String prefix;
        private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();
        private volatile Database database;
        private volatile ShadowServices services;

        Resources(Path workDir, String prefix) {
            this.workDir = workDir;
            this.prefix = prefix;
        }

        void close() {
            if (!closed.compareAndSet(false, true)) {
                return;
            }
            if (services != null) {
                services.close();
            }
            if (database != null) {
                database.close();
                if (database.embedded()) {
                    deleteTree(workDir.resolve("postgres")); // a throwaway database: only its log is kept
                }
            }
            if (!options.keep()) {
                deleteNamespace(prefix);
            }
        }
    }

    /**
     * Writes the slice into the production raw topic, as an explicit flag asked: the production services process it
     * again, and their dedupe absorbs what they have seen before.
     *
     * @return how many records were written
     */
    public int intoProduction() {
        if (!options.intoProduction()) {
            throw new IllegalStateException("not asked to write into production");
        }
        List<ConsumerRecord<byte[], byte[]>> slice;
        try (TimelineReader reader = new TimelineReader(options.kafka(), options.showText())) {
            slice = reader.rawSlice(options.query());
        }
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            for (ConsumerRecord<byte[], byte[]> record : slice) {
                send(producer, record, Topics.WEBHOOK_RAW);
            }
        }
        return slice.size();
    }

    private JsonNode settings() {
        try {
            if (options.settingsFile() != null) {
                return ContractJson.mapper().readTree(Files.readString(options.settingsFile()));
            }
            if (options.handoverAdmin() != null) {
                return ContractJson.mapper().readTree(http.get(options.handoverAdmin()
                        .resolve("/admin/pages/" + options.query().pageId() + "/settings"), options.adminToken()));
            }
        } catch (IOException e) {
            throw new ReplayException("cannot read the page's settings: " + e.getMessage(), e);
        }
        if (options.handover() == HandoverSwitch.OFF) {
            return null; // the shadow's defaults: handover not activated
        }
        throw new ReplayException("say where the page's settings come from: --settings FILE, or --handover-url (the "
                + "production handover-service, token in REPLAY_ADMIN_TOKEN); or replay with --handover off");
    }

    private String catalog() {
        String json;
        if (options.catalogFile() != null) {
            try {
                json = Files.readString(options.catalogFile());
            } catch (IOException e) {
                throw new ReplayException("cannot read " + options.catalogFile() + ": " + e.getMessage(), e);
            }
        } else if (options.botAdmin() != null) {
            json = http.get(options.botAdmin().resolve("/admin/catalogs/" + options.query().pageId()),
                    options.adminToken());
        } else {
            out.println("No catalog given (--catalog, --bot-url): the shadow bot-service uses the catalogs it ships "
                    + "with.");
            return null;
        }
        // GET answers {pageId, revision, updatedAt, catalog}; PUT takes the catalog itself: accept both
        try {
            JsonNode node = ContractJson.mapper().readTree(json);
            return node.path("catalog").isObject() ? node.path("catalog").toString() : json;
        } catch (IOException e) {
            throw new ReplayException("the catalog is not JSON: " + e.getMessage(), e);
        }
    }

    private String describeHandover(JsonNode settings) {
        return switch (options.handover()) {
            case ON -> "on";
            case OFF -> "off";
            case AS_RECORDED -> settings != null && settings.path("handoverActive").asBoolean(false)
                    ? "on, as the settings say" : "off, as the settings say";
        };
    }

    private void createNamespace(String prefix) {
        try (Admin admin = Admin.create(options.kafka())) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<String> clashing = existing.stream().filter(t -> t.startsWith(prefix)).sorted().toList();
            if (!clashing.isEmpty()) {
                throw new ReplayException("namespace " + options.namespace() + " is in use (" + clashing.get(0)
                        + " exists): pick another with --namespace, or delete its topics");
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new ReplayException("cannot list the cluster's topics: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ReplayException("interrupted");
        }
        TopicProvisioner.createMissing(options.kafka(), Topics.all(prefix), options.replicationFactor());
    }

    private void deleteNamespace(String prefix) {
        if (prefix.isEmpty()) {
            return; // never the production topics
        }
        try (Admin admin = Admin.create(options.kafka())) {
            List<String> topics = admin.listTopics().names().get(30, TimeUnit.SECONDS).stream()
                    .filter(t -> t.startsWith(prefix)).toList();
            admin.deleteTopics(topics).all().get(60, TimeUnit.SECONDS);
            List<String> groups = admin.listGroups().all().get(30, TimeUnit.SECONDS).stream()
                    .map(GroupListing::groupId).filter(g -> g.startsWith(prefix)).toList();
            if (!groups.isEmpty()) {
                admin.deleteConsumerGroups(groups).all().get(60, TimeUnit.SECONDS);
            }
        } catch (ExecutionException | TimeoutException e) {
            out.println("Could not remove the replay's topics and groups (prefix " + prefix + "): " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void configure(ShadowServices services, JsonNode settings, String catalog, String prefix) {
        String page = options.query().pageId();
        String handover = services.baseUrl("handover-service");
        String token = services.adminToken();
        if (settings != null) {
            http.put(URI.create(handover + "/admin/pages/" + page + "/settings"), token, settings.toString());
        }
        boolean activate = switch (options.handover()) {
            case ON -> true;
            case OFF -> false;
            case AS_RECORDED -> settings != null && settings.path("handoverActive").asBoolean(false);
        };
        http.post(URI.create(handover + "/admin/pages/" + page + (activate ? "/activate" : "/deactivate")), token);
        if (catalog != null) {
            http.put(URI.create(services.baseUrl("bot-service") + "/admin/catalogs/" + page), token, catalog);
        }
        // routing-service learns the guided options from the catalog topic: wait until the page's catalog is there
        awaitCatalog(prefix + Topics.BOT_CATALOG, page);
    }

    private void awaitCatalog(String topic, String page) {
        try (CatalogProbe probe = new CatalogProbe(options.kafka(), topic)) {
            try {
                // each look blocks on the probe's own poll
                Waits.atMost(CLASSIFIED_TIMEOUT, Duration.ZERO).until(() -> probe.has(page));
            } catch (ConditionTimeoutException e) {
                out.println("The shadow bot-service published no catalog for page " + page
                        + ": guided options will not be recognised.");
                return;
            }
            // routing-service reads the catalog in a group that commits nothing, so there is no offset to wait for:
            // as between fed events, the topic must stay quiet for the settle period before the first event goes
            try {
                Waits.atMost(options.settle().plus(CLASSIFIED_TIMEOUT), Duration.ZERO).during(options.settle())
                        .until(probe::readsNothingNew);
            } catch (ConditionTimeoutException e) {
                out.println("The catalog topic " + topic + " did not stay quiet for " + options.settle().toMillis()
                        + " ms; going on");
            }
        }
    }

    private List<Comparison.Fed> feed(List<ConsumerRecord<byte[], byte[]>> slice, String prefix) {
        List<Comparison.Fed> fed = new ArrayList<>();
        String topic = prefix + Topics.WEBHOOK_RAW;
        try (KafkaProducer<byte[], byte[]> producer = producer();
                Settler settler = new Settler(options.kafka(), prefix, options.query().key(),
                        ShadowServices.consumedTopics(prefix))) {
            int n = 0;
            for (ConsumerRecord<byte[], byte[]> record : slice) {
                n++;
                RecordMetadata written = send(producer, record, topic);
                SourceRef copy = new SourceRef(written.topic(), written.partition(), written.offset());
                fed.add(new Comparison.Fed(new SourceRef(record.topic(), record.partition(), record.offset()), copy));
                progress.say("feeding event %d/%d (%s %d@%d)", n, slice.size(), record.topic(), record.partition(),
                        record.offset());
                Settler.Outcome settled = settler.settle(copy, CLASSIFIED_TIMEOUT, options.settle(),
                        CLASSIFIED_TIMEOUT);
                progress.say("event %d/%d %s", n, slice.size(), switch (settled) {
                    case SETTLED -> "settled";
                    case NOT_CLASSIFIED -> "not classified in time";
                    case NOT_CAUGHT_UP -> "not processed by every shadow service in time";
                });
                switch (settled) {
                    case NOT_CLASSIFIED -> out.printf("Event %d (%s %d@%d) was not classified within %d s; going on%n",
                            n, record.topic(), record.partition(), record.offset(), CLASSIFIED_TIMEOUT.toSeconds());
                    case NOT_CAUGHT_UP -> out.printf("Event %d (%s %d@%d): a shadow service had not processed the "
                            + "conversation's records after %d s; going on%n", n, record.topic(),
                            record.partition(), record.offset(), CLASSIFIED_TIMEOUT.toSeconds());
                    case SETTLED -> {
                    }
                }
            }
            // what the last event set going (a pass after a confirmation, say) may take a little longer
            if (settler.settle(new SourceRef(topic, -1, -1), Duration.ZERO, options.settle().multipliedBy(2),
                    CLASSIFIED_TIMEOUT) == Settler.Outcome.NOT_CAUGHT_UP) {
                out.printf("A shadow service had not processed the conversation's last records after %d s: the "
                        + "replay's timeline may miss what it would decide%n", CLASSIFIED_TIMEOUT.toSeconds());
            }
        }
        return fed;
    }

    private RecordMetadata send(KafkaProducer<byte[], byte[]> producer, ConsumerRecord<byte[], byte[]> record,
            String topic) {
        RecordHeaders headers = new RecordHeaders(record.headers().toArray());
        headers.remove(REPLAY_OF_HEADER);
        headers.add(REPLAY_OF_HEADER, (record.topic() + "/" + record.partition() + "/" + record.offset())
                .getBytes(StandardCharsets.UTF_8));
        try {
            return producer.send(new ProducerRecord<>(topic, null, record.key(), record.value(), headers))
                    .get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new ReplayException("cannot write to " + topic + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ReplayException("interrupted");
        }
    }

    private KafkaProducer<byte[], byte[]> producer() {
        Map<String, Object> config = new HashMap<>(options.kafka());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "handover-replay");
        return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private void deleteTree(Path dir) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            out.println("Could not remove the throwaway database in " + dir + ": " + e.getMessage());
        }
    }
}
