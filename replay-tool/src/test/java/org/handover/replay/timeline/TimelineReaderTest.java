package org.handover.replay.timeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.handover.contracts.BulletinClick;
import org.handover.contracts.ContractJson;
import org.handover.contracts.Decision;
import org.handover.contracts.DecisionType;
import org.handover.contracts.OrderKind;
import org.handover.contracts.ReplyOrder;
import org.handover.contracts.SchemaVersion;
import org.handover.contracts.ConversationKey;
import org.handover.contracts.EventClass;
import org.handover.contracts.InboundEvent;
import org.handover.contracts.InboundEvents;
import org.handover.contracts.SourceRef;
import org.handover.contracts.Topics;
import org.handover.contracts.kafka.TopicProvisioner;
import org.handover.harness.EmbeddedKafka;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reader on a real broker, with a raw topic full of other conversations: it finds exactly the conversation's
 * records in the window, and reads only a small part of the topic to do so (it seeks by partition and timestamp).
 * {@code -Dtimeline.records=1000000} makes the topic a million records; the test prints what it read and how long
 * it took.
 */
class TimelineReaderTest {

    private static final String PAGE = "110000000000001";
    private static final String PSID = "2000001";
    /** Two days ago: inside the topics' retention and the broker's accepted timestamp range. */
    private static final Instant START = Instant.now().minus(java.time.Duration.ofDays(2)).truncatedTo(java.time.temporal.ChronoUnit.HOURS);
    /** One record of some conversation every 100 ms of simulated time. */
    private static final long STEP_MILLIS = 100;

    @TempDir
    static Path dir;

    private static EmbeddedKafka broker;
    private static Map<String, Object> config;

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedKafka.builder().logDir(dir.resolve("kafka")).consoleLog(dir.resolve("kafka.log")).start();
        config = Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        TopicProvisioner.createMissing(broker.bootstrapServers(), (short) 1);
        awaitLeaders();
    }

    /**
     * New topics take a moment to get their leaders; a producer that starts before may see its first batches refused
     * and, being idempotent, its later ones out of sequence.
     */
    private static void awaitLeaders() {
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(config)) {
            await("leaders of the test topics").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                    .until(() -> admin.describeTopics(List.of(Topics.WEBHOOK_RAW, Topics.CONVERSATION_INBOUND))
                            .allTopicNames().get().values().stream()
                            .flatMap(d -> d.partitions().stream())
                            .allMatch(p -> p.leader() != null && p.leader().id() >= 0));
        }
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void findsTheConversationsRecordsInTheWindowWithoutReadingTheWholeTopic() throws Exception {
        int total = Integer.getInteger("timeline.records", 60_000);
        String key = ConversationKey.of(PAGE, PSID).value();
        // the conversation writes every 1000th record; everything else belongs to 5000 other users
        List<Long> ours = new ArrayList<>();
        List<SourceRef> ourRaw = new ArrayList<>();
        long written = System.nanoTime();
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            List<Future<RecordMetadata>> pending = new ArrayList<>();
            for (int i = 0; i < total; i++) {
                long at = START.toEpochMilli() + i * STEP_MILLIS;
                boolean mine = i % 1000 == 500;
                String recordKey = mine ? key : ConversationKey.of(PAGE, Integer.toString(3_000_000 + i % 5000))
                        .value();
                String value = "{\"sender\":{\"id\":\"x\"},\"timestamp\":" + at + ",\"message\":{\"mid\":\"m_" + i
                        + "\",\"text\":\"hello\"}}";
                pending.add(producer.send(new ProducerRecord<>(Topics.WEBHOOK_RAW, null, at,
                        recordKey.getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8))));
                if (mine) {
                    ours.add(at);
                }
            }
            for (int i = 0; i < pending.size(); i++) {
                if (i % 1000 == 500) {
                    RecordMetadata metadata = pending.get(i).get();
                    ourRaw.add(new SourceRef(metadata.topic(), metadata.partition(), metadata.offset()));
                }
            }
            // what routing-service made of three of them, on the next stage
            for (int n : List.of(10, 11, 12)) {
                SourceRef source = ourRaw.get(n);
                Instant at = Instant.ofEpochMilli(ours.get(n)).plusMillis(20);
                InboundEvent event = InboundEvents.of(PAGE, PSID).message("m_" + n, EventClass.FREE_TEXT, at)
                        .kind("text").source(source).build();
                producer.send(new ProducerRecord<>(Topics.CONVERSATION_INBOUND, null, at.toEpochMilli(),
                        key.getBytes(StandardCharsets.UTF_8), ContractJson.toBytes(event))).get();
            }
        }
        long writeMillis = (System.nanoTime() - written) / 1_000_000;

        // a window holding our records number 10 to 14
        Instant from = Instant.ofEpochMilli(ours.get(10) - 1000);
        Instant to = Instant.ofEpochMilli(ours.get(14) + 1000);
        long started = System.nanoTime();
        Timeline timeline;
        try (TimelineReader reader = new TimelineReader(config, false)) {
            timeline = reader.read(TimelineQuery.window(PAGE, PSID, from, to));
        }
        long readMillis = (System.nanoTime() - started) / 1_000_000;
        System.out.printf("timeline: %d records in the raw topic (written in %d ms); read %d of them to find %d "
                + "records of the conversation in %d ms%n", total, writeMillis, timeline.scanned(),
                timeline.entries().size(), readMillis);

        assertThat(timeline.of(Stage.RAW)).extracting(TimelineEntry::at)
                .containsExactly(ours.subList(10, 15).stream().map(Instant::ofEpochMilli).toArray(Instant[]::new));
        assertThat(timeline.of(Stage.RAW)).allSatisfy(e -> assertThat(e.key()).isEqualTo(key));
        assertThat(timeline.of(Stage.INBOUND)).extracting(TimelineEntry::eventId).containsExactly("m_10", "m_11",
                "m_12");
        // raw, then its classification, in time order
        assertThat(timeline.entries()).extracting(TimelineEntry::stage).startsWith(Stage.RAW, Stage.INBOUND,
                Stage.RAW, Stage.INBOUND);
        // only the window, and of it only the conversation's partition and the page's (page-level events): two of six
        long inWindow = (to.toEpochMilli() - from.toEpochMilli()) / STEP_MILLIS;
        assertThat(timeline.scanned()).isLessThan(inWindow / 2).isLessThan(total / 20);
        assertThat(timeline.notes()).isEmpty();
    }

    @Test
    void anOffsetRangeSelectsTheRawSliceAndAMissingNamespaceIsNamed() throws Exception {
        String key = ConversationKey.of(PAGE, "2000002").value();
        List<SourceRef> written = new ArrayList<>();
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            for (int i = 0; i < 5; i++) {
                RecordMetadata metadata = producer.send(new ProducerRecord<>(Topics.WEBHOOK_RAW,
                        key.getBytes(StandardCharsets.UTF_8),
                        ("{\"postback\":{\"payload\":\"P" + i + "\"}}").getBytes(StandardCharsets.UTF_8))).get();
                written.add(new SourceRef(metadata.topic(), metadata.partition(), metadata.offset()));
            }
        }
        TimelineQuery query = new TimelineQuery(PAGE, "2000002", Instant.EPOCH, Instant.now().plusSeconds(60), null,
                written.get(1).offset(), written.get(3).offset(), "");
        try (TimelineReader reader = new TimelineReader(config, false)) {
            assertThat(reader.rawSlice(query)).extracting(r -> r.offset())
                    .containsExactly(written.get(1).offset(), written.get(2).offset(), written.get(3).offset());
            assertThat(reader.read(query).of(Stage.RAW)).extracting(TimelineEntry::summary)
                    .containsExactly("? postback, payload P1", "? postback, payload P2", "? postback, payload P3");

            Timeline missing = reader.read(query.in("nobody.", Instant.EPOCH, Instant.now()));
            assertThat(missing.entries()).isEmpty();
            assertThat(missing.notes()).contains(
                    "topic nobody.messenger.webhook.raw does not exist (or this client may not describe it)");
        }
    }

    @Test
    void showsTheConversationsClicksOnTheLinksOfTheBulletinsOrderedToIt() throws Exception {
        String psid = "2000003";
        String key = ConversationKey.of(PAGE, psid).value();
        String bulletin = java.util.UUID.randomUUID().toString();
        Instant at = Instant.now().minus(Duration.ofMinutes(10)).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        Decision order = new Decision(SchemaVersion.CURRENT, "bulletin:" + bulletin + ":" + psid + ":1",
                DecisionType.REPLY_ORDER, PAGE, psid, 1, at, "bulletin:" + bulletin, null,
                new ReplyOrder(OrderKind.BULLETIN, null, "Sale: https://hooks.example.com/l/abc", List.of(), at,
                        bulletin, null));
        // the click comes minutes after the window of the events, as clicks do
        Instant clicked = Instant.now().minusSeconds(30).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            producer.send(new ProducerRecord<>(Topics.CONVERSATION_DECISIONS, null, at.toEpochMilli(),
                    key.getBytes(StandardCharsets.UTF_8), ContractJson.toBytes(order))).get();
            for (String who : List.of(psid, "2000099")) {
                BulletinClick click = new BulletinClick(SchemaVersion.CURRENT, "c-" + who, bulletin,
                        who.equals(psid) ? 0 : 1, PAGE, who, clicked);
                producer.send(new ProducerRecord<>(Topics.BULLETIN_CLICKS, null, clicked.toEpochMilli(),
                        bulletin.getBytes(StandardCharsets.UTF_8), ContractJson.toBytes(click))).get();
            }
        }

        Timeline timeline;
        try (TimelineReader reader = new TimelineReader(config, false)) {
            timeline = reader.read(TimelineQuery.window(PAGE, psid, at.minusSeconds(5), at.plusSeconds(5)));
        }

        assertThat(timeline.of(Stage.CLICK)).extracting(TimelineEntry::summary)
                .containsExactly("clicked link 0 of bulletin " + bulletin);
        assertThat(timeline.entries()).extracting(TimelineEntry::stage).containsExactly(Stage.DECISION, Stage.CLICK);
    }

    /**
     * A plain producer, one request in flight per connection (so retries keep the order). Not idempotent: on a broker
     * that has just created the topics, an idempotent producer whose first batches were refused (not leader yet) was
     * seen to get stuck on out-of-order sequence numbers until its batches expired, failing this test in CI.
     */
    private static KafkaProducer<byte[], byte[]> producer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false,
                ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 20, ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024),
                new ByteArraySerializer(), new ByteArraySerializer());
    }
}
