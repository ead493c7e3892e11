package org.handover.service.support.messaging;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.handover.harness.EmbeddedKafka;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The kill -9 drill of issue 17 on a real broker: two members of a group share a topic's partitions, one is a child
 * JVM killed with SIGKILL (no LeaveGroup, no close), and the survivor must serve the dead member's partitions. With the
 * consumers' settings (session 6 s, heartbeat 2 s, as in every service's application.properties) it does so in about
 * 6 to 9 s; with the client's default 45 s session it would take about 45 s. Prints the measured time.
 *
 * <p>Classic group protocol: Kafka 4's {@code group.protocol=consumer} takes its session timeout from the broker
 * ({@code group.consumer.session.timeout.ms}, minimum {@code group.consumer.min.session.timeout.ms}, both 45 s by
 * default, also on this harness's broker), so the client cannot shorten it.
 */
class RecoveryDrillTest {

    static final String SESSION_TIMEOUT_MS = "6000";
    static final String HEARTBEAT_INTERVAL_MS = "2000";
    private static final String TOPIC = "drill.recovery";
    private static final int PARTITIONS = 6;

    private static EmbeddedKafka kafka;

    @BeforeAll
    static void startBroker() throws Exception {
        kafka = EmbeddedKafka.builder().property("offsets.topic.num.partitions", "1").start();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(TOPIC, PARTITIONS, (short) 1))).all().get();
        }
    }

    @AfterAll
    static void stopBroker() {
        if (kafka != null) {
            kafka.close();
        }
    }

    static Map<String, Object> consumerConfig(String bootstrap, String group) {
        return Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ConsumerConfig.GROUP_ID_CONFIG, group,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest",
                ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, SESSION_TIMEOUT_MS,
                ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, HEARTBEAT_INTERVAL_MS);
    }

    @Test
    void theDeadMembersPartitionsAreServedWithinSecondsAfterAKill9() throws Exception {
        String group = "drill-" + System.nanoTime();
        Process victim = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Member.class.getName(), kafka.bootstrapServers(), group)
                .redirectErrorStream(true).start();
        AtomicReference<Set<Integer>> victimPartitions = new AtomicReference<>(Set.of());
        Thread reader = new Thread(() -> readAssignments(victim, victimPartitions), "victim-output");
        reader.setDaemon(true);
        reader.start();
        Survivor survivor = new Survivor(kafka.bootstrapServers(), group);
        Thread survivorThread = new Thread(survivor, "survivor");
        survivorThread.start();
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> !victimPartitions.get().isEmpty()
                    && victimPartitions.get().size() + survivor.assigned.size() == PARTITIONS);
            Set<Integer> orphaned = Set.copyOf(victimPartitions.get());

            victim.destroyForcibly(); // SIGKILL
            victim.waitFor();
            long killed = System.nanoTime();
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                    Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()), new StringSerializer(),
                    new StringSerializer())) {
                for (int partition : orphaned) {
                    producer.send(new ProducerRecord<>(TOPIC, partition, "k", "after the kill")).get();
                }
            }

            await().atMost(Duration.ofSeconds(30)).until(() -> survivor.firstRecordAt.keySet().containsAll(orphaned));
            long served = orphaned.stream().mapToLong(survivor.firstRecordAt::get).max().orElseThrow();
            double seconds = (served - killed) / 1e9;
            System.out.printf("RecoveryDrillTest: partitions %s of the killed member served again %.1f s after the "
                    + "kill (session.timeout.ms=%s, heartbeat.interval.ms=%s)%n", orphaned, seconds, SESSION_TIMEOUT_MS,
                    HEARTBEAT_INTERVAL_MS);
            // Below the client's default session timeout (45 s) by far; the target is 10 s (not asserted on a
            // shared 2-core machine, where a start-up can stall the broker for seconds).
            assertThat(seconds).isLessThan(30);
        } finally {
            victim.destroyForcibly();
            survivor.running.set(false);
            survivorThread.join(10_000);
        }
    }

    private static void readAssignments(Process process, AtomicReference<Set<Integer>> partitions) {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.startsWith("ASSIGNED ")) {
                    String list = line.substring("ASSIGNED ".length()).strip();
                    partitions.set(list.isEmpty() ? Set.of()
                            : Arrays.stream(list.split(",")).map(Integer::valueOf).collect(Collectors.toSet()));
                }
            }
        } catch (java.io.IOException e) {
            // the process is gone
        }
    }

    /** The in-process member: records when it first sees a record of each partition. */
    private static final class Survivor implements Runnable {
        final Set<Integer> assigned = new CopyOnWriteArraySet<>();
        final Map<Integer, Long> firstRecordAt = new ConcurrentHashMap<>();
        final AtomicBoolean running = new AtomicBoolean(true);
        private final KafkaConsumer<String, String> consumer;

        Survivor(String bootstrap, String group) {
            consumer = new KafkaConsumer<>(consumerConfig(bootstrap, group), new StringDeserializer(),
                    new StringDeserializer());
        }

        @Override
        public void run() {
            try (consumer) {
                consumer.subscribe(List.of(TOPIC), new ConsumerRebalanceListener() {
                    @Override
                    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                        partitions.forEach(p -> assigned.remove(p.partition()));
                    }

                    @Override
                    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                        partitions.forEach(p -> assigned.add(p.partition()));
                    }
                });
                while (running.get()) {
                    for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                        firstRecordAt.putIfAbsent(record.partition(), System.nanoTime());
                    }
                }
            }
        }
    }

    /** The member that gets killed: a child JVM that prints its assignment ("ASSIGNED 0,3,4") on every change. */
    public static final class Member {
        public static void main(String[] args) {
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerConfig(args[0], args[1]),
                    new StringDeserializer(), new StringDeserializer())) {
                consumer.subscribe(List.of(TOPIC), new ConsumerRebalanceListener() {
                    @Override
                    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    }

                    @Override
                    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                        System.out.println("ASSIGNED " + consumer.assignment().stream().map(TopicPartition::partition)
                                .sorted().map(String::valueOf).collect(Collectors.joining(",")));
                        System.out.flush();
                    }
                });
                while (true) {
                    consumer.poll(Duration.ofMillis(100));
                }
            }
        }
    }
}
