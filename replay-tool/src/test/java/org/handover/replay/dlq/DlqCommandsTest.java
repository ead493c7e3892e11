package org.handover.replay.dlq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.handover.contracts.ContractJson;
import org.handover.contracts.RawEventHeaders;
import org.handover.contracts.TopicSpec;
import org.handover.contracts.Topics;
import org.handover.contracts.kafka.TopicProvisioner;
import org.handover.harness.EmbeddedKafka;
import org.handover.replay.ReplayTool;
import org.handover.replay.timeline.Consumers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dlq list|show|redrive} on a real broker. Each test has a namespace of its own (the services' topic prefix),
 * and writes its dead letters as SmallRye's dead-letter-queue strategy does ({@code KafkaDeadLetterQueue} of
 * smallrye-reactive-messaging-kafka 4.34.0): the record's key and value, its own headers, and the
 * {@code dead-letter-*} headers saying where it came from and why. Every original is first written to its source
 * topic, so the positions in the headers are real.
 */
class DlqCommandsTest {

    private static final String PAGE = "110000000000001";
    private static final String KEY = PAGE + ":2000001";
    private static final String USER_TEXT = "my card number is 4111";
    private static final String RAW_EVENT = "{\"sender\":{\"id\":\"2000001\"},\"recipient\":{\"id\":\"" + PAGE
            + "\"},\"timestamp\":1764590400000,\"message\":{\"mid\":\"m_1\",\"text\":\"" + USER_TEXT + "\"}}";
    /** Jackson's message quotes input tokens: SmallRye puts the cause's message in dead-letter-cause. */
    private static final String QUOTING_CAUSE = "Unrecognized token 'secretword': was expecting JSON";
    private static final String PAGE_TEXT = "Voulez-vous parler a une personne ?";

    private static final AtomicInteger NAMESPACES = new AtomicInteger();

    @TempDir
    static Path dir;

    private static EmbeddedKafka broker;
    private static Map<String, Object> config;

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedKafka.builder().logDir(dir.resolve("kafka")).consoleLog(dir.resolve("kafka.log")).start();
        config = Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void listCountsPerTopicAndGivesOneLinePerRecordWithoutTheText() {
        String ns = namespace(Topics.WEBHOOK_RAW, Topics.CONVERSATION_DECISIONS);
        Position raw = deadLetter(ns, Topics.WEBHOOK_RAW, KEY, RAW_EVENT, "raw event is not usable", QUOTING_CAUSE,
                null, rawHeaders());
        deadLetter(ns, Topics.CONVERSATION_DECISIONS, KEY, decision("m_1#1", 2), "JDBCConnectionException: "
                + "Connection to localhost:5432 refused", "Connection refused", null, Map.of());

        Run run = run("dlq", "list", "--namespace", ns);

        assertThat(run.code).as(run.err).isZero();
        assertThat(run.out)
                .contains(ns + ".messenger.webhook.raw.dlq: 1 selected, of 1 in the topic")
                .contains(ns + ".conversation.decisions.dlq: 1 selected, of 1 in the topic")
                .contains("0@0  from " + ns + ".messenger.webhook.raw " + raw.partition + "@" + raw.offset
                        + "  key " + KEY + "  id m_1  reason: raw event is not usable (MalformedRecordException)")
                .contains("id m_1#1  reason: JDBCConnectionException: Connection to localhost:5432 refused")
                // the namespace's other dead-letter topics were never created
                .contains(ns + ".bot.catalog.dlq: does not exist")
                .contains(ns + ".bulletin.clicks.dlq: does not exist")
                .contains(ns + ".page.connections.dlq: does not exist")
                .contains("Listed 2 dead letters in 7 topics");
        // (the words, not the number alone: "4111" can turn up in a random namespace, an id or a timestamp)
        assertThat(run.out).doesNotContain("card number").doesNotContain("secretword").doesNotContain("personne");
    }

    @Test
    void showHidesTheTextAndTheQuotingCauseUnlessAsked() {
        String ns = namespace(Topics.WEBHOOK_RAW, Topics.CONVERSATION_DECISIONS);
        deadLetter(ns, Topics.WEBHOOK_RAW, KEY, RAW_EVENT, "raw event is not usable", QUOTING_CAUSE, null,
                rawHeaders());
        deadLetter(ns, Topics.CONVERSATION_DECISIONS, KEY, decision("m_1#1", 2), "reply order without kind", null,
                null, Map.of());
        deadLetter(ns, Topics.CONVERSATION_DECISIONS, KEY, "not json, and " + USER_TEXT, "not a valid Decision",
                null, null, Map.of());

        Run hidden = run("dlq", "show", "--namespace", ns);

        assertThat(hidden.code).as(hidden.err).isZero();
        assertThat(hidden.out).doesNotContain("card number").doesNotContain("secretword").doesNotContain("personne")
                .contains("[22 characters hidden; --show-text shows them]")
                .contains("\"mid\":\"m_1\"")
                .contains("header   " + RawEventHeaders.CHANNEL + ": messaging")
                .contains("header   dead-letter-cause: [" + QUOTING_CAUSE.length() + " characters hidden")
                .contains("\"decisionId\":\"m_1#1\"")
                .contains("[36 bytes, not JSON, hidden; --show-text shows them]")
                .contains("Showed 3 dead letters");

        Run shown = run("dlq", "show", "--namespace", ns, "--show-text");
        assertThat(shown.out).contains(USER_TEXT).contains(QUOTING_CAUSE).contains(PAGE_TEXT)
                .contains("not json, and " + USER_TEXT);

        Run json = run("dlq", "show", "--namespace", ns, "--topic", Topics.WEBHOOK_RAW, "--json");
        JsonNode line = readJson(json.out.strip());
        assertThat(line.path("sourceTopic").asText()).isEqualTo(ns + "." + Topics.WEBHOOK_RAW);
        assertThat(line.path("key").asText()).isEqualTo(KEY);
        assertThat(line.path("value").path("message").path("text").asText()).startsWith("[22 characters hidden");
        assertThat(json.out).doesNotContain("card number").doesNotContain("secretword");
    }

    @Test
    void redrivePutsEachRecordBackOnItsSourceWithItsKeyValueAndHeaders() throws IOException {
        String ns = namespace(Topics.WEBHOOK_RAW);
        Position original = deadLetter(ns, Topics.WEBHOOK_RAW, KEY, RAW_EVENT, "JDBCConnectionException", null,
                null, rawHeaders());
        // the cluster named by a client properties file alone, as with TLS or SASL
        Path properties = dir.resolve(ns + ".properties");
        Files.writeString(properties, "bootstrap.servers=" + broker.bootstrapServers() + "\n");

        Run run = run("dlq", "redrive", "--namespace", ns, "--topic", Topics.WEBHOOK_RAW, "--kafka-config",
                properties.toString());

        assertThat(run.code).as(run.err).isZero();
        String source = ns + "." + Topics.WEBHOOK_RAW;
        List<ConsumerRecord<byte[], byte[]>> written = records(source, original.partition);
        assertThat(written).hasSize(2);
        ConsumerRecord<byte[], byte[]> copy = written.get(1);
        assertThat(text(copy.key())).isEqualTo(KEY);
        assertThat(text(copy.value())).isEqualTo(RAW_EVENT);
        assertThat(headers(copy)).containsExactly(
                Map.entry(RawEventHeaders.CHANNEL, "messaging"),
                Map.entry(RawEventHeaders.PAGE_ID, PAGE),
                Map.entry(RawEventHeaders.RECEIVED_AT, "1764590400123"),
                Map.entry(Redriver.REDRIVEN_FROM_HEADER, source + ".dlq/0/0"));
        assertThat(run.out).contains("[1/1] " + source + ".dlq 0@0 -> " + source + " " + original.partition + "@1"
                + "  key " + KEY + "  id m_1")
                .contains("Re-drove 1 of 1 dead letters (" + source + " 1), 0 skipped");
    }

    @Test
    void redriveTakesOnlyTheSelectedTopicTimesOffsetsOrIds() {
        String ns = namespace(Topics.WEBHOOK_RAW, Topics.CONVERSATION_DECISIONS);
        Instant now = Instant.now();
        for (int i = 1; i <= 3; i++) {
            deadLetter(ns, Topics.CONVERSATION_DECISIONS, KEY, decision("m_" + i + "#1", i), "timeout", null,
                    now.minus(Duration.ofHours(4 - i)), Map.of());
        }
        deadLetter(ns, Topics.WEBHOOK_RAW, KEY, RAW_EVENT, "timeout", null, now.minus(Duration.ofHours(1)),
                rawHeaders());
        String decisions = ns + "." + Topics.CONVERSATION_DECISIONS;
        String raw = ns + "." + Topics.WEBHOOK_RAW;

        assertThat(run("dlq", "redrive", "--namespace", ns, "--topic", Topics.CONVERSATION_DECISIONS, "--offset",
                "1", "--bootstrap-servers", broker.bootstrapServers()).code).isZero();
        assertThat(redrivenIds(decisions)).containsExactly("m_2#1");

        assertThat(run("dlq", "redrive", "--namespace", ns, "--id", "m_3#1", "--bootstrap-servers",
                broker.bootstrapServers()).code).isZero();
        assertThat(redrivenIds(decisions)).containsExactly("m_2#1", "m_3#1");

        // dead-lettered three hours ago, give or take half an hour: the first only
        assertThat(run("dlq", "redrive", "--namespace", ns, "--topic", Topics.CONVERSATION_DECISIONS,
                "--from", now.minus(Duration.ofMinutes(210)).toString(), "--to", "150m",
                "--bootstrap-servers", broker.bootstrapServers()).code).isZero();
        assertThat(redrivenIds(decisions)).containsExactly("m_2#1", "m_3#1", "m_1#1");
        assertThat(redrivenIds(raw)).isEmpty();

        assertThat(run("dlq", "redrive", "--namespace", ns, "--topic", Topics.WEBHOOK_RAW + ".dlq",
                "--bootstrap-servers", broker.bootstrapServers()).code).isZero();
        assertThat(redrivenIds(raw)).containsExactly("m_1");
        assertThat(redrivenIds(decisions)).hasSize(3);
    }

    @Test
    void aDryRunSaysWhatItWouldDoAndWritesNothing() {
        String ns = namespace(Topics.WEBHOOK_RAW);
        Position original = deadLetter(ns, Topics.WEBHOOK_RAW, KEY, RAW_EVENT, "timeout", null, null, rawHeaders());
        String source = ns + "." + Topics.WEBHOOK_RAW;
        Map<TopicPartition, Long> before = endOffsets(source);

        Run run = run("dlq", "redrive", "--namespace", ns, "--topic", "all", "--dry-run");

        assertThat(run.code).as(run.err).isZero();
        assertThat(run.out).contains("[1/1] " + source + ".dlq 0@0 -> " + source + " partition "
                + original.partition + "  key " + KEY + "  id m_1  (dry run: not written)")
                .contains("Dry run: would re-drive 1 of 1 dead letters (" + source + " 1), 0 skipped; nothing written");
        // the tool returns once every write is acknowledged, so a write would show in the end offsets by now
        assertThat(endOffsets(source)).isEqualTo(before);
    }

    @Test
    void aRepeatedRedriveWritesTheSameRecordAgainForTheConsumersDedupeToAbsorb() {
        String ns = namespace(Topics.WEBHOOK_RAW, Topics.CONVERSATION_DECISIONS);
        Position raw = deadLetter(ns, Topics.WEBHOOK_RAW, KEY, RAW_EVENT, "timeout", null, null, rawHeaders());
        Position decision = deadLetter(ns, Topics.CONVERSATION_DECISIONS, KEY, decision("m_1#1", 2), "timeout", null,
                null, Map.of());

        for (int i = 0; i < 2; i++) {
            Run run = run("dlq", "redrive", "--namespace", ns, "--topic", "all");
            assertThat(run.code).as(run.err).isZero();
            assertThat(run.out).contains("Re-drove 2 of 2 dead letters");
        }

        // what the dedupe keys on is in the key and the value, unchanged: routing-service derives the event id from
        // the raw value (its mid), handover-service dedupes on it; bot-service dedupes on the decision id
        for (Position original : List.of(raw, decision)) {
            List<ConsumerRecord<byte[], byte[]>> copies = records(original.topic, original.partition);
            assertThat(copies).hasSize(3);
            ConsumerRecord<byte[], byte[]> first = copies.get(1);
            ConsumerRecord<byte[], byte[]> second = copies.get(2);
            assertThat(second.key()).isEqualTo(first.key()).isEqualTo(copies.get(0).key());
            assertThat(second.value()).isEqualTo(first.value()).isEqualTo(copies.get(0).value());
            assertThat(headers(second)).isEqualTo(headers(first));
            assertThat(DeadLetter.of(asDeadLetter(second, original.topic + ".dlq")).ids())
                    .isEqualTo(DeadLetter.of(asDeadLetter(copies.get(0), original.topic + ".dlq")).ids())
                    .isNotEmpty();
        }
    }

    @Test
    void aCompactedTopicsNewerValueIsNeverReplacedByARedrive() {
        String ns = namespace(Topics.BOT_CATALOG);
        String catalog = ns + "." + Topics.BOT_CATALOG;
        Position stale = deadLetter(ns, Topics.BOT_CATALOG, PAGE, "{\"pageId\":\"" + PAGE + "\",\"v\":1}",
                "catalog pageId does not match the record key", null, null, Map.of());
        Position newer = write(catalog, PAGE, "{\"pageId\":\"" + PAGE + "\",\"v\":2}", null, new RecordHeaders());
        Position latest = deadLetter(ns, Topics.BOT_CATALOG, "220000000000009",
                "{\"pageId\":\"220000000000009\"}", "catalog pageId does not match the record key", null, null,
                Map.of());

        Run run = run("dlq", "redrive", "--namespace", ns, "--topic", Topics.BOT_CATALOG);

        assertThat(run.code).as(run.err).isZero();
        assertThat(run.out).contains("[1/2] " + catalog + ".dlq 0@0  skipped: " + catalog + " (compacted) holds a "
                + "newer record of key " + PAGE + " at 0@" + newer.offset)
                .contains("[2/2] " + catalog + ".dlq 0@1 -> " + catalog + " 0@" + (latest.offset + 1))
                .contains("Re-drove 1 of 2 dead letters (" + catalog + " 1), 1 skipped");
        assertThat(records(catalog, stale.partition)).extracting(r -> text(r.key()))
                .containsExactly(PAGE, PAGE, "220000000000009", "220000000000009");
    }

    @Test
    void aFailedWriteStopsTheRedriveSoThatWhatWasWrittenIsAPrefix() throws Exception {
        // a topic of some other consumer, whose broker refuses records over 300 bytes
        String ns = namespace();
        String source = ns + ".small";
        try (Admin admin = Admin.create(config)) {
            admin.createTopics(List.of(
                    new org.apache.kafka.clients.admin.NewTopic(source, 1, (short) 1)
                            .configs(Map.of(TopicSpec.MAX_MESSAGE_BYTES, "300")),
                    new org.apache.kafka.clients.admin.NewTopic(Topics.deadLetter(source), 1, (short) 1)))
                    .all().get();
        }
        awaitLeaders(List.of(source, Topics.deadLetter(source)));
        for (String value : List.of("{\"eventId\":\"first\"}", "{\"eventId\":\"big\",\"pad\":\"" + "x".repeat(400)
                + "\"}", "{\"eventId\":\"third\"}")) {
            RecordHeaders headers = new RecordHeaders();
            add(headers, DeadLetter.REASON, "timeout");
            write(Topics.deadLetter(source), KEY, value, null, headers);
        }

        Run run = run("dlq", "redrive", "--namespace", ns, "--topic", "small");

        assertThat(run.code).isEqualTo(1);
        assertThat(run.err).contains("writing " + source + ".dlq 0@1 to " + source + " failed: RecordTooLargeException")
                .contains("the re-drive stopped there");
        assertThat(run.out).contains("Re-drove 1 of 3 dead letters");
        assertThat(records(source, 0)).extracting(r -> DeadLetter.of(asDeadLetter(r, source + ".dlq")).id())
                .containsExactly("first");
    }

    @Test
    void wrongUsageIsTwoAndNothingMatchedIsOne() {
        String ns = namespace(Topics.WEBHOOK_RAW);
        String servers = broker.bootstrapServers();

        assertThat(run("dlq").code).isEqualTo(2);
        Run unselected = run("dlq", "redrive", "--namespace", ns, "--bootstrap-servers", servers);
        assertThat(unselected.code).isEqualTo(2);
        assertThat(unselected.err).contains("redrive needs a selection");
        Run offsetOfWhich = run("dlq", "show", "--namespace", ns, "--offset", "3", "--bootstrap-servers", servers);
        assertThat(offsetOfWhich.code).isEqualTo(2);
        assertThat(offsetOfWhich.err).contains("--offset needs exactly one --topic");
        assertThat(run("dlq", "list", "--topic", Topics.WEBHOOK_RAW, "--offset", "7-3").code).isEqualTo(2);
        assertThat(run("dlq", "list", "--from", "yesterday").code).isEqualTo(2);

        Run nothing = run("dlq", "redrive", "--namespace", ns, "--id", "m_none", "--bootstrap-servers", servers);
        assertThat(nothing.code).isEqualTo(1);
        assertThat(nothing.err).contains("no dead letter matched the selection");
        assertThat(run("dlq", "show", "--namespace", ns, "--bootstrap-servers", servers).code).isEqualTo(1);
        Run empty = run("dlq", "list", "--namespace", ns, "--bootstrap-servers", servers);
        assertThat(empty.code).isZero();
        assertThat(empty.out).contains(ns + ".messenger.webhook.raw.dlq: 0 selected, of 0 in the topic");
    }

    // --- the cluster

    /** A fresh namespace with the given source topics and their dead-letter topics, their leaders elected. */
    private static String namespace(String... sources) {
        String ns = "dlq-test-" + NAMESPACES.incrementAndGet();
        List<TopicSpec> specs = Topics.all(ns + ".").stream()
                .filter(spec -> List.of(sources).stream().anyMatch(source -> spec.name().equals(ns + "." + source)
                        || spec.name().equals(ns + "." + Topics.deadLetter(source))))
                .toList();
        TopicProvisioner.createMissing(config, specs, (short) 1);
        awaitLeaders(specs.stream().map(TopicSpec::name).toList());
        return ns;
    }

    /**
     * New topics take a moment to get their leaders; an idempotent producer that starts before may see its first
     * batches refused and its later ones out of sequence (see TimelineReaderTest).
     */
    private static void awaitLeaders(List<String> topics) {
        if (topics.isEmpty()) {
            return;
        }
        try (Admin admin = Admin.create(config)) {
            await("leaders of " + topics).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                    .until(() -> admin.describeTopics(topics).allTopicNames().get().values().stream()
                            .flatMap(d -> d.partitions().stream())
                            .allMatch(p -> p.leader() != null && p.leader().id() >= 0));
        }
    }

    private record Position(String topic, int partition, long offset) {
    }

    /**
     * Writes {@code value} to {@code source} (as its producer would), then its dead letter as SmallRye writes it:
     * key and value, the {@code dead-letter-*} headers, then the record's own headers.
     */
    private static Position deadLetter(String ns, String source, String key, String value, String reason,
            String cause, Instant deadLetteredAt, Map<String, String> ownHeaders) {
        String topic = ns + "." + source;
        RecordHeaders own = new RecordHeaders();
        ownHeaders.forEach((name, v) -> own.add(name, v.getBytes(StandardCharsets.UTF_8)));
        Position original = write(topic, key, value, null, own);
        RecordHeaders headers = new RecordHeaders();
        add(headers, DeadLetter.EXCEPTION_CLASS, "org.handover.contracts.MalformedRecordException");
        add(headers, DeadLetter.REASON, reason);
        if (cause != null) {
            add(headers, DeadLetter.CAUSE_CLASS, "com.fasterxml.jackson.core.JsonParseException");
            add(headers, DeadLetter.CAUSE, cause);
        }
        add(headers, DeadLetter.TOPIC, topic);
        add(headers, DeadLetter.PARTITION, Integer.toString(original.partition));
        add(headers, DeadLetter.OFFSET, Long.toString(original.offset));
        own.forEach(headers::add);
        write(Topics.deadLetter(topic), key, value, deadLetteredAt, headers);
        return original;
    }

    private static Position write(String topic, String key, String value, Instant at, RecordHeaders headers) {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false, ProducerConfig.ACKS_CONFIG, "all"),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            RecordMetadata metadata = producer.send(new ProducerRecord<>(topic, null,
                    at == null ? null : at.toEpochMilli(), key.getBytes(StandardCharsets.UTF_8),
                    value.getBytes(StandardCharsets.UTF_8), headers)).get();
            return new Position(topic, metadata.partition(), metadata.offset());
        } catch (Exception e) {
            throw new IllegalStateException("cannot write to " + topic, e);
        }
    }

    private static void add(RecordHeaders headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    /** Every record of the topic's partition, oldest first. */
    private static List<ConsumerRecord<byte[], byte[]>> records(String topic, int partition) {
        try (KafkaConsumer<byte[], byte[]> consumer = Consumers.readOnly(config, "dlq-test")) {
            TopicPartition tp = new TopicPartition(topic, partition);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long end = consumer.endOffsets(List.of(tp)).get(tp);
            List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
            await("records of " + tp).atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).records(tp).forEach(records::add);
                return consumer.position(tp) >= end;
            });
            return records;
        }
    }

    /** The ids of the re-driven copies on a topic (in the conversation's partition), in the order written. */
    private static List<String> redrivenIds(String topic) {
        int partitions;
        try (DeadLetterReader reader = new DeadLetterReader(config)) {
            partitions = reader.partitionCount(topic);
        }
        List<String> ids = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : records(topic, Consumers.partitionOf(KEY, partitions))) {
            if (record.headers().lastHeader(Redriver.REDRIVEN_FROM_HEADER) != null) {
                ids.add(DeadLetter.of(asDeadLetter(record, topic + ".dlq")).id());
            }
        }
        return ids;
    }

    /** The record as if read from {@code topic}: what a dead letter's ids are read from. */
    private static ConsumerRecord<byte[], byte[]> asDeadLetter(ConsumerRecord<byte[], byte[]> record, String topic) {
        return new ConsumerRecord<>(topic, record.partition(), record.offset(), record.key(), record.value());
    }

    private static Map<TopicPartition, Long> endOffsets(String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = Consumers.readOnly(config, "dlq-test")) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            return consumer.endOffsets(partitions);
        }
    }

    private static Map<String, String> headers(ConsumerRecord<byte[], byte[]> record) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (Header header : record.headers()) {
            headers.put(header.key(), text(header.value()));
        }
        return headers;
    }

    private static Map<String, String> rawHeaders() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(RawEventHeaders.CHANNEL, "messaging");
        headers.put(RawEventHeaders.PAGE_ID, PAGE);
        headers.put(RawEventHeaders.RECEIVED_AT, "1764590400123");
        return headers;
    }

    private static String decision(String decisionId, long epoch) {
        return "{\"schemaVersion\":1,\"decisionId\":\"" + decisionId + "\",\"type\":\"REPLY_ORDER\",\"pageId\":\""
                + PAGE + "\",\"psid\":\"2000001\",\"epoch\":" + epoch + ",\"causeEventId\":\"" + decisionId
                .substring(0, decisionId.indexOf('#')) + "\",\"order\":{\"kind\":\"ASK_HANDOVER\",\"text\":\""
                + PAGE_TEXT + "\"}}";
    }

    private static String text(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    private static JsonNode readJson(String line) {
        try {
            return ContractJson.mapper().readTree(line);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + line, e);
        }
    }

    // --- the tool

    /** Runs the tool against the test broker (unless the arguments name the cluster themselves). */
    private static Run run(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        if (all.size() > 1 && !all.contains("--bootstrap-servers") && !all.contains("--kafka-config")) {
            all.add("--bootstrap-servers");
            all.add(broker.bootstrapServers());
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = ReplayTool.run(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), all.toArray(String[]::new));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private record Run(int code, String out, String err) {
    }
}
