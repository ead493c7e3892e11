package org.handover.harness;

/** A Kafka cluster to run against: a broker in this JVM ({@link EmbeddedKafka}), or one somebody else runs. */
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
}
