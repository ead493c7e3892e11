package org.handover.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaTest {

    private static final String TOPIC = "drill";
    private static final String GROUP = "drill-reader";

    @TempDir
    Path dir;

    @Test
    void aStoppedBrokerStartsAgainOnTheSamePortsWithItsRecordsAndOffsets() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.builder().start()) {
            String bootstrap = kafka.bootstrapServers();
            createTopic(bootstrap);
            produce(bootstrap, "before the outage");
            assertThat(consume(bootstrap, 1)).containsExactly("before the outage");

            kafka.stop();

            assertThat(kafka.isRunning()).isFalse();
            await("the broker's ports released").atMost(Duration.ofSeconds(10))
                    .until(() -> FreePorts.isFree(kafka.port()) && FreePorts.isFree(kafka.controllerPort()));
            assertThat(kafka.logDir()).isDirectory();

            kafka.start();

            assertThat(kafka.isRunning()).isTrue();
            assertThat(kafka.bootstrapServers()).isEqualTo(bootstrap);
            try (Admin admin = admin(bootstrap)) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(GROUP)
                        .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
                assertThat(committed.get(new TopicPartition(TOPIC, 0)).offset()).as("the group's offset").isEqualTo(1);
            }
            produce(bootstrap, "after the outage");
            // the group carries on after what it had read: the first record is not read again
            assertThat(consume(bootstrap, 1)).containsExactly("after the outage");
        }
    }

    @Test
    void aLogDirectoryGivenOutlivesTheBrokerAndANewOneWithTheSameClusterIdFindsItsTopics() throws Exception {
        Path logDir = dir.resolve("kafka");
        int[] ports = FreePorts.pick(2);
        String clusterId;
        try (EmbeddedKafka kafka = EmbeddedKafka.builder().ports(ports[0], ports[1]).logDir(logDir)
                .consoleLog(dir.resolve("kafka.log")).start()) {
            clusterId = kafka.clusterId();
            createTopic(kafka.bootstrapServers());
        }
        assertThat(logDir).isDirectoryContaining("glob:**/meta.properties");

        try (EmbeddedKafka kafka = EmbeddedKafka.builder().ports(ports[0], ports[1]).logDir(logDir)
                .clusterId(clusterId).start(); Admin admin = admin(kafka.bootstrapServers())) {
            assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).contains(TOPIC);
        }
        assertThat(Files.readString(dir.resolve("kafka.log"))).as("what the broker printed while formatting")
                .isNotEmpty();
    }

    @Test
    void aTemporaryLogDirectoryIsDeletedOnCloseAndAClosedBrokerStaysClosed() {
        EmbeddedKafka kafka = EmbeddedKafka.builder().start();
        Path logDir = kafka.logDir();
        assertThat(logDir).isDirectory();

        kafka.close();
        kafka.close();

        assertThat(logDir).doesNotExist();
        assertThatThrownBy(kafka::start).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    private static void createTopic(String bootstrap) throws Exception {
        try (Admin admin = admin(bootstrap)) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
    }

    private static void produce(String bootstrap, String value) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(TOPIC, "key", value)).get(30, TimeUnit.SECONDS);
        }
    }

    /** Reads {@code count} records in the group and commits them. */
    private static List<String> consume(String bootstrap, int count) {
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ConsumerConfig.GROUP_ID_CONFIG, GROUP,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest", ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(TOPIC));
            await("records of " + TOPIC).atMost(Duration.ofSeconds(30)).pollInSameThread().until(() -> {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    values.add(record.value());
                }
                return values.size() >= count;
            });
            consumer.commitSync(Duration.ofSeconds(30));
        }
        return values;
    }

    private static Admin admin(String bootstrap) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
    }
}
