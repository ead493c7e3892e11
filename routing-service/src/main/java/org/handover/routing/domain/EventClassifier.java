package org.handover.routing.domain;

import static org.handover.contracts.EventKinds.APP_ROLES;
import static org.handover.contracts.EventKinds.MESSAGE;
import static org.handover.contracts.EventKinds.MESSAGE_ECHO;
import static org.handover.contracts.EventKinds.POSTBACK;
import static org.handover.contracts.EventKinds.REQUEST_THREAD_CONTROL;
import static org.handover.contracts.EventKinds.UNKNOWN;

import com.fasterxml.jackson.databind.JsonNode;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.handover.contracts.EventClass;
import org.handover.contracts.EventKinds;
import org.handover.contracts.GuidedCatalog;
import org.handover.contracts.HandoverSignal;
import org.handover.contracts.InboundEvent;
import org.handover.contracts.RawEventHeaders;
import org.handover.contracts.SchemaVersion;

/**
 * Turns one raw Messenger event into an {@link InboundEvent}: its class, its kind, the conversation it belongs to
 * and the few fields downstream services decide on. Plain Java, no framework: the rules are in routing-service's
 * README, and every one of them is unit-tested.
 *
 * <p>The classifier never returns message text and never quotes the input in a {@link Classification.Malformed}
 * reason, so neither can reach a log or a dead-letter header through it.
 */
public final class EventClassifier {

    /**
     * Kinds whose events Meta always sends with a {@code sender}: a {@code sender.id} (the user, or the page for
     * echoes), or a {@code sender.user_ref} for a person known only to a plugin (a page-level event then).
     */
    private static final Set<String> SENDER_REQUIRED = Set.of(MESSAGE, MESSAGE_ECHO, POSTBACK, EventKinds.DELIVERY,
            EventKinds.READ, EventKinds.REACTION, EventKinds.REFERRAL, EventKinds.MESSAGE_EDIT,
            EventKinds.ACCOUNT_LINKING, EventKinds.GAME_PLAY, EventKinds.PASS_THREAD_CONTROL,
            EventKinds.TAKE_THREAD_CONTROL, REQUEST_THREAD_CONTROL);

    /** Every kind but {@link EventKinds#UNKNOWN}, each named by the event field that identifies it, in check order. */
    private static final List<String> DETECTED = List.of(MESSAGE, POSTBACK, EventKinds.DELIVERY, EventKinds.READ,
            EventKinds.REACTION, EventKinds.REFERRAL, EventKinds.OPTIN, EventKinds.MESSAGE_EDIT,
            EventKinds.ACCOUNT_LINKING, EventKinds.GAME_PLAY, EventKinds.POLICY_ENFORCEMENT,
            EventKinds.PASS_THREAD_CONTROL, EventKinds.TAKE_THREAD_CONTROL, REQUEST_THREAD_CONTROL, APP_ROLES);

    /** Kinds whose body carries a {@code watermark}: the time to use when the event has no {@code timestamp}. */
    private static final Set<String> WATERMARKED = Set.of(EventKinds.DELIVERY, EventKinds.READ);

    /**
     * Epoch values below this are seconds, not milliseconds: some of Meta's reference examples give times in seconds
     * (10 digits). As milliseconds it is 1973-03-03, as seconds the year 5138, so the two cannot be confused.
     */
    private static final long SECONDS_BELOW = 100_000_000_000L;

    private static final HexFormat HEX = HexFormat.of();

    private final String ownAppId;

    /** @param ownAppId our (bot) app's id: its echoes are noise, every other app's echoes are agent activity */
    public EventClassifier(String ownAppId) {
        this.ownAppId = Objects.requireNonNull(ownAppId, "ownAppId");
    }

    /**
     * Classifies {@code record}.
     *
     * @param catalogs the guided catalog of a page id, if bot-service has published one
     */
    public Classification classify(RawRecord record, Function<String, Optional<GuidedCatalog>> catalogs) {
        try {
            return new Classification.Classified(build(record, catalogs));
        } catch (Invalid e) {
            return new Classification.Malformed(e.getMessage());
        }
    }

    private InboundEvent build(RawRecord record, Function<String, Optional<GuidedCatalog>> catalogs) {
        JsonNode event = record.event();
        if (!event.isObject()) {
            throw new Invalid("raw event is JSON but not an object");
        }
        String channel = record.channel();
        if (!RawEventHeaders.CHANNEL_MESSAGING.equals(channel) && !RawEventHeaders.CHANNEL_STANDBY.equals(channel)) {
            throw new Invalid("raw record has no " + RawEventHeaders.CHANNEL + " header of "
                    + RawEventHeaders.CHANNEL_MESSAGING + " or " + RawEventHeaders.CHANNEL_STANDBY);
        }
        String kind = kindOf(event);
        Instant occurredAt = occurredAt(event, kind, record);
        String recipient = id(event.path("recipient"), "recipient.id", true);
        String sender = sender(event.path("sender"), SENDER_REQUIRED.contains(kind));
        boolean echo = MESSAGE_ECHO.equals(kind);
        // An echo is the page writing to the user: the page is the sender and the user the recipient.
        String pageId = isId(record.pageId()) ? record.pageId() : echo ? sender : recipient;
        String psid = echo ? recipient : APP_ROLES.equals(kind) ? null : sender;

        Draft draft = RawEventHeaders.CHANNEL_STANDBY.equals(channel) && !isHandover(kind) && !UNKNOWN.equals(kind)
                ? standby(kind, event)
                : messaging(kind, event, pageId, catalogs);
        String eventId = draft.messageId != null ? draft.messageId : sha256(record.rawValue());
        InboundEvent classified = new InboundEvent(SchemaVersion.CURRENT, eventId, pageId, psid, draft.eventClass,
                channel, kind, occurredAt, record.receivedAt(), draft.guidedPayload, draft.messageId, draft.appId,
                draft.handover, record.source(), InboundEvent.userTextOf(draft.userText));
        // Same key in, same key out: the output must land in the partition order of its conversation.
        if (!classified.key().equals(record.key())) {
            throw new Invalid("record key does not match the event's conversation (pageId:psid, or pageId for a"
                    + " page-level event)");
        }
        return classified;
    }

    private static String kindOf(JsonNode event) {
        for (String kind : DETECTED) {
            JsonNode field = event.get(kind);
            if (field != null && !field.isNull()) {
                return MESSAGE.equals(kind) && field.path("is_echo").asBoolean(false) ? MESSAGE_ECHO : kind;
            }
        }
        return UNKNOWN;
    }

    private Draft messaging(String kind, JsonNode event, String pageId,
            Function<String, Optional<GuidedCatalog>> catalogs) {
        return switch (kind) {
            case MESSAGE -> message(object(event, MESSAGE), pageId, catalogs);
            case MESSAGE_ECHO -> echo(object(event, MESSAGE));
            case POSTBACK -> postback(object(event, POSTBACK));
            case EventKinds.PASS_THREAD_CONTROL, EventKinds.TAKE_THREAD_CONTROL, REQUEST_THREAD_CONTROL, APP_ROLES ->
                    Draft.of(EventClass.HANDOVER_SIGNAL).withHandover(handover(kind, object(event, kind)));
            case UNKNOWN -> Draft.of(EventClass.UNKNOWN);
            // delivery, read, reaction, referral, optin, message_edit, account_linking, game_play,
            // policy_enforcement: nothing a conversation decision depends on.
            default -> Draft.of(EventClass.NOISE);
        };
    }

    private Draft standby(String kind, JsonNode event) {
        Draft draft = Draft.of(EventClass.STANDBY);
        if (MESSAGE.equals(kind) || MESSAGE_ECHO.equals(kind) || POSTBACK.equals(kind)) {
            JsonNode body = object(event, MESSAGE.equals(kind) || MESSAGE_ECHO.equals(kind) ? MESSAGE : POSTBACK);
            draft = draft.withMessageId(text(body.get("mid")));
            if (MESSAGE_ECHO.equals(kind)) {
                draft = draft.withAppId(appId(body));
            }
        }
        return draft;
    }

    private Draft message(JsonNode message, String pageId, Function<String, Optional<GuidedCatalog>> catalogs) {
        String mid = text(message.get("mid"));
        String quickReply = text(message.path("quick_reply").get("payload"));
        if (quickReply != null) {
            return Draft.guided(quickReply).withMessageId(mid);
        }
        JsonNode text = message.get("text");
        if (text != null && text.isTextual()) {
            return catalogs.apply(pageId)
                    .flatMap(catalog -> GuidedTextMatcher.match(catalog, text.textValue()))
                    .map(option -> Draft.guided(option.payload()))
                    .orElseGet(() -> Draft.of(EventClass.FREE_TEXT).withUserText(text.textValue()))
                    .withMessageId(mid);
        }
        JsonNode attachments = message.path("attachments");
        if (attachments.isArray() && !attachments.isEmpty()) {
            // A like or a sticker alone is an acknowledgement, not a question: asking "Change to agent?" after a
            // thumbs-up annoys people. Any other attachment is something the bot cannot answer.
            boolean allStickers = true;
            for (JsonNode attachment : attachments) {
                allStickers &= isSticker(message, attachment);
            }
            return Draft.of(allStickers ? EventClass.NOISE : EventClass.FREE_TEXT).withMessageId(mid);
        }
        if (message.hasNonNull("sticker_id")) {
            return Draft.of(EventClass.NOISE).withMessageId(mid);
        }
        return Draft.of(EventClass.UNKNOWN).withMessageId(mid);
    }

    private static boolean isSticker(JsonNode message, JsonNode attachment) {
        return attachment.path("payload").hasNonNull("sticker_id")
                || message.hasNonNull("sticker_id") && "image".equals(attachment.path("type").asText());
    }

    private Draft echo(JsonNode message) {
        String appId = appId(message);
        // No app_id: a page admin typing in Facebook's own page UI, which is a person too.
        EventClass eventClass = ownAppId.equals(appId) ? EventClass.NOISE : EventClass.AGENT_ACTIVITY;
        return Draft.of(eventClass).withMessageId(text(message.get("mid"))).withAppId(appId);
    }

    private static Draft postback(JsonNode postback) {
        String payload = text(postback.get("payload"));
        Draft draft = payload == null ? Draft.of(EventClass.UNKNOWN) : Draft.guided(payload);
        return draft.withMessageId(text(postback.get("mid")));
    }

    private static HandoverSignal handover(String kind, JsonNode body) {
        if (APP_ROLES.equals(kind)) {
            Map<String, List<String>> roles = new LinkedHashMap<>();
            body.fields().forEachRemaining(entry -> roles.put(entry.getKey(), roles(entry.getValue())));
            return new HandoverSignal(kind, null, null, null, null, Map.copyOf(roles));
        }
        return new HandoverSignal(kind, idText(body.get("new_owner_app_id")), idText(body.get("previous_owner_app_id")),
                idText(body.get("requested_owner_app_id")), text(body.get("metadata")), null);
    }

    private static List<String> roles(JsonNode value) {
        if (value.isTextual()) {
            return List.of(value.textValue());
        }
        if (!value.isArray()) {
            throw new Invalid("app_roles values must be lists of roles");
        }
        List<String> roles = new ArrayList<>();
        value.forEach(role -> {
            if (!role.isTextual()) {
                throw new Invalid("app_roles values must be lists of roles");
            }
            roles.add(role.textValue());
        });
        return List.copyOf(roles);
    }

    private static String appId(JsonNode message) {
        return idText(message.get("app_id"));
    }

    private static boolean isHandover(String kind) {
        return EventKinds.HANDOVER.contains(kind);
    }

    private static JsonNode object(JsonNode event, String field) {
        JsonNode node = event.get(field);
        if (!node.isObject()) {
            throw new Invalid(field + " is not an object");
        }
        return node;
    }

    /**
     * When the event happened: its {@code timestamp}; without a usable one (Meta documents delivery receipts without
     * it), the delivery's or read's {@code watermark}, then the entry's {@code time}, then the receive time. A shape
     * Meta sends is never refused for its time.
     */
    private static Instant occurredAt(JsonNode event, String kind, RawRecord record) {
        Optional<Instant> time = epoch(event.get("timestamp"));
        if (time.isEmpty() && WATERMARKED.contains(kind)) {
            time = epoch(event.path(kind).get("watermark"));
        }
        if (time.isEmpty() && record.entryTime() != null) {
            time = epoch(record.entryTime());
        }
        return time.or(() -> Optional.ofNullable(record.receivedAt())).orElseThrow(() -> new Invalid(
                "no timestamp, watermark, entry time or receive time"));
    }

    /** An epoch time sent as a JSON number or as a string of digits (Meta sends both); empty if neither. */
    private static Optional<Instant> epoch(JsonNode node) {
        if (node != null && node.isIntegralNumber() && node.canConvertToLong()) {
            return epoch(node.longValue());
        }
        return node != null && node.isTextual() ? epoch(node.textValue()) : Optional.empty();
    }

    private static Optional<Instant> epoch(String text) {
        return text.matches("\\d{1,18}") ? epoch(Long.parseLong(text)) : Optional.empty();
    }

    private static Optional<Instant> epoch(long value) {
        if (value <= 0) {
            return Optional.empty();
        }
        return Optional.of(value < SECONDS_BELOW ? Instant.ofEpochSecond(value) : Instant.ofEpochMilli(value));
    }

    /**
     * The sender's id; {@code null} when there is none, or when the sender is known only by a plugin's
     * {@code user_ref} (no PSID yet: the event is page-level, as ingress keyed it).
     */
    private static String sender(JsonNode party, boolean required) {
        if (!party.hasNonNull("id") && text(party.get("user_ref")) != null) {
            return null;
        }
        return id(party, "sender.id", required);
    }

    private static String id(JsonNode party, String name, boolean required) {
        JsonNode idNode = party.get("id");
        if (idNode == null || idNode.isNull()) {
            if (required) {
                throw new Invalid(name + " is missing");
            }
            return null;
        }
        String id = idText(idNode);
        if (!isId(id)) {
            throw new Invalid(name + " is not an id");
        }
        return id;
    }

    /** Meta sends ids as strings, some (echo {@code app_id}) as JSON numbers; both become the decimal string. */
    private static String idText(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isIntegralNumber()) {
            return node.bigIntegerValue().toString();
        }
        return node.isTextual() ? node.textValue() : null;
    }

    private static boolean isId(String id) {
        return id != null && !id.isBlank() && id.indexOf(':') < 0;
    }

    private static String text(JsonNode node) {
        return node != null && node.isTextual() && !node.textValue().isEmpty() ? node.textValue() : null;
    }

    /** Id of an event without a {@code mid}: a redelivery by Meta carries the same bytes, hence the same id. */
    static String sha256(byte[] value) {
        try {
            return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(value));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** The class-specific part of an event while it is being built. */
    private record Draft(EventClass eventClass, String guidedPayload, String messageId, String appId,
            HandoverSignal handover, String userText) {

        static Draft of(EventClass eventClass) {
            return new Draft(eventClass, null, null, null, null, null);
        }

        static Draft guided(String payload) {
            return new Draft(EventClass.GUIDED, payload, null, null, null, null);
        }

        Draft withMessageId(String mid) {
            return new Draft(eventClass, guidedPayload, mid, appId, handover, userText);
        }

        Draft withAppId(String app) {
            return new Draft(eventClass, guidedPayload, messageId, app, handover, userText);
        }

        Draft withHandover(HandoverSignal signal) {
            return new Draft(eventClass, guidedPayload, messageId, appId, signal, userText);
        }

        /** The typed text of free text: for the agent's context, where the page's admin wants it. */
        Draft withUserText(String text) {
            return new Draft(eventClass, guidedPayload, messageId, appId, handover, text);
        }
    }

    /** A reason the record is malformed; never carries the record's content. */
    private static final class Invalid extends RuntimeException {
        Invalid(String reason) {
            super(reason, null, false, false);
        }
    }
}
