package org.handover.localstack.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.handover.harness.ExternalDatabase;
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
        assertThat(config.emulator()).isTrue();
        assertThat(config.emulatorPort()).isEqualTo(8090);
        assertThat(config.emulatorOffReason()).isNull();
        assertThat(config.listeningPorts()).containsKey(8090);
    }

    @Test
    void emulatorPortMovesAndClashesAreNamed() {
        assertThat(StackConfig.fromEnvironment(ROOT, Map.of("EMULATOR_PORT", "18090"), List.of()).emulatorPort())
                .isEqualTo(18090);
        assertThatThrownBy(() -> StackConfig.fromEnvironment(ROOT, Map.of("EMULATOR_PORT", "8083"), List.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("the same port is configured twice: 8083 (EMULATOR_PORT and HANDOVER_PORT)");
    }

    @Test
    void noEmulatorWhenTheGraphApiIsGivenOrTheEmulatorIsSwitchedOff() {
        StackConfig elsewhere = StackConfig.fromEnvironment(ROOT, Map.of(
                "MESSENGER_GRAPH_BASE_URL", "http://emulator.test:9000", "EMULATOR_PORT", "8081"), List.of());
        StackConfig off = StackConfig.fromEnvironment(ROOT, Map.of("LOCAL_EMULATOR", "OFF"), List.of());

        // the port of an emulator that does not run is neither checked nor claimed
        assertThat(elsewhere.emulator()).isFalse();
        assertThat(elsewhere.listeningPorts()).doesNotContainKey(8090);
        assertThat(elsewhere.emulatorOffReason())
                .isEqualTo("MESSENGER_GRAPH_BASE_URL is set: the services call http://emulator.test:9000");
        assertThat(off.emulator()).isFalse();
        assertThat(off.emulatorOffReason()).startsWith("LOCAL_EMULATOR=off: the services call the real Graph API");
        assertThatThrownBy(() -> StackConfig.fromEnvironment(ROOT, Map.of("LOCAL_EMULATOR", "no"), List.of()))
                .isInstanceOf(ConfigException.class).hasMessage("LOCAL_EMULATOR must be on or off, not 'no'");
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
        // neither Kafka nor PostgreSQL is embedded, so only the emulator's and the services' ports are checked
        assertThat(config.listeningPorts()).containsOnlyKeys(8090, 18081, 8082, 8083, 8084);
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

    @Test
    void exceptLeavesOneServiceOutKeepsItsPortAndNamesTheServicesOnAMistake() {
        StackConfig config = StackConfig.fromEnvironment(ROOT, Map.of("HANDOVER_PORT", "18083"),
                List.of("--no-build", "--except", "handover-service", "--wipe"));

        assertThat(config.except().name()).isEqualTo("handover-service");
        assertThat(config.services()).extracting(s -> s.name())
                .containsExactly("ingress-service", "routing-service", "bot-service");
        assertThat(config.runs("handover-service")).isFalse();
        assertThat(config.runs("bot-service")).isTrue();
        // its port is where dev mode listens: known, but not checked as free (dev mode may already run there)
        assertThat(config.port("handover-service")).isEqualTo(18083);
        assertThat(config.listeningPorts()).doesNotContainKey(18083).containsKey(8084);
        assertThat(config.wipe()).isTrue();
        assertThat(StackConfig.fromEnvironment(ROOT, Map.of(), List.of()).except()).isNull();

        assertThatThrownBy(() -> StackConfig.fromEnvironment(ROOT, Map.of(), List.of("--except")))
                .isInstanceOf(ConfigException.class).hasMessage("--except needs a service name: one of "
                        + "ingress-service, routing-service, handover-service, bot-service");
        assertThatThrownBy(() -> StackConfig.fromEnvironment(ROOT, Map.of(), List.of("--except", "kafka")))
                .isInstanceOf(ConfigException.class).hasMessage("no service named 'kafka': one of "
                        + "ingress-service, routing-service, handover-service, bot-service");
        assertThatThrownBy(() -> StackConfig.fromEnvironment(ROOT, Map.of(),
                List.of("--except", "bot-service", "--except", "ingress-service")))
                .isInstanceOf(ConfigException.class).hasMessage("--except leaves out one service only");
    }
}
