package org.handover.localstack.state;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.DateTimeException;
import java.util.Optional;
import java.util.Properties;
import org.handover.harness.StackFolder;

/**
 * The state folder of a local stack: the harness's {@link StackFolder} (Kafka's log directory and cluster id,
 * PostgreSQL's data directory, the logs), so that {@code --wipe} (or deleting it) is a complete reset, plus what the
 * launcher records:
 * <pre>
 * stack.properties    the running stack: launcher and child pids, ports (absent when nothing runs)
 * launcher.lock       held by the running launcher, so two launchers never share the folder
 * </pre>
 */
public final class StateFolder extends StackFolder {

    private static final String STATE_FILE = "stack.properties";
    private static final String LOCK_FILE = "launcher.lock";

    public StateFolder(Path root) {
        super(root);
    }

    /** Where {@code stack restart} leaves its requests for the launcher ({@link RestartRequests}). */
    public RestartRequests restartRequests() {
        return new RestartRequests(root().resolve("requests"));
    }

    /** Where the launcher writes the environment of a service left out with {@code --except}, for its dev mode. */
    public Path devEnvironment(String service) {
        return root().resolve("dev").resolve(service + ".env");
    }

    public Path stateFile() {
        return root().resolve(STATE_FILE);
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
        Path temporary = root().resolve(STATE_FILE + ".tmp");
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
     * Takes the launcher lock, held until the returned lock is released or this JVM exits.
     *
     * @return the lock, or empty when another launcher holds it
     */
    public Optional<FileLock> tryLock() {
        try {
            FileChannel channel = FileChannel.open(root().resolve(LOCK_FILE), StandardOpenOption.CREATE,
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
            throw new UncheckedIOException("cannot lock " + root().resolve(LOCK_FILE), e);
        }
    }
}
