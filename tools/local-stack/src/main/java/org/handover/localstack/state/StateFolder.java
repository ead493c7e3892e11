package org.handover.localstack.state;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.DateTimeException;
import java.util.Comparator;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.kafka.common.Uuid;
import org.handover.localstack.infra.Postmaster;

/**
 * The one folder that holds all state of a local stack, so that {@code --wipe} (or deleting it) is a complete reset:
 * <pre>
 * kafka/              the broker's log directory
 * kafka-cluster-id    the KRaft cluster id the log directory was formatted with, reused on every start
 * postgres/           the PostgreSQL data directory
 * logs/               one log per component (kafka.log, postgres.log, &lt;service&gt;.log)
 * stack.properties    the running stack: launcher and child pids, ports (absent when nothing runs)
 * launcher.lock       held by the running launcher, so two launchers never share the folder
 * </pre>
 */
public final class StateFolder {

    private static final String STATE_FILE = "stack.properties";
    private static final String CLUSTER_ID_FILE = "kafka-cluster-id";
    private static final String LOCK_FILE = "launcher.lock";

    private final Path root;

    public StateFolder(Path root) {
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

    public Path stateFile() {
        return root.resolve(STATE_FILE);
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
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> files = Files.walk(root)) {
            for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + root, e);
        }
    }

    /** The state of the stack recorded here, if any. An unreadable file counts as none (it is rewritten on start). */
    public Optional<StackState> readState() {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(stateFile())) {
            properties.load(in);
            return Optional.of(StackState.fromProperties(properties));
        } catch (IOException | IllegalArgumentException | DateTimeException e) {
            return Optional.empty();
        }
    }

    /** Replaces the state file in one step, so that a reader never sees half of it. */
    public void writeState(StackState state) {
        Path temporary = root.resolve(STATE_FILE + ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(temporary)) {
                state.toProperties().store(out, "Local stack state, written by the launcher; removed when it stops");
            }
            Files.move(temporary, stateFile(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + stateFile(), e);
        }
    }

    public void deleteState() {
        try {
            Files.deleteIfExists(stateFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + stateFile(), e);
        }
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
     * Takes the launcher lock, held until the returned lock is released or this JVM exits.
     *
     * @return the lock, or empty when another launcher holds it
     */
    public Optional<FileLock> tryLock() {
        try {
            FileChannel channel = FileChannel.open(root.resolve(LOCK_FILE), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
            try {
                FileLock lock = channel.tryLock();
                if (lock == null) {
                    channel.close();
                }
                return Optional.ofNullable(lock);
            } catch (OverlappingFileLockException e) {
                channel.close();
                return Optional.empty();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock " + root.resolve(LOCK_FILE), e);
        }
    }

    /** The PostgreSQL server running on {@link #postgres()}, if any (it may outlive a launcher that was killed). */
    public Optional<ProcessHandle> runningPostmaster() {
        return Postmaster.running(postgres());
    }
}
