package org.handover.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.kafka.InjectKafkaCompanion;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.handover.contracts.Topics;
import org.handover.contracts.kafka.TopicProvisioner;
import org.handover.harness.Database;
import org.handover.harness.KafkaBroker;
import org.jboss.logging.Logger;

/**
 * Gives a Quarkus test a real Kafka broker, with every topic of the system created, and, when asked with the
 * init argument {@code postgres=true}, a real PostgreSQL.
 *
 * <p>Use with {@code @QuarkusTestResource(KafkaAndPostgresResource.class)} (add
 * {@code initArgs = @ResourceArg(name = "postgres", value = "true")} for a database). Inject a
 * {@link KafkaCompanion} with {@code @InjectKafkaCompanion} to produce and consume in tests.
 *
 * <p>With the init argument {@code topicPrefix=<prefix>}, the service runs in that topic namespace: every topic of
 * the system is also created with the prefix, and {@code TOPIC_PREFIX} is set for the application.
 *
 * <p>Infrastructure is started once per JVM and shared by every test class of a module (see
 * {@link InfrastructureMode} for where it comes from; the embedded broker and database are the harness's, as in the
 * local stack); tests therefore use their own conversation keys rather than assume empty topics.
 */
public class KafkaAndPostgresResource implements QuarkusTestResourceLifecycleManager {

    private static final Logger LOG = Logger.getLogger(KafkaAndPostgresResource.class);

    private static KafkaBroker kafka;
    private static Database postgres;

    private boolean withPostgres;
    private String topicPrefix;
    private KafkaCompanion companion;

    @Override
    public void init(Map<String, String> initArgs) {
        withPostgres = Boolean.parseBoolean(initArgs.getOrDefault("postgres", "false"));
        topicPrefix = initArgs.getOrDefault("topicPrefix", "");
    }

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>();
        String bootstrap = kafka().bootstrapServers();
        config.put("kafka.bootstrap.servers", bootstrap);
        if (!topicPrefix.isEmpty()) {
            TopicProvisioner.createMissing(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                    Topics.all(topicPrefix), (short) 1);
            config.put(Topics.PREFIX_ENV, topicPrefix);
        }
        if (withPostgres) {
            Database db = postgres();
            config.put("quarkus.datasource.jdbc.url", db.jdbcUrl());
            config.put("quarkus.datasource.username", db.username());
            config.put("quarkus.datasource.password", db.password());
        }
        companion = new KafkaCompanion(bootstrap);
        return config;
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(companion,
                new TestInjector.AnnotatedAndMatchesType(InjectKafkaCompanion.class, KafkaCompanion.class));
    }

    @Override
    public void stop() {
        if (companion != null) {
            companion.close();
        }
        // The broker and database outlive this test resource: later test classes of this JVM reuse them, and a
        // shutdown hook stops them when the JVM exits.
    }

    /** The shared broker of this JVM, started (with every topic created) on first use. */
    static synchronized KafkaBroker kafka() {
        if (kafka == null) {
            long start = System.nanoTime();
            KafkaBroker broker = TestInfrastructure.kafka(InfrastructureMode.forKafka());
            var created = TopicProvisioner.createMissing(broker.bootstrapServers(), (short) 1);
            LOG.infof("Kafka for tests: %s, %d topics created, ready in %d ms", broker.description(), created.size(),
                    (System.nanoTime() - start) / 1_000_000);
            kafka = broker;
            Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "stop-test-kafka"));
        }
        return kafka;
    }

    /**
     * The shared database of this JVM when it is the harness's embedded one (which a test may stop and start again on
     * the same data, e.g. to drill an outage); empty for an external or container database, or before first use.
     */
    public static synchronized java.util.Optional<org.handover.harness.EmbeddedDatabase> embeddedDatabase() {
        return postgres instanceof org.handover.harness.EmbeddedDatabase embedded ? java.util.Optional.of(embedded)
                : java.util.Optional.empty();
    }

    /** The shared database of this JVM, started on first use. */
    static synchronized Database postgres() {
        if (postgres == null) {
            long start = System.nanoTime();
            Database db = TestInfrastructure.postgres(InfrastructureMode.forPostgres());
            LOG.infof("PostgreSQL for tests: %s, ready in %d ms", db.description(), (System.nanoTime() - start) / 1_000_000);
            postgres = db;
            Runtime.getRuntime().addShutdownHook(new Thread(db::close, "stop-test-postgres"));
        }
        return postgres;
    }
}
