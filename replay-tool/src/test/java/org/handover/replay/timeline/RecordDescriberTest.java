package org.handover.replay.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.handover.contracts.ContractJson;
import org.handover.contracts.EventClass;
import org.handover.contracts.InboundEvent;
import org.handover.contracts.InboundEvents;
import org.handover.contracts.OrderKind;
import org.handover.contracts.OutboundOutcome;
import org.handover.contracts.OutboundResult;
import org.handover.contracts.RawEventHeaders;
import org.handover.contracts.SourceRef;
import org.junit.jupiter.api.Test;

class RecordDescriberTest {

    private static final String KEY = "110000000000001:2000001";
    private static final String TEXT_EVENT = """
            {"sender":{"id":"2000001"},"recipient":{"id":"110000000000001"},"timestamp":1764590400000,
             "message":{"mid":"m_1","text":"my card number is 4111","attachments":[{"type":"image",
             "payload":{"url":"https://cdn.example/secret.png"}}]}}""";

    @Test
    void hidesTheUsersTextAndAttachmentAddressesByDefault() {
        TimelineEntry entry = new RecordDescriber(false).describe(Stage.RAW, raw(TEXT_EVENT));

        assertThat(entry.summary()).startsWith("messaging text message: [22 characters hidden")
                .contains("mid m_1").doesNotContain("4111");
        assertThat(entry.value().toString()).doesNotContain("4111").doesNotContain("secret.png");
        assertThat(entry.value().path("message").path("mid").asText()).isEqualTo("m_1");
    }

    @Test
    void showsTheTextWhenAsked() {
        TimelineEntry entry = new RecordDescriber(true).describe(Stage.RAW, raw(TEXT_EVENT));

        assertThat(entry.summary()).contains("my card number is 4111");
        assertThat(entry.value().toString()).contains("secret.png");
    }

    @Test
    void describesHandoverSignalsWithTheirApps() {
        String pass = """
                {"sender":{"id":"2000001"},"recipient":{"id":"110000000000001"},"timestamp":1764590400000,
                 "pass_thread_control":{"new_owner_app_id":"263902037430900","previous_owner_app_id":"220000000000002",
                 "metadata":"accepted"}}""";

        assertThat(new RecordDescriber(false).describe(Stage.RAW, raw(pass)).summary())
                .startsWith("messaging pass_thread_control, new owner 263902037430900, previous owner 220000000000002");
    }

    @Test
    void linksAClassifiedEventToItsRawRecordAndAResultToItsDecision() {
        InboundEvent inbound = InboundEvents.of("110000000000001", "2000001")
                .message("m_1", EventClass.FREE_TEXT, Instant.EPOCH).kind("text")
                .source(new SourceRef("messenger.webhook.raw", 3, 42)).build();
        TimelineEntry in = new RecordDescriber(false).describe(Stage.INBOUND,
                record("conversation.inbound", ContractJson.toBytes(inbound)));
        assertThat(in.eventId()).isEqualTo("m_1");
        assertThat(in.source()).isEqualTo(new SourceRef("messenger.webhook.raw", 3, 42));
        assertThat(in.summary()).startsWith("FREE_TEXT, text in messaging");

        OutboundResult refused = new OutboundResult(1, "d-1", "110000000000001", "2000001", 4,
                OrderKind.ANSWER_GUIDED, OutboundOutcome.REFUSED, "not_owner", null, 10, 2018300, Instant.EPOCH);
        TimelineEntry out = new RecordDescriber(false).describe(Stage.OUTBOUND,
                record("messenger.outbound", ContractJson.toBytes(refused)));
        assertThat(out.decisionId()).isEqualTo("d-1");
        assertThat(out.summary()).isEqualTo("REFUSED ANSWER_GUIDED, reason not_owner, Meta error 10/2018300, epoch 4, "
                + "decision d-1");
    }

    @Test
    void theUsersWordsAClassifiedEventCarriesAreHiddenUnlessAsked() {
        InboundEvent inbound = InboundEvents.of("110000000000001", "2000001").text("m_2", "my card is 4111",
                Instant.EPOCH);
        byte[] value = ContractJson.toBytes(inbound);

        TimelineEntry hidden = new RecordDescriber(false).describe(Stage.INBOUND, record("conversation.inbound", value));
        TimelineEntry shown = new RecordDescriber(true).describe(Stage.INBOUND, record("conversation.inbound", value));

        assertThat(hidden.value().toString()).doesNotContain("4111").contains("15 characters hidden");
        assertThat(hidden.summary()).doesNotContain("4111");
        assertThat(shown.value().path("userText").asText()).isEqualTo("my card is 4111");
    }

    @Test
    void aDeadLetterShowsItsIdsAndReasonButNotTheWordsItHoldsWhereverTheyAre() {
        // a decision that broke its contract: the page's text sits where the contract says, the user's elsewhere
        String broken = """
                {"decisionId":"m_1#1","type":"REPLY_ORDER","order":{"kind":"ASK_HANDOVER","text":"Une personne ?"},
                 "note":{"quoted":"my card number is 4111"}}""";
        ConsumerRecord<byte[], byte[]> record = record("conversation.decisions.dlq",
                broken.getBytes(StandardCharsets.UTF_8));
        record.headers().add(new RecordHeader("dead-letter-reason",
                "reply order without text".getBytes(StandardCharsets.UTF_8)));
        record.headers().add(new RecordHeader("dead-letter-cause",
                "Unrecognized token 'secretword'".getBytes(StandardCharsets.UTF_8)));

        TimelineEntry hidden = new RecordDescriber(false).describe(Stage.DEAD_LETTER, record);

        assertThat(hidden.summary()).isEqualTo("dead-lettered: reply order without text");
        assertThat(hidden.value().toString()).doesNotContain("personne").doesNotContain("4111")
                .contains("\"decisionId\":\"m_1#1\"").contains("\"kind\":\"ASK_HANDOVER\"");
        assertThat(hidden.headers().get("dead-letter-cause")).startsWith("[31 characters hidden");
        assertThat(hidden.headers().get("dead-letter-reason")).isEqualTo("reply order without text");

        TimelineEntry shown = new RecordDescriber(true).describe(Stage.DEAD_LETTER, record);
        assertThat(shown.value().toString()).contains("Une personne ?").contains("4111");
        assertThat(shown.headers().get("dead-letter-cause")).contains("secretword");
    }

    @Test
    void aBrokenRecordBecomesAnEntryThatSaysSo() {
        TimelineEntry entry = new RecordDescriber(false).describe(Stage.DECISION,
                record("conversation.decisions", "{not json".getBytes(StandardCharsets.UTF_8)));

        assertThat(entry.summary()).startsWith("unreadable record");
        assertThat(entry.value()).isNull();
    }

    private static ConsumerRecord<byte[], byte[]> raw(String json) {
        ConsumerRecord<byte[], byte[]> record = record("messenger.webhook.raw", json.getBytes(StandardCharsets.UTF_8));
        record.headers().add(new RecordHeader(RawEventHeaders.CHANNEL, "messaging".getBytes(StandardCharsets.UTF_8)));
        return record;
    }

    private static ConsumerRecord<byte[], byte[]> record(String topic, byte[] value) {
        return new ConsumerRecord<>(topic, 0, 7L, KEY.getBytes(StandardCharsets.UTF_8), value);
    }
}
