package org.handover.testsupport;

import java.util.Optional;
import org.handover.harness.Database;
import org.handover.harness.EmbeddedDatabase;
import org.handover.harness.EmbeddedKafka;
import org.handover.harness.ExternalDatabase;
import org.handover.harness.KafkaBroker;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * Starts the broker and the database of a test JVM the way {@link InfrastructureMode} says: external ones as
 * configured, Testcontainers, or the harness's embedded ones.
 */
final class TestInfrastructure {

    private TestInfrastructure() {
    }

    static KafkaBroker kafka(InfrastructureMode mode) {
        return switch (mode) {
            case EXTERNAL -> KafkaBroker.external(System.getenv(InfrastructureMode.KAFKA_ENV));
            case TESTCONTAINERS -> kafkaContainer();
            // temporary log directory, deleted when it stops; few offset partitions, since every test group
            // creates its coordinator's partition on first use
            case EMBEDDED -> EmbeddedKafka.builder().property("offsets.topic.num.partitions", "3").start();
        };
    }

    static Database postgres(InfrastructureMode mode) {
        return switch (mode) {
            case EXTERNAL -> Database.external(new ExternalDatabase(System.getenv(InfrastructureMode.JDBC_URL_ENV),
                    System.getenv().getOrDefault(InfrastructureMode.JDBC_USERNAME_ENV, "postgres"),
                    System.getenv().getOrDefault(InfrastructureMode.JDBC_PASSWORD_ENV, "")));
            case TESTCONTAINERS -> postgresContainer();
            // a free port and a temporary data directory, deleted when it stops
            case EMBEDDED -> EmbeddedDatabase.builder().start();
        };
    }

    private static KafkaBroker kafkaContainer() {
        KafkaContainer container = new KafkaContainer(InfrastructureMode.KAFKA_IMAGE);
        container.start();
        return new KafkaBroker() {
            @Override
            public String bootstrapServers() {
                return container.getBootstrapServers();
            }

            @Override
            public boolean embedded() {
                return false;
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

    private static Database postgresContainer() {
        PostgreSQLContainer container = new PostgreSQLContainer(InfrastructureMode.POSTGRES_IMAGE);
        container.start();
        return new Database() {
            @Override
            public String jdbcUrl() {
                return container.getJdbcUrl();
            }

            @Override
            public String username() {
                return container.getUsername();
            }

            @Override
            public String password() {
                return container.getPassword();
            }

            @Override
            public boolean embedded() {
                return false;
            }

            @Override
            public String description() {
                return "PostgreSQL container " + InfrastructureMode.POSTGRES_IMAGE;
            }

            @Override
            public Optional<ProcessHandle> postmaster() {
                return Optional.empty();
            }

            @Override
            public void close() {
                container.stop();
            }
        };
    }
}
