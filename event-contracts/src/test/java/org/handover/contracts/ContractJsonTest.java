package org.handover.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.handover.contracts.kafka.ContractSerializer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class ContractJsonTest {

    private static final Instant T0 = Instant.parse("2026-11-25T08:15:30.123Z");

    static Stream<Arguments> everyContractRecord() {
        return Stream.of(
                Arguments.of(InboundEvent.class, new InboundEvent(SchemaVersion.CURRENT, "m_abc", "PAGE1", "PSID1",
                        EventClass.GUIDED, "messaging", "message", T0, T0.plusMillis(40), "PRICES", "m_abc", null, null,
                        new SourceRef(Topics.WEBHOOK_RAW, 3, 42L))),
                Arguments.of(InboundEvent.class, new InboundEvent(SchemaVersion.CURRENT, "m_def", "PAGE1", "PSID1",
                        EventClass.FREE_TEXT, "messaging", "message", T0, T0.plusMillis(40), null, "m_def", null, null,
                        new SourceRef(Topics.WEBHOOK_RAW, 3, 43L), "my parcel never came \uD83D\uDCE6")),
                Arguments.of(InboundEvent.class, new InboundEvent(SchemaVersion.CURRENT, "h1", "PAGE1", "PSID1",
                        EventClass.HANDOVER_SIGNAL, "messaging", "pass_thread_control", T0, T0, null, null, null,
                        new HandoverSignal("pass_thread_control", "263902037430900", "111", null, "user asked",
                                Map.of("111", List.of("primary_receiver"))),
                        null)),
                Arguments.of(Decision.class, new Decision(SchemaVersion.CURRENT, "d1", DecisionType.REPLY_ORDER, "PAGE1",
                        "PSID1", 4L, T0, "m_abc", null,
                        new ReplyOrder(OrderKind.ASK_HANDOVER, null, "Change to agent?",
                                List.of(new QuickReply("Yes", Messenger.HANDOVER_ACCEPT_PAYLOAD),
                                        new QuickReply("No", Messenger.HANDOVER_REJECT_PAYLOAD)), T0))),
                Arguments.of(Decision.class, new Decision(SchemaVersion.CURRENT, "d2", DecisionType.CONTROL_CHANGE, "PAGE1",
                        "PSID1", 5L, T0, "m_abc", new ControlChange(Owner.AGENT, "263902037430900", Owner.BOT, "user_accepted"),
                        null)),
                Arguments.of(ThreadControl.class, new ThreadControl(SchemaVersion.CURRENT, "PAGE1", "PSID1", Owner.BOT,
                        "111", 6L, T0, "h1")),
                Arguments.of(OutboundResult.class, new OutboundResult(SchemaVersion.CURRENT, "d1", "PAGE1", "PSID1", 4L,
                        OrderKind.ASK_HANDOVER, OutboundOutcome.REFUSED, "not_owner", null, 10, 2018300, T0)),
                Arguments.of(OutboundResult.class, new OutboundResult(SchemaVersion.CURRENT, "d3", "PAGE1", "PSID1", 4L,
                        OrderKind.ANSWER_GUIDED, OutboundOutcome.SENT, null, "m_1", null, null, T0,
                        new TrackedAnswerLinks("DELIVERY", List.of("https://a.example/1", "https://b.example/2")))),
                Arguments.of(BulletinClick.class, new BulletinClick(SchemaVersion.CURRENT, "c1",
                        "6f1c2a64-3f7e-4d2b-9b8e-0c4f5a6b7c8d", 1, "PAGE1", "PSID1", T0)),
                Arguments.of(BulletinClick.class, new BulletinClick(SchemaVersion.CURRENT, "c2", null, 0, "PAGE1",
                        "PSID1", T0, "DELIVERY")),
                Arguments.of(GuidedCatalog.class, new GuidedCatalog(SchemaVersion.CURRENT, "PAGE1", 3L, T0,
                        List.of(new GuidedOption("PRICES", "Prices", List.of("price", "cost")),
                                new GuidedOption("HOURS", "Opening hours", List.of())))));
    }

    @ParameterizedTest
    @MethodSource("everyContractRecord")
    void roundTripsEveryRecordUnchanged(Class<?> type, Object record) {
        byte[] json = ContractJson.toBytes(record);

        assertThat(ContractJson.fromBytes(json, type)).usingRecursiveComparison().isEqualTo(record);
        assertThat(ContractJson.fromBytes(json, type)).isEqualTo(record);
    }

    @ParameterizedTest
    @MethodSource("everyContractRecord")
    void toleratesFieldsAddedByANewerWriter(Class<?> type, Object record) throws Exception {
        ObjectNode tree = (ObjectNode) ContractJson.mapper().readTree(ContractJson.toBytes(record));
        tree.put("fieldFromTheFuture", "x");
        tree.putObject("nestedFromTheFuture").put("a", 1);

        Object read = ContractJson.fromBytes(ContractJson.mapper().writeValueAsBytes(tree), type);

        assertThat(read).isEqualTo(record);
    }

    @ParameterizedTest
    @MethodSource("everyContractRecord")
    void writesTheSchemaVersionOnEveryRecord(Class<?> type, Object record) throws Exception {
        assertThat(ContractJson.mapper().readTree(ContractJson.toBytes(record)).get("schemaVersion").asInt())
                .isEqualTo(SchemaVersion.CURRENT);
    }

    @Test
    void readsClicksAndResultsWrittenBeforeGuidedAnswersWereTracked() {
        BulletinClick click = ContractJson.fromJson("""
                {"schemaVersion":1,"clickId":"c9","bulletinId":"b-1","linkIndex":2,"pageId":"P","psid":"U",
                 "at":"2026-11-25T08:15:30.123Z"}""", BulletinClick.class);
        assertThat(click.guidedAnswer()).isFalse();
        assertThat(click.answerKey()).isNull();
        assertThat(click.key()).isEqualTo("b-1");
        OutboundResult result = ContractJson.fromJson("""
                {"schemaVersion":1,"decisionId":"d9","pageId":"P","psid":"U","epoch":2,"orderKind":"ANSWER_GUIDED",
                 "outcome":"SENT"}""", OutboundResult.class);
        assertThat(result.trackedLinks()).isNull();
        BulletinClick answer = new BulletinClick(SchemaVersion.CURRENT, "c1", null, 0, "P", "U", T0, "HOURS");
        assertThat(answer.guidedAnswer()).isTrue();
        assertThat(answer.key()).isEqualTo("P:HOURS");
        assertThat(ContractJson.toJson(answer)).doesNotContain("bulletinId");
    }

    @Test
    void readsARecordWrittenBeforeOptionalFieldsExisted() {
        String older = """
                {"schemaVersion":1,"decisionId":"d9","type":"REPLY_ORDER","pageId":"P","psid":"U","epoch":2,
                 "order":{"kind":"ANSWER_GUIDED","guidedPayload":"HOURS"}}""";

        Decision decision = ContractJson.fromJson(older, Decision.class);

        assertThat(decision.order().quickReplies()).isEmpty();
        assertThat(decision.control()).isNull();
        assertThat(decision.key()).isEqualTo("P:U");
        assertThat(decision.order().guidedPayload()).isEqualTo("HOURS");
    }

    @Test
    void writesTimesAsIsoStringsAndEnumsByName() throws Exception {
        var json = ContractJson.mapper().readTree(ContractJson.toBytes(
                new ThreadControl(1, "P", "U", Owner.AGENT, null, 1, T0, null)));

        assertThat(json.get("changedAt").asText()).isEqualTo("2026-11-25T08:15:30.123Z");
        assertThat(json.get("owner").asText()).isEqualTo("AGENT");
        assertThat(json.has("ownerAppId")).as("nulls are omitted").isFalse();
    }

    @Test
    void theUsersWordsAreCutToTheirLimitByCodePointAndNeverPrinted() {
        String emoji = "\uD83D\uDCE6";
        String atLimit = emoji.repeat(InboundEvent.USER_TEXT_MAX);
        assertThat(InboundEvent.userTextOf(atLimit)).isEqualTo(atLimit);
        String cut = InboundEvent.userTextOf(atLimit + "x");
        assertThat(cut.codePointCount(0, cut.length())).isEqualTo(InboundEvent.USER_TEXT_MAX);
        assertThat(cut).endsWith(emoji + "\u2026");
        assertThat(InboundEvent.userTextOf(null)).isNull();

        InboundEvent event = InboundEvents.of("PAGE1", "PSID1").text("m1", "my card number is 4111", T0);
        assertThat(event.userText()).isEqualTo("my card number is 4111");
        assertThat(event.toString()).doesNotContain("4111").contains("userText=<22 chars>").contains("eventId=m1");
    }

    @Test
    void rejectsMalformedJsonWithoutQuotingIt() {
        String secretText = "my card number is 4111";

        assertThatThrownBy(() -> ContractJson.fromJson("{\"eventId\": \"" + secretText, InboundEvent.class))
                .isInstanceOf(MalformedRecordException.class)
                .hasMessageStartingWith("not a valid InboundEvent")
                .hasMessageNotContaining("4111");
        assertThatThrownBy(() -> ContractJson.fromJson("{\"eventClass\":\"" + secretText + "\"}", InboundEvent.class))
                .isInstanceOf(MalformedRecordException.class)
                .hasMessageContaining("eventClass")
                .hasMessageNotContaining("4111");
        assertThatThrownBy(() -> ContractJson.fromJson("", InboundEvent.class))
                .isInstanceOf(MalformedRecordException.class)
                .hasMessage("empty value where a InboundEvent was expected");
        assertThatThrownBy(() -> ContractJson.fromJson("null", InboundEvent.class))
                .isInstanceOf(MalformedRecordException.class)
                .hasMessage("JSON null where a InboundEvent was expected");
    }

    @Test
    void serializerWritesTheContractFormAndKeepsTombstones() {
        var catalog = new GuidedCatalog(1, "P", 1, T0, List.of());
        try (var serializer = new ContractSerializer()) {
            assertThat(new String(serializer.serialize(Topics.BOT_CATALOG, catalog), StandardCharsets.UTF_8))
                    .isEqualTo(ContractJson.toJson(catalog));
            assertThat(serializer.serialize(Topics.BOT_CATALOG, null)).isNull();
        }
    }
}
