package org.handover.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.kafka.common.Uuid;

/**
 * The one folder that holds the data and logs of a whole system run on one machine (the local stack, the end-to-end
 * tests), so that deleting it is a complete reset:
 * <pre>
 * kafka/              the broker's log directory
 * kafka-cluster-id    the KRaft cluster id the log directory was formatted with, reused on every start
 * postgres/           the PostgreSQL data directory
 * logs/               one log per component (kafka.log, postgres.log, &lt;service&gt;.log)
 * </pre>
 */
public class StackFolder {

    private static final String CLUSTER_ID_FILE = "kafka-cluster-id";

    private final Path root;

    public StackFolder(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    public Path kafka() {
        return root.resolve("kafka");
    }

    public Path postgres() {
        return root.resolve("postgres");
    }

    public Path logs() {
        return root.resolve("logs");
    }

    /** Log file of a component. */
    public Path log(String component) {
        return logs().resolve(component + ".log");
    }

    /** Creates the folder and its sub-folders where missing. */
    public void create() {
        try {
            Files.createDirectories(kafka());
            Files.createDirectories(postgres());
            Files.createDirectories(logs());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the state folder " + root, e);
        }
    }

    /** Deletes the whole folder: Kafka topics and offsets, the database, logs. */
    public void wipe() {
        Directories.delete(root);
    }

    /**
     * The KRaft cluster id of the broker whose log directory is {@link #kafka()}: created on first use and kept, so
     * that a restart finds its topics and offsets again (a broker refuses a log directory formatted for another
     * cluster id).
     */
    public String kafkaClusterId() {
        Path file = root.resolve(CLUSTER_ID_FILE);
        try {
            if (Files.exists(file)) {
                String id = Files.readString(file, StandardCharsets.UTF_8).trim();
                if (!id.isEmpty()) {
                    return id;
                }
            }
            String id = Uuid.randomUuid().toString();
            Files.writeString(file, id + "\n", StandardCharsets.UTF_8);
            return id;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write " + file, e);
        }
    }

    /**
     * Starts the broker on {@link #kafka()} with this folder's cluster id, its stdout going to {@code kafka.log}.
     *
     * @param port           client port, on localhost
     * @param controllerPort KRaft controller port, on localhost
     */
    public EmbeddedKafka startKafka(int port, int controllerPort) {
        return EmbeddedKafka.builder()
                .ports(port, controllerPort)
                .logDir(kafka())
                .clusterId(kafkaClusterId())
                .consoleLog(logs().resolve(LogRouting.KAFKA_LOG))
                .start();
    }

    /** Starts PostgreSQL on {@link #postgres()} (see {@link Database#embedded}), its output to {@code postgres.log}. */
    public EmbeddedDatabase startPostgres(int port) {
        return Database.embedded(port, postgres(), logs().resolve(LogRouting.POSTGRES_LOG));
    }

    /** The PostgreSQL server running on {@link #postgres()}, if any (it may outlive a launcher that was killed). */
    public Optional<ProcessHandle> runningPostmaster() {
        return Postmaster.running(postgres());
    }
}
