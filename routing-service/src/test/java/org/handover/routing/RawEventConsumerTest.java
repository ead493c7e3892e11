package org.handover.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kafka.InjectKafkaCompanion;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.handover.contracts.ContractJson;
import org.handover.contracts.EventClass;
import org.handover.contracts.GuidedCatalog;
import org.handover.contracts.GuidedOption;
import org.handover.contracts.InboundEvent;
import org.handover.contracts.Messenger;
import org.handover.contracts.Topics;
import org.handover.routing.service.GuidedCatalogStore;
import org.handover.testsupport.KafkaAndPostgresResource;
import org.handover.testsupport.OutcomeCounters;
import org.handover.testsupport.TopicReader;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(KafkaAndPostgresResource.class)
class RawEventConsumerTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @InjectKafkaCompanion
    KafkaCompanion kafka;

    @Inject
    MeterRegistry registry;

    @Inject
    GuidedCatalogStore catalogs;

    @Test
    void classifiesEveryRawEventOntoTheSameKeyInTheSameOrder() {
        String page = uniqueId();
        String anna = uniqueId();
        String ben = uniqueId();
        produce(
                RawRecords.messaging(page, anna, "text"),
                RawRecords.messaging(page, ben, "quick-reply-handover-accept"),
                RawRecords.messaging(page, anna, "echo-page-inbox"),
                RawRecords.messaging(page, ben, "pass-thread-control"),
                RawRecords.messaging(page, anna, "delivery"),
                RawRecords.standby(page, ben, "text"),
                RawRecords.standby(page, ben, "echo-page-inbox"),
                RawRecords.messaging(page, anna, "like-sticker"),
                RawRecords.messaging(page, anna, "unknown-kind"));

        List<InboundEvent> annas = inbound(page + ":" + anna, 5);
        List<InboundEvent> bens = inbound(page + ":" + ben, 4);

        assertThat(annas).extracting(InboundEvent::eventClass, InboundEvent::kind, InboundEvent::psid)
                .containsExactly(
                        tuple(EventClass.FREE_TEXT, "message", anna),
                        tuple(EventClass.AGENT_ACTIVITY, "message_echo", anna),
                        tuple(EventClass.NOISE, "delivery", anna),
                        tuple(EventClass.NOISE, "message", anna),
                        tuple(EventClass.UNKNOWN, "unknown", anna));
        assertThat(bens).extracting(InboundEvent::eventClass, InboundEvent::kind, InboundEvent::channel,
                InboundEvent::guidedPayload, InboundEvent::appId)
                .containsExactly(
                        tuple(EventClass.GUIDED, "message", "messaging",
                                Messenger.HANDOVER_ACCEPT_PAYLOAD, null),
                        tuple(EventClass.HANDOVER_SIGNAL, "pass_thread_control",
                                "messaging", null, null),
                        tuple(EventClass.STANDBY, "message", "standby", null, null),
                        tuple(EventClass.STANDBY, "message_echo", "standby", null,
                                Messenger.PAGE_INBOX_APP_ID));
        assertThat(annas.get(0)).extracting(InboundEvent::pageId, InboundEvent::eventId, InboundEvent::messageId,
                InboundEvent::occurredAt, InboundEvent::receivedAt)
                .containsExactly(page, "m_text_1", "m_text_1", Instant.ofEpochMilli(1764061200000L),
                        RawRecords.RECEIVED_AT);
        assertThat(annas).allSatisfy(event -> assertThat(event.source().topic()).isEqualTo(Topics.WEBHOOK_RAW));
        assertThat(annas).extracting(event -> event.source().offset()).isSorted();
    }

    @Test
    void keepsTheOrderOfALongConversation() {
        String page = uniqueId();
        String psid = uniqueId();
        int count = 300;
        List<ProducerRecord<String, String>> records = IntStream.range(0, count)
                .mapToObj(i -> RawRecords.raw(page + ":" + psid, MetaEvents.load(i % 3 == 0 ? "quick-reply" : "text",
                        page, psid).replaceAll("m_(qr|text)_1", "m_" + i), "messaging", page))
                .toList();
        long start = System.nanoTime();

        kafka.produceStrings().fromRecords(records).awaitCompletion(WAIT);
        List<InboundEvent> events = inbound(page + ":" + psid, count);

        System.out.printf("classified %d events of one conversation in %d ms%n", count,
                (System.nanoTime() - start) / 1_000_000);
        assertThat(events).extracting(InboundEvent::eventId)
                .containsExactlyElementsOf(IntStream.range(0, count).mapToObj(i -> "m_" + i).toList());
    }

    @Test
    void aCatalogUpdateChangesTheClassificationOfTheNextMessage() {
        String page = uniqueId();
        String psid = uniqueId();
        produce(RawRecords.messaging(page, psid, "text-guided-title"));
        assertThat(inbound(page + ":" + psid, 1)).extracting(InboundEvent::eventClass)
                .containsExactly(EventClass.FREE_TEXT);

        GuidedCatalog catalog = new GuidedCatalog(1, page, 1, Instant.now(),
                List.of(new GuidedOption("HOURS", "Opening hours", List.of("open"))));
        kafka.produceStrings().fromRecords(new ProducerRecord<>(Topics.BOT_CATALOG, page, ContractJson.toJson(catalog)))
                .awaitCompletion(WAIT);
        await().atMost(WAIT).until(() -> catalogs.find(page).isPresent());
        produce(RawRecords.messaging(page, psid, "text-guided-keyword"));

        assertThat(inbound(page + ":" + psid, 2)).extracting(InboundEvent::eventClass, InboundEvent::guidedPayload)
                .containsExactly(tuple(EventClass.FREE_TEXT, null),
                        tuple(EventClass.GUIDED, "HOURS"));
    }

    @Test
    void deadLettersAnUnparseableEventWithTheReasonAndKeepsConsuming() {
        String page = uniqueId();
        String psid = uniqueId();
        String key = page + ":" + psid;
        double acceptedBefore = count("accepted");
        double malformedBefore = count("malformed");

        produce(RawRecords.raw(key, "{\"message\": {\"text\": \"my secret", "messaging", page),
                RawRecords.messaging(page, psid, "text"));

        ConsumerRecord<String, String> dead = TopicReader.of(kafka, Topics.deadLetter(Topics.WEBHOOK_RAW))
                .awaitKey(key, 1, WAIT).get(0);
        assertThat(dead.value()).isEqualTo("{\"message\": {\"text\": \"my secret");
        assertThat(TopicReader.headers(dead))
                .containsEntry("dead-letter-topic", Topics.WEBHOOK_RAW)
                .hasEntrySatisfying("dead-letter-reason", reason -> assertThat(reason)
                        .startsWith("raw event is not JSON")
                        .doesNotContain("secret"));
        assertThat(inbound(key, 1)).extracting(InboundEvent::eventId).as("the record after the bad one")
                .containsExactly("m_text_1");
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(count("malformed")).isEqualTo(malformedBefore + 1);
            assertThat(count("accepted")).isGreaterThanOrEqualTo(acceptedBefore + 1);
        });
    }

    @Test
    void deadLettersAnEventWithoutTheFieldsItNeedsAndNamesTheField() {
        String page = uniqueId();
        String psid = uniqueId();
        String key = page + ":" + psid;
        String withoutRecipient = MetaEvents.load("text", page, psid)
                .replace("\"recipient\": {\"id\": \"" + page + "\"}, ", "");

        produce(RawRecords.raw(key, "[1,2]", "messaging", page),
                RawRecords.raw(key, withoutRecipient, "messaging", page),
                RawRecords.messaging(page, psid, "read"));

        List<ConsumerRecord<String, String>> dead = TopicReader.of(kafka, Topics.deadLetter(Topics.WEBHOOK_RAW))
                .awaitKey(key, 2, WAIT);
        assertThat(dead).extracting(record -> TopicReader.headers(record).get("dead-letter-reason"))
                .containsExactly("raw event is JSON but not an object", "recipient.id is missing");
        assertThat(inbound(key, 1)).extracting(InboundEvent::kind).containsExactly("read");
    }

    @Test
    void countsEventsByClassAndKind() {
        String page = uniqueId();
        String psid = uniqueId();
        double before = events("agent_activity", "message_echo");

        produce(RawRecords.messaging(page, psid, "echo-page-inbox"));
        inbound(page + ":" + psid, 1);

        await().atMost(WAIT).untilAsserted(() -> assertThat(events("agent_activity", "message_echo"))
                .isEqualTo(before + 1));
    }

    private double events(String eventClass, String kind) {
        Counter counter = registry.find("routing.events").tag("class", eventClass).tag("kind", kind).counter();
        return counter == null ? 0 : counter.count();
    }

    @SafeVarargs
    private void produce(ProducerRecord<String, String>... records) {
        kafka.produceStrings().fromRecords(records).awaitCompletion(WAIT);
    }

    private List<InboundEvent> inbound(String key, int count) {
        return TopicReader.of(kafka, Topics.CONVERSATION_INBOUND).awaitKey(key, count, WAIT).stream()
                .peek(record -> assertThat(record.key()).isEqualTo(key))
                .map(record -> ContractJson.fromJson(record.value(), InboundEvent.class))
                .toList();
    }

    private double count(String outcome) {
        return OutcomeCounters.count(registry, "routing.raw.records", outcome);
    }

    /** Digits only, like Meta's ids, and unique: topics are shared by every test of the JVM. */
    private static String uniqueId() {
        return Long.toString(UUID.randomUUID().getMostSignificantBits() & Long.MAX_VALUE);
    }
}
