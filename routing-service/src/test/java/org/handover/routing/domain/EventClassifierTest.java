package org.handover.routing.domain;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.handover.routing.MetaEvents.OWN_APP;
import static org.handover.routing.MetaEvents.PAGE;
import static org.handover.routing.MetaEvents.PSID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import org.handover.contracts.ContractJson;
import org.handover.contracts.EventClass;
import org.handover.contracts.GuidedCatalog;
import org.handover.contracts.GuidedOption;
import org.handover.contracts.HandoverSignal;
import org.handover.contracts.InboundEvent;
import org.handover.contracts.Messenger;
import org.handover.contracts.SchemaVersion;
import org.handover.contracts.SourceRef;
import org.handover.routing.MetaEvents;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class EventClassifierTest {

    private static final String MESSAGING = "messaging";
    private static final String STANDBY = "standby";
    private static final String INBOX = Messenger.PAGE_INBOX_APP_ID;
    private static final Instant OCCURRED = Instant.ofEpochMilli(1764061200000L);
    private static final Instant RECEIVED = Instant.parse("2025-11-25T09:00:00.250Z");
    private static final SourceRef SOURCE = new SourceRef("messenger.webhook.raw", 3, 42);
    private static final String USER_KEY = PAGE + ":" + PSID;

    private static final GuidedCatalog CATALOG = new GuidedCatalog(1, PAGE, 7, Instant.parse("2025-11-25T08:00:00Z"),
            List.of(new GuidedOption(Messenger.HANDOVER_ACCEPT_PAYLOAD, "Where is my parcel?", List.of("yes")),
                    new GuidedOption("HOURS", "Opening hours", List.of("open", "hours")),
                    new GuidedOption("PRICES", "Prices", List.of("cost"))));

    private final EventClassifier classifier = new EventClassifier(OWN_APP);

    /** fixture, channel, class, kind, guided payload, message id, app id. */
    static Stream<Arguments> documentedShapes() {
        return Stream.of(
                row("text", MESSAGING, EventClass.FREE_TEXT, "message", null, "m_text_1", null),
                row("text-guided-title", MESSAGING, EventClass.GUIDED, "message", "HOURS", "m_text_2", null),
                row("text-guided-keyword", MESSAGING, EventClass.GUIDED, "message", "HOURS", "m_text_3", null),
                row("quick-reply", MESSAGING, EventClass.GUIDED, "message", "HOURS", "m_qr_1", null),
                row("quick-reply-handover-accept", MESSAGING, EventClass.GUIDED, "message",
                        Messenger.HANDOVER_ACCEPT_PAYLOAD, "m_qr_2", null),
                row("quick-reply-handover-reject", MESSAGING, EventClass.GUIDED, "message",
                        Messenger.HANDOVER_REJECT_PAYLOAD, "m_qr_3", null),
                row("postback", MESSAGING, EventClass.GUIDED, "postback", "HOURS", "m_pb_1", null),
                row("postback-get-started-referral", MESSAGING, EventClass.GUIDED, "postback", "GET_STARTED", "m_pb_2",
                        null),
                row("postback-without-payload", MESSAGING, EventClass.UNKNOWN, "postback", null, "m_pb_3", null),
                row("attachment-image", MESSAGING, EventClass.FREE_TEXT, "message", null, "m_att_image", null),
                row("attachment-video", MESSAGING, EventClass.FREE_TEXT, "message", null, "m_att_video", null),
                row("attachment-audio", MESSAGING, EventClass.FREE_TEXT, "message", null, "m_att_audio", null),
                row("attachment-file", MESSAGING, EventClass.FREE_TEXT, "message", null, "m_att_file", null),
                row("attachment-location", MESSAGING, EventClass.FREE_TEXT, "message", null, "m_att_location", null),
                row("attachment-fallback", MESSAGING, EventClass.FREE_TEXT, "message", null, "m_att_fallback", null),
                row("attachment-images-several", MESSAGING, EventClass.FREE_TEXT, "message", null, "m_att_images",
                        null),
                row("text-with-link-fallback", MESSAGING, EventClass.FREE_TEXT, "message", null, "m_text_link", null),
                row("like-sticker", MESSAGING, EventClass.NOISE, "message", null, "m_like", null),
                row("sticker", MESSAGING, EventClass.NOISE, "message", null, "m_sticker", null),
                row("sticker-and-image", MESSAGING, EventClass.FREE_TEXT, "message", null, "m_sticker_image", null),
                row("message-empty", MESSAGING, EventClass.UNKNOWN, "message", null, "m_empty", null),
                row("echo-own-app", MESSAGING, EventClass.NOISE, "message_echo", null, "m_echo_own", OWN_APP),
                row("echo-page-inbox", MESSAGING, EventClass.AGENT_ACTIVITY, "message_echo", null, "m_echo_inbox",
                        INBOX),
                row("echo-other-app", MESSAGING, EventClass.AGENT_ACTIVITY, "message_echo", null, "m_echo_other",
                        "330000000000003"),
                row("echo-without-app-id", MESSAGING, EventClass.AGENT_ACTIVITY, "message_echo", null,
                        "m_echo_page_ui", null),
                row("delivery", MESSAGING, EventClass.NOISE, "delivery", null, null, null),
                row("read", MESSAGING, EventClass.NOISE, "read", null, null, null),
                row("reaction", MESSAGING, EventClass.NOISE, "reaction", null, null, null),
                row("referral", MESSAGING, EventClass.NOISE, "referral", null, null, null),
                row("optin-notification-messages", MESSAGING, EventClass.NOISE, "optin", null, null, null),
                row("optin-one-time-notification", MESSAGING, EventClass.NOISE, "optin", null, null, null),
                row("text-reply", MESSAGING, EventClass.FREE_TEXT, "message", null, "m_reply_1", null),
                row("text-timestamp-string", MESSAGING, EventClass.FREE_TEXT, "message", null, "m_text_str", null),
                row("echo-template-button", MESSAGING, EventClass.NOISE, "message_echo", null, "m_echo_template",
                        OWN_APP),
                row("echo-template-generic-other-app", MESSAGING, EventClass.AGENT_ACTIVITY, "message_echo", null,
                        "m_echo_generic", "330000000000003"),
                row("delivery-without-timestamp", MESSAGING, EventClass.NOISE, "delivery", null, null, null),
                row("delivery-watermark-only", MESSAGING, EventClass.NOISE, "delivery", null, null, null),
                row("read-without-timestamp", MESSAGING, EventClass.NOISE, "read", null, null, null),
                row("referral-ad", MESSAGING, EventClass.NOISE, "referral", null, null, null),
                row("referral-messenger-code", MESSAGING, EventClass.NOISE, "referral", null, null, null),
                row("referral-discover", MESSAGING, EventClass.NOISE, "referral", null, null, null),
                row("message-edit", MESSAGING, EventClass.NOISE, "message_edit", null, null, null),
                row("account-linked", MESSAGING, EventClass.NOISE, "account_linking", null, null, null),
                row("account-unlinked", MESSAGING, EventClass.NOISE, "account_linking", null, null, null),
                row("game-play", MESSAGING, EventClass.NOISE, "game_play", null, null, null),
                row("game-play-thread-rich", MESSAGING, EventClass.NOISE, "game_play", null, null, null),
                row("pass-thread-control", MESSAGING, EventClass.HANDOVER_SIGNAL, "pass_thread_control", null, null,
                        null),
                row("take-thread-control", MESSAGING, EventClass.HANDOVER_SIGNAL, "take_thread_control", null, null,
                        null),
                row("request-thread-control", MESSAGING, EventClass.HANDOVER_SIGNAL, "request_thread_control", null,
                        null, null),
                row("unknown-kind", MESSAGING, EventClass.UNKNOWN, "unknown", null, null, null),
                // standby: the bot does not own the thread; kind (and app id of echoes) say what it was
                row("text", STANDBY, EventClass.STANDBY, "message", null, "m_text_1", null),
                row("text-guided-title", STANDBY, EventClass.STANDBY, "message", null, "m_text_2", null),
                row("quick-reply", STANDBY, EventClass.STANDBY, "message", null, "m_qr_1", null),
                row("quick-reply-handover-accept", STANDBY, EventClass.STANDBY, "message", null, "m_qr_2", null),
                row("postback-without-payload", STANDBY, EventClass.STANDBY, "postback", null, "m_pb_3", null),
                row("attachment-image", STANDBY, EventClass.STANDBY, "message", null, "m_att_image", null),
                row("like-sticker", STANDBY, EventClass.STANDBY, "message", null, "m_like", null),
                row("echo-page-inbox", STANDBY, EventClass.STANDBY, "message_echo", null, "m_echo_inbox", INBOX),
                row("echo-own-app", STANDBY, EventClass.STANDBY, "message_echo", null, "m_echo_own", OWN_APP),
                row("echo-without-app-id", STANDBY, EventClass.STANDBY, "message_echo", null, "m_echo_page_ui", null),
                row("delivery", STANDBY, EventClass.STANDBY, "delivery", null, null, null),
                row("read", STANDBY, EventClass.STANDBY, "read", null, null, null),
                row("reaction", STANDBY, EventClass.STANDBY, "reaction", null, null, null),
                row("delivery-without-timestamp", STANDBY, EventClass.STANDBY, "delivery", null, null, null),
                row("read-without-timestamp", STANDBY, EventClass.STANDBY, "read", null, null, null),
                row("message-edit", STANDBY, EventClass.STANDBY, "message_edit", null, null, null),
                row("text-reply", STANDBY, EventClass.STANDBY, "message", null, "m_reply_1", null),
                row("pass-thread-control", STANDBY, EventClass.HANDOVER_SIGNAL, "pass_thread_control", null, null,
                        null),
                row("unknown-kind", STANDBY, EventClass.UNKNOWN, "unknown", null, null, null));
    }

    @ParameterizedTest(name = "{0} in {1} is {2} / {3}")
    @MethodSource("documentedShapes")
    void classifiesEveryDocumentedShape(String fixture, String channel, EventClass eventClass, String kind,
            String guidedPayload, String messageId, String appId) {
        String raw = MetaEvents.load(fixture);

        InboundEvent event = classified(raw, channel, USER_KEY);

        String expectedId = messageId != null ? messageId : EventClassifier.sha256(raw.getBytes(UTF_8));
        assertThat(event).usingRecursiveComparison().ignoringFields("handover", "userText").isEqualTo(new InboundEvent(
                SchemaVersion.CURRENT, expectedId, PAGE, PSID, eventClass, channel, kind, OCCURRED, RECEIVED,
                guidedPayload, messageId, appId, null, SOURCE));
        assertThat(event.key()).isEqualTo(USER_KEY);
    }

    @Test
    void typedFreeTextCarriesTheStartOfTheUsersWordsAndNothingElseDoes() {
        assertThat(classified(MetaEvents.load("text"), MESSAGING, USER_KEY).userText())
                .isEqualTo("Where is my parcel? My secret order 4711");
        String longText = "a".repeat(InboundEvent.USER_TEXT_MAX + 50);
        String longRaw = MetaEvents.load("text").replace("Where is my parcel? My secret order 4711", longText);
        assertThat(classified(longRaw, MESSAGING, USER_KEY).userText())
                .hasSize(InboundEvent.USER_TEXT_MAX).endsWith("a\u2026");
        // free text without words, a guided option typed, a tap, an echo, a user's message to an agent: no words
        assertThat(classified(MetaEvents.load("attachment-image"), MESSAGING, USER_KEY).userText()).isNull();
        assertThat(((Classification.Classified) classifier.classify(
                record(MetaEvents.load("text-guided-title"), MESSAGING, USER_KEY, PAGE), page -> Optional.of(CATALOG)))
                .event().userText()).isNull();
        assertThat(classified(MetaEvents.load("quick-reply"), MESSAGING, USER_KEY).userText()).isNull();
        assertThat(classified(MetaEvents.load("echo-page-inbox"), MESSAGING, USER_KEY).userText()).isNull();
        assertThat(classified(MetaEvents.load("text"), STANDBY, USER_KEY).userText()).isNull();
    }

    @Test
    void echoesBelongToTheConversationOfTheirRecipient() {
        InboundEvent event = classified(MetaEvents.load("echo-page-inbox"), MESSAGING, USER_KEY);

        assertThat(event.psid()).as("the page sent it to the user").isEqualTo(PSID);
        assertThat(event.pageId()).isEqualTo(PAGE);
    }

    @Test
    void takesThePageFromTheEntryWhenTheHeaderIsThere() {
        String raw = MetaEvents.load("text").replace("\"recipient\": {\"id\": \"" + PAGE + "\"}",
                "\"recipient\": {\"id\": \"999\"}");

        InboundEvent event = ((Classification.Classified) classifier.classify(
                record(raw, MESSAGING, USER_KEY, PAGE), page -> Optional.empty())).event();

        assertThat(event.pageId()).isEqualTo(PAGE);
    }

    @Test
    void passThreadControlCarriesBothOwnersAndTheMetadata() {
        assertThat(classified(MetaEvents.load("pass-thread-control"), MESSAGING, USER_KEY).handover())
                .isEqualTo(new HandoverSignal("pass_thread_control", INBOX, OWN_APP, null,
                        "user accepted the handover", null));
        assertThat(classified(MetaEvents.load("pass-thread-control-back"), MESSAGING, USER_KEY).handover())
                .isEqualTo(new HandoverSignal("pass_thread_control", OWN_APP, INBOX, null, "Done", null));
    }

    @Test
    void takeThreadControlFromAnIdleThreadHasNoPreviousOwner() {
        assertThat(classified(MetaEvents.load("take-thread-control"), MESSAGING, USER_KEY).handover())
                .isEqualTo(new HandoverSignal("take_thread_control", OWN_APP, INBOX, null, "idle timeout", null));
        assertThat(classified(MetaEvents.load("take-thread-control-from-idle"), MESSAGING, USER_KEY).handover())
                .isEqualTo(new HandoverSignal("take_thread_control", INBOX, null, null, null, null));
    }

    @Test
    void requestThreadControlNamesTheRequesterEvenWhenMetaSendsANumber() {
        assertThat(classified(MetaEvents.load("request-thread-control"), MESSAGING, USER_KEY).handover())
                .isEqualTo(new HandoverSignal("request_thread_control", null, null, INBOX, "moved to inbox", null));
    }

    @Test
    void appRolesIsAPageLevelSignalKeyedByThePage() {
        String raw = MetaEvents.load("app-roles");

        InboundEvent event = classified(raw, MESSAGING, PAGE);

        assertThat(event.psid()).isNull();
        assertThat(event.key()).isEqualTo(PAGE);
        assertThat(event.eventClass()).isEqualTo(EventClass.HANDOVER_SIGNAL);
        assertThat(event.eventId()).isEqualTo(EventClassifier.sha256(raw.getBytes(UTF_8)));
        assertThat(event.handover()).isEqualTo(new HandoverSignal("app_roles", null, null, null, null,
                Map.of(OWN_APP, List.of("primary_receiver"), INBOX, List.of("secondary_receiver"))));
    }

    /** fixture, class, kind, guided payload, message id: events with no user (PSID), keyed by the page alone. */
    static Stream<Arguments> pageLevelShapes() {
        return Stream.of(
                Arguments.of("app-roles", EventClass.HANDOVER_SIGNAL, "app_roles", null, null),
                Arguments.of("policy-enforcement-block", EventClass.NOISE, "policy_enforcement", null, null),
                Arguments.of("policy-enforcement-unblock", EventClass.NOISE, "policy_enforcement", null, null),
                Arguments.of("optin-checkbox-user-ref", EventClass.NOISE, "optin", null, null),
                Arguments.of("referral-chat-plugin-guest", EventClass.NOISE, "referral", null, null),
                Arguments.of("postback-sender-user-ref", EventClass.GUIDED, "postback", "CONTACT", "m_pb_ref"));
    }

    @ParameterizedTest(name = "{0} is {1} / {2}, keyed by the page")
    @MethodSource("pageLevelShapes")
    void eventsWithoutAUserAreKeyedByThePage(String fixture, EventClass eventClass, String kind, String guidedPayload,
            String messageId) {
        String raw = MetaEvents.load(fixture);

        InboundEvent event = classified(raw, MESSAGING, PAGE);

        assertThat(event).extracting(InboundEvent::pageId, InboundEvent::psid, InboundEvent::eventClass,
                InboundEvent::kind, InboundEvent::guidedPayload, InboundEvent::messageId, InboundEvent::occurredAt)
                .containsExactly(PAGE, null, eventClass, kind, guidedPayload, messageId, OCCURRED);
        assertThat(event.key()).isEqualTo(PAGE);
    }

    @Test
    void anEditIsNotTheEditedMessageAgain() {
        InboundEvent edit = classified(MetaEvents.load("message-edit"), MESSAGING, USER_KEY);
        InboundEvent original = classified(MetaEvents.load("text"), MESSAGING, USER_KEY);

        assertThat(edit.eventId()).as("the edit names the original's mid; it must not be deduplicated as it")
                .isNotEqualTo(original.eventId())
                .isEqualTo(EventClassifier.sha256(MetaEvents.load("message-edit").getBytes(UTF_8)));
    }

    /** Where the time comes from when the event has no usable timestamp; the fixtures all say 1764061200000. */
    static Stream<Arguments> timeSubstitutes() {
        String text = MetaEvents.load("text");
        String noTimestamp = text.replace("\"timestamp\": 1764061200000, ", "");
        Instant entry = Instant.ofEpochMilli(1764061200100L);
        return Stream.of(
                Arguments.of("timestamp as a string of digits", MetaEvents.load("text-timestamp-string"), null,
                        OCCURRED),
                Arguments.of("timestamp in seconds", text.replace("1764061200000", "1764061200"), null, OCCURRED),
                Arguments.of("timestamp in seconds, as a string", text.replace("1764061200000", "\"1764061200\""),
                        null, OCCURRED),
                Arguments.of("delivery watermark", MetaEvents.load("delivery-without-timestamp"), "1764061200100",
                        OCCURRED),
                Arguments.of("delivery watermark as a string", MetaEvents.load("delivery-watermark-only"),
                        "1764061200100", OCCURRED),
                Arguments.of("read watermark", MetaEvents.load("read-without-timestamp"), "1764061200100", OCCURRED),
                Arguments.of("entry time", noTimestamp, "1764061200100", entry),
                Arguments.of("entry time when the timestamp is not a time", text.replace("1764061200000", "\"soon\""),
                        "1764061200100", entry),
                Arguments.of("entry time in seconds", noTimestamp, "1764061200", OCCURRED),
                Arguments.of("receive time without entry time", noTimestamp, null, RECEIVED),
                Arguments.of("receive time when the entry time is not a number", noTimestamp, "later", RECEIVED),
                Arguments.of("receive time when the timestamp is zero", text.replace("1764061200000", "0"), null,
                        RECEIVED));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("timeSubstitutes")
    void takesTheTimeFromTheBestDocumentedSubstitute(String name, String raw, String entryTime, Instant expected) {
        Classification result = classifier.classify(new RawRecord(USER_KEY, json(raw), raw.getBytes(UTF_8), MESSAGING,
                PAGE, entryTime, RECEIVED, SOURCE), catalogs());

        assertThat(result).isInstanceOf(Classification.Classified.class);
        assertThat(((Classification.Classified) result).event().occurredAt()).isEqualTo(expected);
    }

    @Test
    void aRecordWithNoTimeAtAllIsMalformed() {
        String raw = MetaEvents.load("text").replace("\"timestamp\": 1764061200000, ", "");

        Classification result = classifier.classify(new RawRecord(USER_KEY, json(raw), raw.getBytes(UTF_8), MESSAGING,
                PAGE, null, null, SOURCE), catalogs());

        assertThat(result).isEqualTo(new Classification.Malformed(
                "no timestamp, watermark, entry time or receive time"));
    }

    @Test
    void typedTextIsFreeTextUntilThePagesCatalogIsKnown() {
        InboundEvent event = ((Classification.Classified) classifier.classify(
                record(MetaEvents.load("text-guided-title"), MESSAGING, USER_KEY, PAGE), page -> Optional.empty()))
                .event();

        assertThat(event.eventClass()).isEqualTo(EventClass.FREE_TEXT);
    }

    @Test
    void payloadsAreGuidedWithoutACatalog() {
        InboundEvent event = ((Classification.Classified) classifier.classify(
                record(MetaEvents.load("quick-reply"), MESSAGING, USER_KEY, PAGE), page -> Optional.empty())).event();

        assertThat(event).extracting(InboundEvent::eventClass, InboundEvent::guidedPayload)
                .containsExactly(EventClass.GUIDED, "HOURS");
    }

    @Test
    void typingTheTitleOfAReservedOptionIsNotAGuidedChoice() {
        InboundEvent event = classified(MetaEvents.load("text"), MESSAGING, USER_KEY);

        assertThat(CATALOG.options().get(0).title()).isEqualTo("Where is my parcel?");
        assertThat(event.eventClass()).as("only a tap on the question's quick reply chooses a reserved payload")
                .isNotEqualTo(EventClass.GUIDED);
    }

    @Test
    void theSameBytesGetTheSameIdAndDifferentBytesADifferentOne() {
        String delivery = MetaEvents.load("delivery");
        String other = delivery.replace("1764061199000", "1764061199001");

        assertThat(classified(delivery, MESSAGING, USER_KEY).eventId())
                .isEqualTo(classified(delivery, MESSAGING, USER_KEY).eventId())
                .isNotEqualTo(classified(other, MESSAGING, USER_KEY).eventId())
                .hasSize(64)
                .matches("[0-9a-f]{64}");
    }

    /** raw value, channel, record key, expected reason. */
    static Stream<Arguments> malformed() {
        String text = MetaEvents.load("text");
        return Stream.of(
                Arguments.of("[1,2]", MESSAGING, USER_KEY, "raw event is JSON but not an object"),
                Arguments.of("\"secret\"", MESSAGING, USER_KEY, "raw event is JSON but not an object"),
                Arguments.of(text, null, USER_KEY,
                        "raw record has no mh-channel header of messaging or standby"),
                Arguments.of(text, "secret-channel", USER_KEY,
                        "raw record has no mh-channel header of messaging or standby"),
                Arguments.of(text.replace("\"sender\": {\"id\": \"" + PSID + "\"}",
                        "\"sender\": {\"user_ref\": \"\"}"), MESSAGING, USER_KEY, "sender.id is missing"),
                Arguments.of(MetaEvents.load("game-play").replace("\"sender\": {\"id\": \"" + PSID + "\"}, ", ""),
                        MESSAGING, PAGE, "sender.id is missing"),
                Arguments.of(text.replace("\"sender\": {\"id\": \"" + PSID + "\"}, ", ""), MESSAGING, USER_KEY,
                        "sender.id is missing"),
                Arguments.of(text.replace("\"id\": \"" + PSID + "\"", "\"id\": \"secret:1\""), MESSAGING, USER_KEY,
                        "sender.id is not an id"),
                Arguments.of(text.replace("\"recipient\": {\"id\": \"" + PAGE + "\"}, ", ""), MESSAGING, USER_KEY,
                        "recipient.id is missing"),
                Arguments.of(MetaEvents.load("delivery").replace("\"sender\": {\"id\": \"" + PSID + "\"}, ", ""),
                        MESSAGING, USER_KEY, "sender.id is missing"),
                Arguments.of(MetaEvents.load("pass-thread-control")
                        .replace("\"sender\": {\"id\": \"" + PSID + "\"}, ", ""), MESSAGING, USER_KEY,
                        "sender.id is missing"),
                Arguments.of("{\"sender\":{\"id\":\"" + PSID + "\"},\"recipient\":{\"id\":\"" + PAGE
                        + "\"},\"timestamp\":1,\"message\":\"secret\"}", MESSAGING, USER_KEY, "message is not an object"),
                Arguments.of(MetaEvents.load("app-roles").replace("[\"primary_receiver\"]", "42"), MESSAGING, PAGE,
                        "app_roles values must be lists of roles"),
                Arguments.of(text, MESSAGING, PAGE + ":someone-else", "record key does not match the event's"
                        + " conversation (pageId:psid, or pageId for a page-level event)"),
                Arguments.of(text, MESSAGING, null, "record key does not match the event's"
                        + " conversation (pageId:psid, or pageId for a page-level event)"));
    }

    @ParameterizedTest(name = "{3}")
    @MethodSource("malformed")
    void refusesMalformedEventsWithAReasonThatNeverQuotesThem(String raw, String channel, String key, String reason) {
        Classification result = classifier.classify(record(raw, channel, key, PAGE), catalogs());

        assertThat(result).isEqualTo(new Classification.Malformed(reason));
        assertThat(reason).doesNotContain("secret").doesNotContain(PSID);
    }

    private InboundEvent classified(String raw, String channel, String key) {
        Classification result = classifier.classify(record(raw, channel, key, PAGE), catalogs());
        assertThat(result).isInstanceOf(Classification.Classified.class);
        return ((Classification.Classified) result).event();
    }

    private static Function<String, Optional<GuidedCatalog>> catalogs() {
        return page -> PAGE.equals(page) ? Optional.of(CATALOG) : Optional.empty();
    }

    private static RawRecord record(String raw, String channel, String key, String pageHeader) {
        return new RawRecord(key, json(raw), raw.getBytes(UTF_8), channel, pageHeader, "1764061200100", RECEIVED,
                SOURCE);
    }

    private static JsonNode json(String raw) {
        try {
            return ContractJson.mapper().readTree(raw);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static Arguments row(String fixture, String channel, EventClass eventClass, String kind,
            String guidedPayload, String messageId, String appId) {
        return Arguments.of(fixture, channel, eventClass, kind, guidedPayload, messageId, appId);
    }
}
