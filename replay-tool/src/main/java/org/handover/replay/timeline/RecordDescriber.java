package org.handover.replay.timeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.handover.contracts.BulletinClick;
import org.handover.contracts.ContractJson;
import org.handover.contracts.Decision;
import org.handover.contracts.DecisionType;
import org.handover.contracts.EventKinds;
import org.handover.contracts.InboundEvent;
import org.handover.contracts.OutboundResult;
import org.handover.contracts.RawEventHeaders;
import org.handover.contracts.ThreadControl;

/**
 * Turns one record of any topic into a {@link TimelineEntry}: a one-line summary of what it means and the ids that
 * link it to its cause. A record that cannot be read still becomes an entry that says so; nothing here throws on bad
 * input, since the records worth looking at are often the broken ones.
 *
 * <p>The user's message text (and attachment addresses) are personal data: they are replaced by their length unless
 * {@code showText} is set. Texts the page configured (the question, its answers) are not the user's and are shown.
 */
public final class RecordDescriber {

    private static final String DEAD_LETTER_REASON = "dead-letter-reason";

    private final boolean showText;

    public RecordDescriber(boolean showText) {
        this.showText = showText;
    }

    public TimelineEntry describe(Stage stage, ConsumerRecord<byte[], byte[]> record) {
        Map<String, String> headers = headers(record);
        String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        Instant at = Instant.ofEpochMilli(record.timestamp());
        JsonNode value = null;
        String summary;
        String eventId = null;
        String causeEventId = null;
        String decisionId = null;
        org.handover.contracts.SourceRef source = null;
        try {
            value = record.value() == null ? null : ContractJson.mapper().readTree(record.value());
            if (value == null || value.isMissingNode() || value.isNull()) {
                summary = "tombstone (no value)";
                value = null;
            } else {
                switch (stage) {
                    case RAW -> {
                        value = redacted(value);
                        summary = raw(value, headers);
                    }
                    case INBOUND -> {
                        InboundEvent event = ContractJson.mapper().treeToValue(value, InboundEvent.class);
                        if (!showText && event.userText() != null) {
                            // the start of the user's free text, carried for the agent's context
                            value = value.deepCopy();
                            ((ObjectNode) value).put("userText", Redaction.hidden(event.userText()));
                        }
                        eventId = event.eventId();
                        source = event.source();
                        summary = inbound(event);
                    }
                    case DECISION -> {
                        Decision decision = ContractJson.mapper().treeToValue(value, Decision.class);
                        decisionId = decision.decisionId();
                        causeEventId = decision.causeEventId();
                        if (!showText && value.path("order").isObject()) {
                            value = value.deepCopy();
                            ((ObjectNode) value.path("order")).remove("text");
                        }
                        summary = decision(decision);
                    }
                    case CONTROL -> {
                        ThreadControl control = ContractJson.mapper().treeToValue(value, ThreadControl.class);
                        causeEventId = control.causeEventId();
                        summary = "owner " + owner(control.owner(), control.ownerAppId()) + ", epoch "
                                + control.epoch();
                    }
                    case OUTBOUND -> {
                        OutboundResult result = ContractJson.mapper().treeToValue(value, OutboundResult.class);
                        decisionId = result.decisionId();
                        summary = outbound(result);
                    }
                    case CLICK -> {
                        BulletinClick click = ContractJson.mapper().treeToValue(value, BulletinClick.class);
                        summary = "clicked link " + click.linkIndex() + (click.guidedAnswer()
                                ? " of guided answer " + click.answerKey() : " of bulletin " + click.bulletinId());
                    }
                    case DEAD_LETTER -> {
                        // a broken record's shape is not to be trusted: every string but ids and codes is hidden
                        if (!showText) {
                            value = Redaction.deadLetterValue(value);
                        }
                        summary = deadLetter(headers);
                    }
                    default -> throw new IllegalStateException("unknown stage " + stage);
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            summary = stage == Stage.DEAD_LETTER ? deadLetter(headers)
                    : "unreadable record (" + e.getClass().getSimpleName() + "): not the contract of "
                            + record.topic();
            value = null;
        }
        if (stage == Stage.DEAD_LETTER && !showText) {
            // the cause's message (Jackson's) may quote the record
            headers = Redaction.deadLetterHeaders(headers);
        }
        return new TimelineEntry(at, stage, record.topic(), record.partition(), record.offset(), key, summary,
                eventId, causeEventId, decisionId, source, headers, value);
    }

    private String raw(JsonNode event, Map<String, String> headers) {
        String channel = headers.getOrDefault(RawEventHeaders.CHANNEL, "?");
        StringBuilder out = new StringBuilder(channel).append(' ');
        // Each kind is named by the event field that identifies it (as routing-service classifies).
        JsonNode message = event.path(EventKinds.MESSAGE);
        if (message.isObject()) {
            if (message.path("is_echo").asBoolean(false)) {
                out.append("echo of a page message");
                appendIfPresent(out, " by app ", message.path("app_id"));
                appendIfPresent(out, ", metadata ", message.path("metadata"));
            } else if (message.path("quick_reply").isObject()) {
                out.append("quick reply tap, payload ").append(message.path("quick_reply").path("payload").asText());
            } else if (message.has("text")) {
                out.append("text message: ").append(message.path("text").asText());
            } else if (message.path("attachments").isArray()) {
                out.append("attachment ").append(message.path("attachments").path(0).path("type").asText("?"));
            } else {
                out.append("message");
            }
            appendIfPresent(out, ", mid ", message.path("mid"));
        } else if (event.path(EventKinds.POSTBACK).isObject()) {
            out.append("postback, payload ").append(event.path(EventKinds.POSTBACK).path("payload").asText());
        } else if (event.path(EventKinds.READ).isObject()) {
            out.append("read receipt");
        } else if (event.path(EventKinds.DELIVERY).isObject()) {
            out.append("delivery receipt");
        } else {
            String field = EventKinds.HANDOVER.stream().filter(event::has).findFirst().orElse(null);
            if (field != null) {
                out.append(field);
                JsonNode body = event.path(field);
                appendIfPresent(out, ", new owner ", body.path("new_owner_app_id"));
                appendIfPresent(out, ", previous owner ", body.path("previous_owner_app_id"));
                appendIfPresent(out, ", requested by ", body.path("requested_owner_app_id"));
                appendIfPresent(out, ", metadata ", body.path("metadata"));
                if (EventKinds.APP_ROLES.equals(field)) {
                    out.append(' ').append(body);
                }
            } else {
                Iterator<String> names = event.fieldNames();
                String kind = "unknown event";
                while (names.hasNext()) {
                    String name = names.next();
                    if (!List.of("sender", "recipient", "timestamp").contains(name)) {
                        kind = name;
                        break;
                    }
                }
                out.append(kind);
            }
        }
        if (event.has("timestamp")) {
            out.append(" (at Meta ").append(Instant.ofEpochMilli(event.path("timestamp").asLong())).append(')');
        }
        return out.toString();
    }

    private static String inbound(InboundEvent event) {
        StringBuilder out = new StringBuilder().append(event.eventClass()).append(", ").append(event.kind())
                .append(" in ").append(event.channel());
        if (event.guidedPayload() != null) {
            out.append(", guided payload ").append(event.guidedPayload());
        }
        if (event.handover() != null) {
            out.append(", ").append(event.handover().type());
            if (event.handover().newOwnerAppId() != null) {
                out.append(" to ").append(event.handover().newOwnerAppId());
            }
        }
        if (event.appId() != null) {
            out.append(", app ").append(event.appId());
        }
        return out.append(", event ").append(event.eventId()).toString();
    }

    private String decision(Decision decision) {
        StringBuilder out = new StringBuilder();
        if (decision.type() == DecisionType.CONTROL_CHANGE && decision.control() != null) {
            out.append("control: ").append(owner(decision.control().previousOwner(), null)).append(" -> ")
                    .append(owner(decision.control().owner(), decision.control().ownerAppId()));
            if (decision.control().cause() != null) {
                out.append(" (").append(decision.control().cause()).append(')');
            }
        } else if (decision.order() != null) {
            out.append("order ").append(decision.order().kind());
            if (decision.order().guidedPayload() != null) {
                out.append(", payload ").append(decision.order().guidedPayload());
            }
            if (showText && decision.order().text() != null) {
                out.append(", text \"").append(decision.order().text()).append('"');
            }
        } else {
            out.append(decision.type());
        }
        return out.append(", epoch ").append(decision.epoch()).append(", decision ").append(decision.decisionId())
                .toString();
    }

    private static String outbound(OutboundResult result) {
        StringBuilder out = new StringBuilder().append(result.outcome()).append(' ').append(result.orderKind());
        if (result.reason() != null) {
            out.append(", reason ").append(result.reason());
        }
        if (result.errorCode() != null) {
            out.append(", Meta error ").append(result.errorCode());
            if (result.errorSubcode() != null) {
                out.append('/').append(result.errorSubcode());
            }
        }
        if (result.messageId() != null) {
            out.append(", mid ").append(result.messageId());
        }
        return out.append(", epoch ").append(result.epoch()).append(", decision ").append(result.decisionId())
                .toString();
    }

    private static String deadLetter(Map<String, String> headers) {
        return "dead-lettered: " + headers.getOrDefault(DEAD_LETTER_REASON, "no reason given");
    }

    private static String owner(Object owner, String appId) {
        return appId == null ? String.valueOf(owner) : owner + " (app " + appId + ")";
    }

    private static void appendIfPresent(StringBuilder out, String label, JsonNode node) {
        if (!node.isMissingNode() && !node.isNull()) {
            out.append(label).append(node.asText());
        }
    }

    /** The raw event with the user's text and attachment addresses replaced by their length, unless shown. */
    JsonNode redacted(JsonNode event) {
        if (showText || !event.path("message").isObject()) {
            return event;
        }
        ObjectNode copy = event.deepCopy();
        ObjectNode message = (ObjectNode) copy.path("message");
        // the user's words, and the page's own words in echoes: both are a conversation's content
        if (message.has("text")) {
            message.put("text", hidden(message.path("text").asText()));
        }
        for (JsonNode attachment : message.path("attachments")) {
            JsonNode payload = attachment.path("payload");
            if (payload.isObject() && payload.has("url")) {
                ((ObjectNode) payload).put("url", "[address hidden]");
            }
        }
        return copy;
    }

    private static String hidden(String text) {
        return Redaction.hidden(text);
    }

    private static Map<String, String> headers(ConsumerRecord<?, ?> record) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (Header header : record.headers()) {
            headers.put(header.key(), header.value() == null ? null
                    : new String(header.value(), StandardCharsets.UTF_8));
        }
        return headers;
    }
}
