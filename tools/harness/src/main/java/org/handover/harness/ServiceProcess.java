package org.handover.harness;

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
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/** A service running as a child JVM from its fast-jar, with its output in its own log file. */
public final class ServiceProcess {

    /**
     * The JVM options of each service: four of them share a small machine with the broker and the database. A small
     * heap with the serial collector (no concurrent GC threads, no G1 remembered sets: less CPU and native memory
     * per service than G1 on 2 cores), a capped code cache and small thread stacks, aimed at a resident memory under
     * load within 300 MB (tools/benchmark prints it; with -Xmx256m and G1, handover- and bot-service reached 370-410
     * MB). Native memory given back to the system every 5 s ({@code TrimNativeHeapInterval}, JDK 17.0.9 and later):
     * the JIT's C2 compiler takes its working memory from malloc in bursts (Native Memory Tracking's "Arena Chunk":
     * 26 MB in handover-service at 50 messages/s, 2026-12-03), and glibc kept it once freed. Where the rest goes, by
     * the same tracking: a heap of about 70 MB committed, class metadata about 110 MB, compiled code about 35 MB,
     * symbols about 23 MB. {@value #JVM_OPTIONS_VARIABLE} in the environment replaces them (space-separated), e.g. to
     * compare other flags with the benchmark.
     */
    public static final List<String> JVM_OPTIONS = jvmOptionsFor(Runtime.version());

    /** The trimming flag: unknown to a JVM before 17.0.9 (and to 18-20, and 21.0.0), which then would not start. */
    static final String TRIM_NATIVE_HEAP = "-XX:TrimNativeHeapInterval=5000";

    /** {@link #JVM_OPTIONS} for the JVM {@code version} (the services run on this JVM's {@code java}). */
    static List<String> jvmOptionsFor(Runtime.Version version) {
        List<String> options = new ArrayList<>(List.of("-XX:+UseSerialGC", "-Xms64m", "-Xmx192m",
                "-XX:ReservedCodeCacheSize=64m", "-Xss512k"));
        int feature = version.feature();
        if (feature >= 22 || feature == 21 && version.update() >= 1 || feature == 17 && version.update() >= 9) {
            options.add(TRIM_NATIVE_HEAP);
        }
        return List.copyOf(options);
    }

    /** The environment variable that replaces {@link #JVM_OPTIONS}. */
    public static final String JVM_OPTIONS_VARIABLE = "SERVICE_JVM_OPTIONS";

    /**
     * The environment variable whose options (space-separated) are added after the others: the end-to-end tests set
     * {@code -XX:TieredStopAtLevel=1} there (services that start again and again in the drills and replays, where
     * C2's compile threads would compete with them for 2 cores); the local stack and the benchmark leave it unset.
     */
    public static final String JVM_EXTRA_OPTIONS_VARIABLE = "SERVICE_JVM_EXTRA_OPTIONS";

    private static final Duration READY_POLL = Duration.ofMillis(250);

    private final ServiceDefinition definition;
    private final int port;
    private final Path log;
    private final ProcessBuilder builder;
    private final Process process;

    private ServiceProcess(ServiceDefinition definition, int port, Path log, ProcessBuilder builder,
            Process process) {
        this.definition = definition;
        this.port = port;
        this.log = log;
        this.builder = builder;
        this.process = process;
    }

    /**
     * Starts {@code java <JVM_OPTIONS> -jar <jar>} in {@code workingDir}, with this JVM's environment plus
     * {@code env}, stdout and stderr both to {@code log} (replaced). glibc's malloc gets at most 2 arenas
     * ({@code MALLOC_ARENA_MAX}, unless {@code env} or this environment sets it): with one arena per thread, a
     * service with many threads holds tens of MB of native memory it does not use.
     */
    public static ServiceProcess start(ServiceDefinition definition, int port, Path jar, Path workingDir,
            Map<String, String> env, Path log) {
        // The same JDK as this JVM, whatever the PATH says.
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(java.toString()));
        command.addAll(jvmOptions(System.getenv(JVM_OPTIONS_VARIABLE), System.getenv(JVM_EXTRA_OPTIONS_VARIABLE)));
        command.addAll(List.of("-jar", jar.toString()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workingDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
        builder.environment().putIfAbsent("MALLOC_ARENA_MAX", "2");
        builder.environment().putAll(env);
        return launch(definition, port, log, builder);
    }

    /** The JVM options: {@code override} split at spaces when it is set and not blank, else {@link #JVM_OPTIONS}. */
    static List<String> jvmOptions(String override) {
        if (override == null || override.isBlank()) {
            return JVM_OPTIONS;
        }
        return List.of(override.trim().split("\\s+"));
    }

    /** {@link #jvmOptions(String)}, then {@code extra} split at spaces when it is set and not blank. */
    static List<String> jvmOptions(String override, String extra) {
        List<String> options = new ArrayList<>(jvmOptions(override));
        if (extra != null && !extra.isBlank()) {
            options.addAll(List.of(extra.trim().split("\\s+")));
        }
        return List.copyOf(options);
    }

    /**
     * Starts the same service again, with the same command, port, environment and working directory, once this
     * process has ended (a drill killed it, or it was stopped): the process the JVM runs is {@code java} itself, so
     * {@link #kill()} ends the service and not a wrapper. Its output is appended to the same log, after the lines of
     * the process it replaces.
     *
     * @throws IllegalStateException when this process still runs
     */
    public ServiceProcess restart() {
        if (process.isAlive()) {
            throw new IllegalStateException(definition.name() + " (pid " + process.pid() + ") still runs");
        }
        return launch(definition, port, log, builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())));
    }

    private static ServiceProcess launch(ServiceDefinition definition, int port, Path log, ProcessBuilder builder) {
        try {
            Process process = builder.start();
            // Nothing is ever typed into a service; an immediate end-of-file keeps anything reading stdin from hanging.
            process.getOutputStream().close();
            return new ServiceProcess(definition, port, log, builder, process);
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
        return URI.create(baseUrl() + Services.READINESS_PATH);
    }

    public URI metricsUri() {
        return URI.create(baseUrl() + Services.METRICS_PATH);
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
        return awaitExit(process.toHandle(), timeout);
    }

    /** Waits up to {@code timeout} for {@code process} to end; true if it has. */
    public static boolean awaitExit(ProcessHandle process, Duration timeout) {
        try {
            process.onExit().get(Math.max(0, timeout.toMillis()), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException | ExecutionException e) {
            return !process.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }

    /** Kills the process (SIGKILL) and anything it started, and waits a little for it to be gone. */
    public void kill() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        awaitExit(Duration.ofSeconds(5));
    }

    /**
     * Stops every service that still runs: SIGTERM to all at once (they shut down in parallel, so this takes as long
     * as the slowest one), then SIGKILL to any still running {@code grace} later.
     *
     * @return the services that had to be killed
     */
    public static List<ServiceProcess> stopAll(List<ServiceProcess> services, Duration grace) {
        List<ServiceProcess> running = services.stream().filter(ServiceProcess::isAlive).toList();
        running.forEach(ServiceProcess::requestStop);
        long deadline = System.nanoTime() + grace.toNanos();
        List<ServiceProcess> killed = new ArrayList<>();
        for (ServiceProcess service : running) {
            if (!service.awaitExit(Duration.ofNanos(deadline - System.nanoTime()))) {
                service.kill();
                killed.add(service);
            }
        }
        return killed;
    }

    /**
     * Waits until every service answers ready, at most {@code timeout}. Fails at once, naming the service and its log,
     * when one exits; on timeout, names the ones still not ready and where their logs are.
     *
     * @throws NotReadyException when a service exited or the time is over
     */
    public static void awaitAllReady(List<ServiceProcess> services, Duration timeout, Path logs) {
        awaitAllReady(services, timeout, new ReadyWatcher() {
            @Override
            public String logsHint() {
                return "; logs in " + logs;
            }
        });
    }

    /**
     * Waits until every service answers ready, at most {@code timeout}, telling {@code watcher} of each one ready and
     * asking it before every round whether to go on.
     *
     * @throws NotReadyException when a service exited or the time is over
     */
    public static void awaitAllReady(List<ServiceProcess> services, Duration timeout, ReadyWatcher watcher) {
        ReadinessProbe probe = new ReadinessProbe();
        List<ServiceProcess> pending = new ArrayList<>(services);
        try {
            // in this thread: the watcher's callbacks and its exceptions stay the caller's
            Awaitility.await("services ready: " + services.stream().map(ServiceProcess::name).toList())
                    .atMost(timeout)
                    // another thread's failure (the broker's, the emulator's) is not this wait's
                    .dontCatchUncaughtExceptions()
                    .pollInSameThread()
                    .pollDelay(Duration.ZERO)
                    .pollInterval(READY_POLL)
                    .until(() -> {
                        watcher.checkGoOn();
                        for (ServiceProcess service : List.copyOf(pending)) {
                            if (!service.isAlive()) {
                                throw new NotReadyException(service.name() + " exited with code "
                                        + service.exitCode() + " while starting; see " + service.log(),
                                        List.of(service), true);
                            }
                            if (probe.check(service.readinessUri()) == ReadinessProbe.Answer.READY) {
                                pending.remove(service);
                                watcher.ready(service);
                            }
                        }
                        return pending.isEmpty();
                    });
        } catch (ConditionTimeoutException e) {
            throw new NotReadyException("Not ready after " + timeout.toSeconds() + " s: "
                    + pending.stream().map(ServiceProcess::name).toList() + watcher.logsHint(), List.copyOf(pending),
                    false);
        }
    }

    /** Follows {@link #awaitAllReady(List, Duration, ReadyWatcher)}; every method has a default that does nothing. */
    public interface ReadyWatcher {

        /** {@code service} has just answered ready. */
        default void ready(ServiceProcess service) {
        }

        /** Called before every round of probes; throws to stop waiting (the exception reaches the caller). */
        default void checkGoOn() {
        }

        /** Appended to the message of a timeout, e.g. where the logs are. */
        default String logsHint() {
            return "";
        }
    }

    /** A service exited while starting, or services were not ready in time. */
    public static final class NotReadyException extends IllegalStateException {

        private final transient List<ServiceProcess> services;
        private final boolean exited;

        NotReadyException(String message, List<ServiceProcess> services, boolean exited) {
            super(message);
            this.services = services;
            this.exited = exited;
        }

        /** The service that exited, or the ones not ready in time. */
        public List<ServiceProcess> services() {
            return services;
        }

        /** Whether a service exited (rather than the time ran out). */
        public boolean exited() {
            return exited;
        }
    }
}
