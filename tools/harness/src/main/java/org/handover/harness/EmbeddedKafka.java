package org.handover.harness;

import io.smallrye.reactive.messaging.kafka.companion.test.EmbeddedKafkaBroker;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.Uuid;

/**
 * A real single-node KRaft broker (broker and controller in one) in this JVM, from Apache Kafka's own server jars
 * (through the SmallRye Kafka companion's {@link EmbeddedKafkaBroker}).
 *
 * <p>It can be {@linkplain #stop() stopped} and {@linkplain #start() started} again: on the same ports, the same log
 * directory and the same cluster id, so that topics, records and committed offsets are still there, as after a
 * broker outage. {@link #close()} stops it for good and deletes its log directory when that was a temporary one.
 *
 * <p>Every broker of the harness refuses to create topics on the fly ({@code auto.create.topics.enable=false}: the
 * topics are created with their partitions and policy by {@code TopicProvisioner}, so a typo fails), balances a new
 * consumer group at once, and shuts down in a controlled way, without which the controller still holds the old
 * registration after a restart and refuses the broker until its session expires.
 */
public final class EmbeddedKafka implements KafkaBroker {

    // Ports chosen by the harness can be taken between choosing and binding them (other tests, other processes).
    private static final int START_ATTEMPTS_ON_FREE_PORTS = 3;

    private final int port;
    private final int controllerPort;
    private final Path logDir;
    private final boolean temporaryLogDir;
    private final String clusterId;
    private final Path consoleLog;
    private final Map<String, String> properties;
    private EmbeddedKafkaBroker broker;
    private boolean closed;

    private EmbeddedKafka(Builder builder, int port, int controllerPort, Path logDir, String clusterId) {
        this.port = port;
        this.controllerPort = controllerPort;
        this.logDir = logDir;
        this.temporaryLogDir = builder.logDir == null;
        this.clusterId = clusterId;
        this.consoleLog = builder.consoleLog;
        this.properties = Map.copyOf(builder.properties);
    }

    /** How to start a broker; by default on free ports, in a temporary log directory, with a new cluster id. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts the broker again after {@link #stop()}, on the same ports, log directory and cluster id; does nothing
     * when it runs.
     *
     * @throws IllegalStateException after {@link #close()}
     */
    public synchronized EmbeddedKafka start() {
        if (closed) {
            throw new IllegalStateException("closed: " + description());
        }
        if (broker != null) {
            return this;
        }
        EmbeddedKafkaBroker starting = new EmbeddedKafkaBroker()
                .withKafkaHost("localhost")
                .withKafkaPort(port)
                .withControllerPort(controllerPort)
                .withClusterId(clusterId)
                // the harness decides what happens to the data: kept on stop, deleted on close if temporary
                .withDeleteLogDirsOnClose(false)
                .withAdditionalProperties(p -> {
                    // log.dir (not log.dirs): the wrapper creates a temporary one unless log.dir is set
                    p.put("log.dir", logDir.toAbsolutePath().toString());
                    p.put("auto.create.topics.enable", "false");
                    p.put("group.initial.rebalance.delay.ms", "0");
                    // The wrapper turns controlled shutdown off (fine for throw-away brokers); see the class comment.
                    p.put("controlled.shutdown.enable", "true");
                    p.putAll(properties);
                });
        if (consoleLog == null) {
            starting.start();
        } else {
            // Formatting the log directory (first start) prints to System.out, which may be somebody's console.
            PrintStream console = System.out;
            try (PrintStream toLog = new PrintStream(new FileOutputStream(consoleLog.toFile(), true), true,
                    StandardCharsets.UTF_8)) {
                System.setOut(toLog);
                starting.start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + consoleLog, e);
            } finally {
                System.setOut(console);
            }
        }
        broker = starting;
        return this;
    }

    /** Stops the broker, keeping its log directory for {@link #start()}; does nothing when it is stopped. */
    public synchronized void stop() {
        if (broker != null) {
            try {
                broker.close();
            } finally {
                broker = null;
            }
        }
    }

    /** Whether the broker runs now. */
    public synchronized boolean isRunning() {
        return broker != null;
    }

    /** Stops the broker for good; deletes its log directory when the harness made it. Safe to call twice. */
    @Override
    public synchronized void close() {
        try {
            stop();
        } finally {
            if (!closed && temporaryLogDir) {
                Directories.delete(logDir);
            }
            closed = true;
        }
    }

    @Override
    public String bootstrapServers() {
        return "localhost:" + port;
    }

    @Override
    public boolean embedded() {
        return true;
    }

    @Override
    public String description() {
        return "embedded KRaft broker at " + bootstrapServers();
    }

    public int port() {
        return port;
    }

    public int controllerPort() {
        return controllerPort;
    }

    public Path logDir() {
        return logDir;
    }

    public String clusterId() {
        return clusterId;
    }

    /** The settings of a broker to start; every one has a default. */
    public static final class Builder {
        private int port;
        private int controllerPort;
        private Path logDir;
        private String clusterId;
        private Path consoleLog;
        private final Map<String, String> properties = new LinkedHashMap<>();

        private Builder() {
        }

        /** Fixed client and KRaft controller ports on localhost; by default two free ones, chosen together. */
        public Builder ports(int port, int controllerPort) {
            if (port <= 0 || controllerPort <= 0 || port == controllerPort) {
                throw new IllegalArgumentException("two different ports, not " + port + " and " + controllerPort);
            }
            this.port = port;
            this.controllerPort = controllerPort;
            return this;
        }

        /**
         * A log directory that outlives the broker: formatted on first start, reused afterwards (also by a later
         * JVM, given the same {@link #clusterId(String)}). By default a temporary one, deleted on close.
         */
        public Builder logDir(Path logDir) {
            this.logDir = Objects.requireNonNull(logDir, "logDir");
            return this;
        }

        /** The cluster id the log directory was (or is to be) formatted with; by default a new one. */
        public Builder clusterId(String clusterId) {
            this.clusterId = Objects.requireNonNull(clusterId, "clusterId");
            return this;
        }

        /** Receives what the broker prints to stdout instead of logging (the storage format), away from a console. */
        public Builder consoleLog(Path consoleLog) {
            this.consoleLog = Objects.requireNonNull(consoleLog, "consoleLog");
            return this;
        }

        /** One more broker setting, e.g. {@code offsets.topic.num.partitions}. */
        public Builder property(String name, String value) {
            properties.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** Starts the broker; returns once it accepts clients. */
        public EmbeddedKafka start() {
            Path dir = logDir != null ? logDir : Directories.temporary("kafka-");
            // one id for every attempt: a failed attempt may already have formatted the directory with it
            String id = clusterId != null ? clusterId : Uuid.randomUuid().toString();
            try {
                if (port > 0) {
                    return startOn(port, controllerPort, dir, id);
                }
                // Both ports are chosen together: left to itself the broker picks each free port separately and
                // can pick the same one twice.
                RuntimeException last = null;
                for (int attempt = 1; attempt <= START_ATTEMPTS_ON_FREE_PORTS; attempt++) {
                    int[] ports = FreePorts.pick(2);
                    try {
                        return startOn(ports[0], ports[1], dir, id);
                    } catch (RuntimeException e) {
                        last = e;
                    }
                }
                throw new IllegalStateException("cannot start the embedded Kafka broker", last);
            } catch (RuntimeException e) {
                if (logDir == null) {
                    Directories.delete(dir);
                }
                throw e;
            }
        }

        private EmbeddedKafka startOn(int port, int controllerPort, Path dir, String id) {
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create " + dir, e);
            }
            EmbeddedKafka kafka = new EmbeddedKafka(this, port, controllerPort, dir, id);
            try {
                return kafka.start();
            } catch (RuntimeException e) {
                kafka.stop();
                throw e;
            }
        }
    }
}
