package org.handover.routing;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kafka.InjectKafkaCompanion;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.StringSerializer;
import org.handover.contracts.ContractJson;
import org.handover.contracts.MalformedRecordException;
import org.handover.contracts.RawEventHeaders;
import org.handover.contracts.Topics;
import org.handover.testsupport.KafkaAndPostgresResource;
import org.handover.testsupport.TopicReader;
import org.handover.testsupport.fuzz.Json;
import org.handover.testsupport.fuzz.JsonMutator;
import org.handover.testsupport.fuzz.MetaShapes;
import org.handover.testsupport.fuzz.TopicSnapshot;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes routing-service's raw-event consumer with the webhook fuzz's events ({@link MetaShapes} mutated by
 * {@link JsonMutator}, the same generators and seed property as ingress-service's {@code WebhookFuzzTest}), as
 * ingress writes them, plus what ingress never writes but a topic can hold: values that are not JSON, empty values
 * and tombstones, keys that disagree with the event, missing and odd headers. The seed is printed;
 * {@code -Dfuzz.seed=N} repeats a run.
 *
 * <p>Checked: the consumer group's committed offsets reach the end of every partition written (nothing stuck), and
 * each record is either classified onto {@code conversation.inbound} (its {@code source} names it) or on the
 * dead-letter topic (its {@code dead-letter-partition}/{@code -offset} name it) with a reason, as a
 * {@link MalformedRecordException}: a dead letter for any other exception would be a crash, not a contract breach.
 */
@QuarkusTest
@WithTestResource(KafkaAndPostgresResource.class)
class RawEventFuzzTest {

    private static final int RECORDS = 5_000;
    private static final long DEFAULT_SEED = 20_261_201L;
    private static final String GROUP = "routing-service";
    private static final Duration DRAINED_WITHIN = Duration.ofMinutes(4);

    @InjectKafkaCompanion
    KafkaCompanion kafka;

    @Test
    void everyMutatedRawRecordIsClassifiedOrDeadLetteredAndNoPartitionIsStuck() throws Exception {
        long seed = JsonMutator.seed("fuzz.seed", DEFAULT_SEED);
        Random random = new Random(seed);
        MetaShapes shapes = new MetaShapes(random);
        JsonMutator mutator = new JsonMutator(random);
        String page = Long.toString(800_000_000_000_000L + Math.floorMod(seed, 99_999_999_999_999L));

        Map<TopicPartition, Set<Long>> produced = new HashMap<>();
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.getBootstrapServers());
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(1024 * 1024));
        List<Future<RecordMetadata>> sends = new ArrayList<>(RECORDS);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(),
                new StringSerializer())) {
            for (int i = 0; i < RECORDS; i++) {
                String psid = "f" + i % 40;
                Object event = shapes.event(page, psid);
                String value = value(i, event, mutator, random);
                if (value != null && value.length() > 900_000) {
                    value = value.substring(0, 900_000); // ingress never writes a record over the budget
                }
                sends.add(producer.send(new ProducerRecord<>(Topics.WEBHOOK_RAW, null, key(random, page, psid), value,
                        headers(random, page, i))));
            }
            producer.flush();
            for (Future<RecordMetadata> send : sends) {
                RecordMetadata written = send.get(60, TimeUnit.SECONDS);
                produced.computeIfAbsent(new TopicPartition(written.topic(), written.partition()),
                        p -> new HashSet<>()).add(written.offset());
            }
        }
        long started = System.nanoTime();

        await("the consumer group past every record written").atMost(DRAINED_WITHIN)
                .pollInterval(Duration.ofMillis(500)).until(() -> drained(produced));
        System.out.printf("Routing fuzz, seed %d: %d records drained in %d ms%n", seed, RECORDS,
                Duration.ofNanos(System.nanoTime() - started).toMillis());

        Set<String> classified = new HashSet<>();
        for (ConsumerRecord<byte[], byte[]> record : TopicSnapshot.read(kafka.getBootstrapServers(),
                Topics.CONVERSATION_INBOUND, r -> true)) {
            JsonNode source = ContractJson.mapper().readTree(record.value()).path("source");
            if (Topics.WEBHOOK_RAW.equals(source.path("topic").asText())) {
                classified.add(source.path("partition").asInt() + "@" + source.path("offset").asLong());
            }
        }
        Set<String> deadLettered = new HashSet<>();
        Map<String, Long> deadLetterClasses = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : TopicSnapshot.read(kafka.getBootstrapServers(),
                Topics.deadLetter(Topics.WEBHOOK_RAW), r -> true)) {
            Map<String, String> headers = TopicReader.headers(record);
            String at = headers.get("dead-letter-partition") + "@" + headers.get("dead-letter-offset");
            if (!isProduced(produced, at)) {
                continue;
            }
            deadLettered.add(at);
            String exception = headers.get("dead-letter-exception-class-name");
            deadLetterClasses.merge(String.valueOf(exception), 1L, Long::sum);
            if (headers.get("dead-letter-reason") == null || headers.get("dead-letter-reason").isBlank()) {
                problems.add(at + ": dead-lettered without a reason");
            }
            if (exception != null && !MalformedRecordException.class.getName().equals(exception)) {
                problems.add(at + ": dead-lettered by a crash, " + exception);
            }
        }
        int lost = 0;
        for (var partition : produced.entrySet()) {
            for (long offset : partition.getValue()) {
                String at = partition.getKey().partition() + "@" + offset;
                if (!classified.contains(at) && !deadLettered.contains(at)) {
                    lost++;
                    problems.add(at + ": neither classified nor dead-lettered");
                }
            }
        }
        System.out.printf("Routing fuzz, seed %d: %d classified, %d dead-lettered %s, %d neither%n", seed,
                produced.values().stream().mapToLong(Set::size).sum() - deadLettered.size() - lost,
                deadLettered.size(), deadLetterClasses, lost);
        assertThat(problems).as("records outside the contract (seed %d)", seed).isEmpty();
    }

    /** A valid event now and then; mostly mutated; sometimes what only a broken writer would put on the topic. */
    private static String value(int i, Object event, JsonMutator mutator, Random random) {
        if (i % 10 == 0) {
            return Json.write(event);
        }
        return switch (random.nextInt(40)) {
            case 0 -> null; // a tombstone
            case 1 -> "";
            case 2 -> "[" + Json.write(event) + "]";
            default -> new String(mutator.mutate(event), UTF_8);
        };
    }

    private static String key(Random random, String page, String psid) {
        return switch (random.nextInt(20)) {
            case 0 -> null;
            case 1 -> page;
            case 2 -> page + ":" + psid + ":x";
            case 3 -> page + ":other";
            case 4 -> "";
            default -> page + ":" + psid;
        };
    }

    private static RecordHeaders headers(Random random, String page, int i) {
        RecordHeaders headers = new RecordHeaders();
        String[] channels = {RawEventHeaders.CHANNEL_MESSAGING, RawEventHeaders.CHANNEL_STANDBY, "", "changes",
            "\u0000"};
        String[] times = {"1764061200100", "", "abc", "-1", "99999999999999999999", "1.5"};
        if (random.nextInt(15) != 0) {
            headers.add(RawEventHeaders.CHANNEL, (random.nextInt(6) == 0 ? channels[random.nextInt(channels.length)]
                    : RawEventHeaders.CHANNEL_MESSAGING).getBytes(UTF_8));
        }
        if (random.nextInt(15) != 0) {
            headers.add(RawEventHeaders.PAGE_ID, (random.nextInt(10) == 0 ? "7" + page : page).getBytes(UTF_8));
        }
        headers.add(RawEventHeaders.ENTRY_TIME, times[random.nextInt(6) == 0 ? random.nextInt(times.length) : 0]
                .getBytes(UTF_8));
        headers.add(RawEventHeaders.RECEIVED_AT, times[random.nextInt(6) == 0 ? random.nextInt(times.length) : 0]
                .getBytes(UTF_8));
        headers.add(RawEventHeaders.REQUEST_ID, ("fuzz-" + i).getBytes(UTF_8));
        headers.add(RawEventHeaders.OBJECT, "page".getBytes(UTF_8));
        return headers;
    }

    private boolean drained(Map<TopicPartition, Set<Long>> produced) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = kafka.getOrCreateAdminClient()
                .listConsumerGroupOffsets(GROUP).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
        return produced.entrySet().stream().allMatch(p -> {
            OffsetAndMetadata at = committed.get(p.getKey());
            long last = p.getValue().stream().mapToLong(Long::longValue).max().orElse(-1);
            return at != null && at.offset() > last;
        });
    }

    private static boolean isProduced(Map<TopicPartition, Set<Long>> produced, String at) {
        int sep = at.indexOf('@');
        try {
            TopicPartition partition = new TopicPartition(Topics.WEBHOOK_RAW, Integer.parseInt(at.substring(0, sep)));
            return produced.getOrDefault(partition, Set.of()).contains(Long.parseLong(at.substring(sep + 1)));
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
