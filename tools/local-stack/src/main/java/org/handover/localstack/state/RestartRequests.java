package org.handover.localstack.state;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * How {@code stack restart <service>}, run in another terminal, asks the launcher (which owns the service processes)
 * to restart one: a file {@code <service>.request} appears in the state folder's {@code requests/}, the launcher
 * (watching the folder, no polling) restarts the service and writes {@code <service>.result}: {@code ready ...} or
 * {@code failed: ...}, which the command prints.
 */
public final class RestartRequests implements AutoCloseable {

    private static final String REQUEST = ".request";
    private static final String RESULT = ".result";

    private final Path dir;
    private WatchService watch;
    private Thread watcher;

    public RestartRequests(Path dir) {
        this.dir = dir;
    }

    /** The folder of requests and results. */
    public Path dir() {
        return dir;
    }

    /** Asks for {@code service} to be restarted: the request appears in one step, any earlier result is removed. */
    public void request(String service) {
        try {
            Files.createDirectories(dir);
            Files.deleteIfExists(result(service));
            Path temporary = dir.resolve(service + ".tmp");
            Files.writeString(temporary, service, StandardCharsets.UTF_8);
            Files.move(temporary, dir.resolve(service + REQUEST), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a restart request in " + dir, e);
        }
    }

    /** The launcher's answer to the last request for {@code service}, once it has written one. */
    public Optional<String> result(String service, boolean remove) {
        Path file = result(service);
        try {
            if (!Files.isRegularFile(file)) {
                return Optional.empty();
            }
            String text = Files.readString(file, StandardCharsets.UTF_8).trim();
            if (remove) {
                Files.deleteIfExists(file);
            }
            return Optional.of(text);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Answers a request (written in one step, so that the command never reads half of it). */
    public void answer(String service, String result) {
        try {
            Path temporary = dir.resolve(service + RESULT + ".tmp");
            Files.writeString(temporary, result, StandardCharsets.UTF_8);
            Files.move(temporary, result(service), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot answer a restart request in " + dir, e);
        }
    }

    /**
     * Starts watching (the launcher): every request that appears from now on is removed and handed to
     * {@code handler} with the service's name, one after the other on a daemon thread. Requests left by an earlier
     * launcher are removed first.
     */
    public synchronized void watch(Consumer<String> handler) {
        try {
            Files.createDirectories(dir);
            try (Stream<Path> old = Files.list(dir)) {
                for (Path file : old.toList()) {
                    Files.deleteIfExists(file);
                }
            }
            watch = dir.getFileSystem().newWatchService();
            dir.register(watch, StandardWatchEventKinds.ENTRY_CREATE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot watch " + dir + " for restart requests", e);
        }
        WatchService service = watch;
        watcher = new Thread(() -> handleRequests(service, handler), "local-stack-restarts");
        watcher.setDaemon(true);
        watcher.start();
    }

    private void handleRequests(WatchService service, Consumer<String> handler) {
        try {
            while (true) {
                WatchKey key = service.take();
                for (WatchEvent<?> event : key.pollEvents()) {
                    if (event.context() instanceof Path name && name.toString().endsWith(REQUEST)) {
                        String requested = name.toString().substring(0, name.toString().length() - REQUEST.length());
                        try {
                            Files.deleteIfExists(dir.resolve(name));
                        } catch (IOException e) {
                            // handled anyway; a leftover is removed by the next launcher
                        }
                        handler.accept(requested);
                    }
                }
                if (!key.reset()) {
                    return;
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // the launcher stops
        }
    }

    private Path result(String service) {
        return dir.resolve(service + RESULT);
    }

    /** Stops watching. */
    @Override
    public synchronized void close() {
        if (watch != null) {
            try {
                watch.close();
            } catch (IOException e) {
                // nothing left to release
            }
        }
    }
}
