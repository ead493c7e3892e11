package org.handover.localstack.state;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;

/**
 * What a running launcher writes to the state file: itself, where Kafka and PostgreSQL are, and every process it
 * started. Written as soon as anything starts and rewritten at each step, so that {@code stop} can clean up even
 * after a launcher that died half-way.
 *
 * @param phase            {@link #STARTING} or {@link #RUNNING}
 * @param launcher         the launcher JVM (which also hosts the embedded broker)
 * @param kafkaBootstrap   bootstrap servers, or {@code null} before Kafka is up
 * @param kafkaEmbedded    whether the broker runs inside the launcher
 * @param databaseUrl      JDBC URL without any password, or {@code null} before PostgreSQL is up
 * @param databaseEmbedded whether PostgreSQL was started by the launcher
 * @param processes        every child process, in start order (the PostgreSQL postmaster first)
 * @param emulatorUrl      base URL of the Messenger Platform emulator running inside the launcher (Graph API, and
 *                         its control API under {@code /_emulator/}), or {@code null} when it runs none
 */
public record StackState(String phase, ProcessRecord launcher, String kafkaBootstrap, boolean kafkaEmbedded,
        String databaseUrl, boolean databaseEmbedded, List<ProcessRecord> processes, String emulatorUrl) {

    public static final String STARTING = "starting";
    public static final String RUNNING = "running";

    public StackState {
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(launcher, "launcher");
        processes = List.copyOf(processes);
    }

    /** The state of a launcher that has only just started. */
    public static StackState starting(ProcessRecord launcher) {
        return new StackState(STARTING, launcher, null, false, null, false, List.of(), null);
    }

    public StackState withPhase(String newPhase) {
        return new StackState(newPhase, launcher, kafkaBootstrap, kafkaEmbedded, databaseUrl, databaseEmbedded,
                processes, emulatorUrl);
    }

    public StackState withKafka(String bootstrap, boolean embedded) {
        return new StackState(phase, launcher, bootstrap, embedded, databaseUrl, databaseEmbedded, processes,
                emulatorUrl);
    }

    public StackState withDatabase(String url, boolean embedded) {
        return new StackState(phase, launcher, kafkaBootstrap, kafkaEmbedded, url, embedded, processes, emulatorUrl);
    }

    /** With {@code process} added, or in place of the record of the same name (a restarted service). */
    public StackState withProcess(ProcessRecord process) {
        List<ProcessRecord> all = new ArrayList<>(processes);
        int same = -1;
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i).name().equals(process.name())) {
                same = i;
            }
        }
        if (same >= 0) {
            all.set(same, process);
        } else {
            all.add(process);
        }
        return new StackState(phase, launcher, kafkaBootstrap, kafkaEmbedded, databaseUrl, databaseEmbedded, all,
                emulatorUrl);
    }

    public StackState withEmulator(String url) {
        return new StackState(phase, launcher, kafkaBootstrap, kafkaEmbedded, databaseUrl, databaseEmbedded, processes,
                url);
    }

    /** The recorded process named {@code name}, if any. */
    public Optional<ProcessRecord> process(String name) {
        return processes.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    Properties toProperties() {
        Properties p = new Properties();
        p.setProperty("phase", phase);
        write(p, ProcessRecord.LAUNCHER, launcher);
        if (kafkaBootstrap != null) {
            p.setProperty("kafka.bootstrap", kafkaBootstrap);
            p.setProperty("kafka.embedded", Boolean.toString(kafkaEmbedded));
        }
        if (databaseUrl != null) {
            p.setProperty("database.url", databaseUrl);
            p.setProperty("database.embedded", Boolean.toString(databaseEmbedded));
        }
        if (emulatorUrl != null) {
            p.setProperty("emulator.url", emulatorUrl);
        }
        List<String> names = new ArrayList<>();
        for (ProcessRecord process : processes) {
            names.add(process.name());
            write(p, "process." + process.name(), process);
        }
        p.setProperty("processes", String.join(",", names));
        return p;
    }

    static StackState fromProperties(Properties p) {
        List<ProcessRecord> processes = new ArrayList<>();
        String names = p.getProperty("processes", "");
        for (String name : names.split(",")) {
            if (!name.isBlank()) {
                processes.add(read(p, "process." + name, name));
            }
        }
        return new StackState(p.getProperty("phase", STARTING), read(p, ProcessRecord.LAUNCHER, ProcessRecord.LAUNCHER),
                p.getProperty("kafka.bootstrap"), Boolean.parseBoolean(p.getProperty("kafka.embedded")),
                p.getProperty("database.url"), Boolean.parseBoolean(p.getProperty("database.embedded")), processes,
                p.getProperty("emulator.url"));
    }

    private static void write(Properties p, String prefix, ProcessRecord process) {
        p.setProperty(prefix + ".pid", Long.toString(process.pid()));
        if (process.started() != null) {
            p.setProperty(prefix + ".started", process.started().toString());
        }
        if (process.port() > 0) {
            p.setProperty(prefix + ".port", Integer.toString(process.port()));
        }
        if (process.readiness() != null) {
            p.setProperty(prefix + ".readiness", process.readiness());
        }
        if (process.log() != null) {
            p.setProperty(prefix + ".log", process.log().toString());
        }
    }

    private static ProcessRecord read(Properties p, String prefix, String name) {
        String pid = p.getProperty(prefix + ".pid");
        if (pid == null) {
            throw new IllegalArgumentException("no " + prefix + ".pid");
        }
        String started = p.getProperty(prefix + ".started");
        String log = p.getProperty(prefix + ".log");
        return new ProcessRecord(name, Long.parseLong(pid.trim()), started == null ? null : Instant.parse(started),
                Integer.parseInt(p.getProperty(prefix + ".port", "0")), p.getProperty(prefix + ".readiness"),
                log == null ? null : Path.of(log));
    }
}
