package org.handover.localstack.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.handover.localstack.component.Components;
import org.handover.localstack.component.ServiceDefinition;

/** A service of the stack running as a child JVM, with its output in its own log file. */
public final class ServiceProcess {

    /** Heap of each service JVM: four of them share a small machine with the broker and the database. */
    public static final String MAX_HEAP = "-Xmx256m";

    private final ServiceDefinition definition;
    private final int port;
    private final Path log;
    private final Process process;

    private ServiceProcess(ServiceDefinition definition, int port, Path log, Process process) {
        this.definition = definition;
        this.port = port;
        this.log = log;
        this.process = process;
    }

    /**
     * Starts {@code java -Xmx256m -jar <jar>} in {@code workingDir}, with the launcher's environment plus
     * {@code env}, stdout and stderr both to {@code log} (replaced).
     */
    public static ServiceProcess start(ServiceDefinition definition, int port, Path jar, Path workingDir,
            Map<String, String> env, Path log) {
        // The same JDK as the launcher, whatever the PATH says.
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(java.toString(), MAX_HEAP, "-jar", jar.toString()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workingDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
        builder.environment().putAll(env);
        try {
            Process process = builder.start();
            // Nothing is ever typed into a service; an immediate end-of-file keeps anything reading stdin from hanging.
            process.getOutputStream().close();
            return new ServiceProcess(definition, port, log, process);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + definition.name(), e);
        }
    }

    public String name() {
        return definition.name();
    }

    public int port() {
        return port;
    }

    public Path log() {
        return log;
    }

    public ProcessHandle handle() {
        return process.toHandle();
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Exit code; only meaningful once {@link #isAlive()} is false. */
    public int exitCode() {
        return process.exitValue();
    }

    public URI readinessUri() {
        return URI.create(baseUrl() + Components.READINESS_PATH);
    }

    public URI metricsUri() {
        return URI.create(baseUrl() + Components.METRICS_PATH);
    }

    public String baseUrl() {
        return "http://localhost:" + port;
    }

    /** Calls {@code action} once when the process ends (at once if it already has). */
    public void onExit(Runnable action) {
        process.onExit().thenRun(action);
    }

    /** Asks the service to stop (SIGTERM): Quarkus then shuts down gracefully, committing what it consumed. */
    public void requestStop() {
        process.destroy();
    }

    /** Waits up to {@code timeout} for the process to end; true if it has. */
    public boolean awaitExit(Duration timeout) {
        try {
            process.onExit().get(Math.max(0, timeout.toMillis()), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return !process.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }

    /**
     * Waits until every service answers ready, at most {@code timeout}. Fails at once, naming the service and its log,
     * when one exits; on timeout, names the ones still not ready and where their logs are.
     */
    public static void awaitAllReady(List<ServiceProcess> services, Duration timeout, Path logs) {
        ReadinessProbe probe = new ReadinessProbe();
        long deadline = System.nanoTime() + timeout.toNanos();
        List<ServiceProcess> pending = new ArrayList<>(services);
        while (!pending.isEmpty()) {
            for (ServiceProcess service : List.copyOf(pending)) {
                if (!service.isAlive()) {
                    throw new IllegalStateException(service.name() + " exited with code " + service.exitCode()
                            + " while starting; see " + service.log());
                }
                if (probe.check(service.readinessUri()) == ReadinessProbe.Answer.READY) {
                    pending.remove(service);
                }
            }
            if (pending.isEmpty()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Not ready after " + timeout.toSeconds() + " s: "
                        + pending.stream().map(ServiceProcess::name).toList() + "; logs in " + logs);
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + pending.get(0).name(), e);
            }
        }
    }

    /** Kills the process (SIGKILL) and anything it started, and waits a little for it to be gone. */
    public void kill() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        awaitExit(Duration.ofSeconds(5));
    }
}
