package org.handover.localstack.infra;

import io.smallrye.reactive.messaging.kafka.companion.test.EmbeddedKafkaBroker;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** The Kafka cluster of a local stack: a broker running in the launcher JVM, or an external one. */
public interface KafkaBroker extends AutoCloseable {

    /** {@code host:port[,host:port...]}, the form clients and {@code KAFKA_BOOTSTRAP_SERVERS} expect. */
    String bootstrapServers();

    /** Whether the broker runs in this JVM (and so stops with it). */
    boolean embedded();

    /** One line for the user: what it is and where. */
    String description();

    /** Stops the broker if it is ours; an external one is left alone. */
    @Override
    void close();

    /** A broker somebody else runs. */
    static KafkaBroker external(String bootstrapServers) {
        return new KafkaBroker() {
            @Override
            public String bootstrapServers() {
                return bootstrapServers;
            }

            @Override
            public boolean embedded() {
                return false;
            }

            @Override
            public String description() {
                return "external broker at " + bootstrapServers;
            }

            @Override
            public void close() {
                // not ours to stop
            }
        };
    }

    /**
     * Starts a real single-node KRaft broker (broker and controller in one) in this JVM, on fixed ports, keeping its
     * data in {@code logDir} across restarts.
     *
     * @param port           client port, on localhost
     * @param controllerPort KRaft controller port, on localhost
     * @param logDir         log directory; formatted on first start, reused afterwards
     * @param clusterId      the cluster id {@code logDir} was (or is to be) formatted with
     * @param log            receives what the broker prints to stdout instead of logging (the storage format)
     */
    static KafkaBroker embedded(int port, int controllerPort, Path logDir, String clusterId, Path log) {
        EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker()
                .withKafkaHost("localhost")
                .withKafkaPort(port)
                .withControllerPort(controllerPort)
                .withClusterId(clusterId)
                // the data is the point of a persistent local stack; --wipe is how to start afresh
                .withDeleteLogDirsOnClose(false)
                .withAdditionalProperties(p -> {
                    // log.dir (not log.dirs): the wrapper creates a temporary one unless log.dir is set
                    p.put("log.dir", logDir.toAbsolutePath().toString());
                    // every topic is created with its partitions and policy by TopicProvisioner; a typo must fail
                    p.put("auto.create.topics.enable", "false");
                    p.put("group.initial.rebalance.delay.ms", "0");
                    // The wrapper turns controlled shutdown off (fine for throw-away test brokers). Without it the
                    // controller still holds the old registration after a restart and refuses the broker until the
                    // session expires; with it, the broker leaves cleanly and a restart does not wait.
                    p.put("controlled.shutdown.enable", "true");
                });
        // Formatting the log directory (first start) prints to System.out; the console is the launcher's.
        PrintStream console = System.out;
        try (PrintStream toLog = new PrintStream(new FileOutputStream(log.toFile(), true), true,
                StandardCharsets.UTF_8)) {
            System.setOut(toLog);
            broker.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + log, e);
        } finally {
            System.setOut(console);
        }
        String bootstrap = "localhost:" + port;
        return new KafkaBroker() {
            @Override
            public String bootstrapServers() {
                return bootstrap;
            }

            @Override
            public boolean embedded() {
                return true;
            }

            @Override
            public String description() {
                return "embedded KRaft broker at " + bootstrap;
            }

            @Override
            public void close() {
                broker.close();
            }
        };
    }
}
