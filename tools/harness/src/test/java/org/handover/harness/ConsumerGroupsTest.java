package org.handover.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ConsumerGroupsTest {

    private static final String TOPIC = "groups-test";
    private static EmbeddedKafka kafka;

    @BeforeAll
    static void startBroker() throws Exception {
        kafka = EmbeddedKafka.builder().property("offsets.topic.num.partitions", "1").start();
        try (Admin admin = Admin.create(adminConfig())) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 3, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
    }

    @AfterAll
    static void stopBroker() {
        kafka.close();
    }

    @Test
    void waitsUntilTheGroupOwnsEveryPartitionAndSeesItsCommits() throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        CompletableFuture<Void> member = CompletableFuture.runAsync(() -> {
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                    ConsumerConfig.GROUP_ID_CONFIG, "reader", ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                    ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, true,
                    ConsumerConfig.AUTO_COMMIT_INTERVAL_MS_CONFIG, 100),
                    new StringDeserializer(), new StringDeserializer())) {
                consumer.subscribe(List.of(TOPIC));
                while (!stop.get()) {
                    consumer.poll(Duration.ofMillis(100));
                }
            }
        });
        try {
            ConsumerGroups.awaitAssigned(adminConfig(), Map.of("reader", List.of(TOPIC)), Duration.ofSeconds(60));
            ConsumerGroups.awaitCommitted(kafka.bootstrapServers(), "reader", TOPIC, Duration.ofSeconds(30));

            assertThat(ConsumerGroups.ids(kafka.bootstrapServers())).contains("reader");
            assertThat(ConsumerGroups.committedTopics(kafka.bootstrapServers(), "reader")).containsExactly(TOPIC);
        } finally {
            stop.set(true);
            member.get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void aGroupWithoutMembersIsNamedWhenTheWaitIsOver() {
        assertThatThrownBy(() -> ConsumerGroups.awaitAssigned(adminConfig(), Map.of("nobody", List.of(TOPIC)),
                Duration.ofSeconds(2)))
                .isInstanceOf(ConditionTimeoutException.class)
                .hasMessageContaining("nobody");
        assertThatThrownBy(() -> ConsumerGroups.awaitCommitted(kafka.bootstrapServers(), "nobody", TOPIC,
                Duration.ofSeconds(1)))
                .isInstanceOf(ConditionTimeoutException.class)
                .hasMessageContaining("nobody").hasMessageContaining(TOPIC);
    }

    private static Map<String, Object> adminConfig() {
        return Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    }
}
