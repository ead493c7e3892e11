package org.handover.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.DriverManager;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.handover.contracts.TopicSpec;
import org.handover.contracts.Topics;
import org.junit.jupiter.api.Test;

class KafkaAndPostgresResourceTest {

    @Test
    void startsARealBrokerWithEveryTopicAsSpecified() throws Exception {
        KafkaAndPostgresResource resource = new KafkaAndPostgresResource();
        resource.init(Map.of());
        Map<String, String> config = resource.start();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                config.get("kafka.bootstrap.servers")))) {
            Map<String, TopicDescription> topics = admin.describeTopics(Topics.ALL.stream().map(TopicSpec::name).toList())
                    .allTopicNames().get(30, TimeUnit.SECONDS);
            var configs = admin.describeConfigs(Topics.ALL.stream()
                    .map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t.name())).toList())
                    .all().get(30, TimeUnit.SECONDS);

            for (TopicSpec spec : Topics.ALL) {
                assertThat(topics.get(spec.name()).partitions()).as(spec.name()).hasSize(spec.partitions());
                var actual = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, spec.name()));
                spec.config().forEach((name, value) -> assertThat(actual.get(name).value()).as(spec.name() + " " + name)
                        .isEqualTo(value));
            }
        } finally {
            resource.stop();
        }
        assertThat(config).doesNotContainKey("quarkus.datasource.jdbc.url");
    }

    @Test
    void givesARealPostgresWhenAsked() throws Exception {
        KafkaAndPostgresResource resource = new KafkaAndPostgresResource();
        resource.init(Map.of("postgres", "true"));
        Map<String, String> config = resource.start();
        try (var connection = DriverManager.getConnection(config.get("quarkus.datasource.jdbc.url"),
                config.get("quarkus.datasource.username"), config.get("quarkus.datasource.password"));
                var result = connection.createStatement().executeQuery("show server_version_num")) {
            result.next();
            assertThat(result.getInt(1)).as("PostgreSQL 15 or later").isGreaterThanOrEqualTo(150000);
        } finally {
            resource.stop();
        }
    }

    @Test
    void providesTheSameInfrastructureToEveryTestClassOfAJvm() {
        KafkaAndPostgresResource first = new KafkaAndPostgresResource();
        KafkaAndPostgresResource second = new KafkaAndPostgresResource();
        first.init(Map.of());
        second.init(Map.of());

        List<String> servers = List.of(first.start().get("kafka.bootstrap.servers"),
                second.start().get("kafka.bootstrap.servers"));
        first.stop();
        second.stop();

        assertThat(servers.get(0)).isEqualTo(servers.get(1)).doesNotStartWith("PLAINTEXT://");
    }
}
