package org.handover.testsupport;

import io.smallrye.reactive.messaging.kafka.companion.test.EmbeddedKafkaBroker;
import org.testcontainers.kafka.KafkaContainer;

/** A running Kafka broker for tests, whichever way it was obtained. */
interface KafkaBroker extends AutoCloseable {

    String bootstrapServers();

    String description();

    @Override
    void close();

    static KafkaBroker start(InfrastructureMode mode) {
        return switch (mode) {
            case EXTERNAL -> external(System.getenv(InfrastructureMode.KAFKA_ENV));
            case TESTCONTAINERS -> container();
            case EMBEDDED -> embedded();
        };
    }

    private static KafkaBroker external(String bootstrapServers) {
        return new KafkaBroker() {
            @Override
            public String bootstrapServers() {
                return bootstrapServers;
            }

            @Override
            public String description() {
                return "external Kafka at " + bootstrapServers;
            }

            @Override
            public void close() {
                // not ours to stop
            }
        };
    }

    private static KafkaBroker container() {
        KafkaContainer container = new KafkaContainer(InfrastructureMode.KAFKA_IMAGE);
        container.start();
        return new KafkaBroker() {
            @Override
            public String bootstrapServers() {
                return container.getBootstrapServers();
            }

            @Override
            public String description() {
                return "Kafka container " + InfrastructureMode.KAFKA_IMAGE;
            }

            @Override
            public void close() {
                container.stop();
            }
        };
    }

    private static KafkaBroker embedded() {
        // Ports can be taken between choosing and binding them (other tests, other processes): try a few times.
        RuntimeException last = null;
        for (int attempt = 1; attempt <= 3; attempt++) {
            try {
                return startEmbedded();
            } catch (RuntimeException e) {
                last = e;
            }
        }
        throw new IllegalStateException("cannot start the embedded Kafka broker", last);
    }

    private static KafkaBroker startEmbedded() {
        // A real KRaft broker (controller and broker in one node) in this JVM, in a temporary log directory that is
        // deleted when it stops. Both ports are chosen together: left to itself the broker picks each free port
        // separately and can pick the same one twice.
        int[] ports = FreePorts.pick(2);
        EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker()
                .withKafkaPort(ports[0])
                .withControllerPort(ports[1])
                .withDeleteLogDirsOnClose(true)
                .withAdditionalProperties(p -> {
                    p.put("auto.create.topics.enable", "false");
                    p.put("group.initial.rebalance.delay.ms", "0");
                    p.put("offsets.topic.num.partitions", "3");
                })
                .start();
        return new KafkaBroker() {
            @Override
            public String bootstrapServers() {
                // "PLAINTEXT://localhost:port" -> "localhost:port", the form clients and properties expect
                String listener = broker.getAdvertisedListeners().split(",")[0];
                return listener.substring(listener.indexOf("://") + 3);
            }

            @Override
            public String description() {
                return "embedded KRaft broker at " + bootstrapServers();
            }

            @Override
            public void close() {
                broker.close();
            }
        };
    }
}
