package org.handover.localstack.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StackConfigTest {

    private static final Path ROOT = Path.of("/repo");

    @Test
    void defaultsRunEverythingEmbeddedOnTheDocumentedPorts() {
        StackConfig config = StackConfig.fromEnvironment(ROOT, Map.of(), List.of());

        assertThat(config.stateDir()).isEqualTo(Path.of("/repo/.local-stack"));
        assertThat(config.wipe()).isFalse();
        assertThat(config.embeddedKafka()).isTrue();
        assertThat(config.embeddedDatabase()).isTrue();
        assertThat(config.kafkaPort()).isEqualTo(9092);
        assertThat(config.kafkaControllerPort()).isEqualTo(9093);
        assertThat(config.postgresPort()).isEqualTo(5432);
        assertThat(config.servicePorts()).containsExactly(Map.entry("ingress-service", 8081),
                Map.entry("routing-service", 8082), Map.entry("handover-service", 8083),
                Map.entry("bot-service", 8084));
        assertThat(config.readyTimeout()).isEqualTo(Duration.ofSeconds(120));
    }

    @Test
    void environmentMovesPortsAndPointsAtExternalInfrastructure() {
        StackConfig config = StackConfig.fromEnvironment(ROOT, Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", "broker:9092",
                "DATABASE_JDBC_URL", "jdbc:postgresql://db:5432/handover",
                "DATABASE_USERNAME", "handover",
                "DATABASE_PASSWORD", "s3cret",
                "INGRESS_PORT", "18081",
                "LOCAL_STACK_READY_TIMEOUT_SECONDS", "30",
                "LOCAL_STACK_DIR", "/tmp/stack"), List.of("--wipe", "--no-build"));

        assertThat(config.wipe()).isTrue();
        assertThat(config.externalKafka()).isEqualTo("broker:9092");
        assertThat(config.externalDatabase()).isEqualTo(
                new ExternalDatabase("jdbc:postgresql://db:5432/handover", "handover", "s3cret"));
        assertThat(config.port("ingress-service")).isEqualTo(18081);
        assertThat(config.readyTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.stateDir()).isEqualTo(Path.of("/tmp/stack"));
        // nothing embedded listens, so only the services' ports are checked before starting
        assertThat(config.listeningPorts()).containsOnlyKeys(18081, 8082, 8083, 8084);
    }

    @Test
    void controllerPortFollowsAMovedKafkaPort() {
        StackConfig config = StackConfig.fromEnvironment(ROOT, Map.of("LOCAL_KAFKA_PORT", "19092"), List.of());

        assertThat(config.kafkaControllerPort()).isEqualTo(19093);
    }

    @Test
    void rejectsMalformedValuesClashingPortsAndUnknownOptions() {
        assertThatThrownBy(() -> StackConfig.fromEnvironment(ROOT, Map.of("BOT_PORT", "eighty"), List.of()))
                .isInstanceOf(ConfigException.class).hasMessage("BOT_PORT must be a number, not 'eighty'");
        assertThatThrownBy(() -> StackConfig.fromEnvironment(ROOT, Map.of("BOT_PORT", "70000"), List.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("BOT_PORT must be a port number");
        assertThatThrownBy(() -> StackConfig.fromEnvironment(ROOT, Map.of("BOT_PORT", "8081"), List.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("the same port is configured twice: 8081 (INGRESS_PORT and BOT_PORT)");
        assertThatThrownBy(() -> StackConfig.fromEnvironment(ROOT, Map.of(), List.of("--fast")))
                .isInstanceOf(ConfigException.class).hasMessage("unknown option --fast");
    }

    @Test
    void neverShowsTheDatabasePassword() {
        ExternalDatabase database = new ExternalDatabase(
                "jdbc:postgresql://db/handover?user=h&password=s3cret&ssl=true", "h", "s3cret");

        assertThat(database.toString()).doesNotContain("s3cret");
        assertThat(ExternalDatabase.redact(database.jdbcUrl()))
                .isEqualTo("jdbc:postgresql://db/handover?user=h&password=***&ssl=true");
    }
}
