package org.handover.replay.timeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * How the tool hides a conversation's content (the user's words, the page's words in it, attachment addresses)
 * unless {@code --show-text} is given.
 *
 * <p>Dead letters get a stricter rule than the records of the path. They are the records that broke a contract, so
 * their shape cannot be trusted to put text where the contract says: every string in them is hidden except the
 * fields known to hold ids, kinds, times and codes ({@link #SAFE_FIELDS}). Headers that may quote the record (the
 * cause's message, which is Jackson's and quotes input tokens; a deserialization failure's data) are hidden too.
 */
public final class Redaction {

    /** Fields of the contracts and of Meta's events that hold ids, kinds, times or codes, never anyone's words. */
    static final Set<String> SAFE_FIELDS = Set.of(
            // the contracts
            "schemaVersion", "eventId", "decisionId", "causeEventId", "messageId", "pageId", "psid", "eventClass",
            "channel", "kind", "type", "orderKind", "outcome", "reason", "owner", "ownerAppId", "previousOwner",
            "previousOwnerAppId", "newOwnerAppId", "requestedOwnerAppId", "cause", "appId", "guidedPayload",
            "occurredAt", "receivedAt", "decidedAt", "userMessageAt", "at", "topic",
            // Meta's events
            "id", "mid", "mids", "app_id", "new_owner_app_id", "previous_owner_app_id", "requested_owner_app_id",
            "payload", "timestamp", "watermark");

    /** Dead-letter headers whose value may quote the record's content. */
    static final Set<String> QUOTING_HEADERS = Set.of("dead-letter-cause", "deserialization-failure-cause",
            "deserialization-failure-reason", "deserialization-failure-data", "deserialization-failure-key-data",
            "deserialization-failure-value-data");

    private Redaction() {
    }

    /** What replaces a hidden text: its length, and how to see it. */
    public static String hidden(String text) {
        return "[" + text.codePointCount(0, text.length()) + " characters hidden; --show-text shows them]";
    }

    /**
     * A dead letter's value with every string hidden except those of {@link #SAFE_FIELDS} (a JSON string value is
     * hidden whole). Never modifies {@code value}.
     */
    public static JsonNode deadLetterValue(JsonNode value) {
        return redact(null, value);
    }

    /** A dead letter's headers with those that may quote the record ({@link #QUOTING_HEADERS}) hidden. */
    public static Map<String, String> deadLetterHeaders(Map<String, String> headers) {
        Map<String, String> shown = new LinkedHashMap<>();
        headers.forEach((name, value) -> shown.put(name,
                value != null && QUOTING_HEADERS.contains(name) ? hidden(value) : value));
        return shown;
    }

    /** What a value that is not JSON becomes: its size only (it may be anything, a user's words included). */
    public static String notJson(byte[] value) {
        return "[" + value.length + " bytes, not JSON, hidden; --show-text shows them]";
    }

    private static JsonNode redact(String field, JsonNode node) {
        if (node.isTextual()) {
            return field != null && SAFE_FIELDS.contains(field) ? node : TextNode.valueOf(hidden(node.asText()));
        }
        if (node.isObject()) {
            ObjectNode copy = ((ObjectNode) node).objectNode();
            node.fields().forEachRemaining(e -> copy.set(e.getKey(), redact(e.getKey(), e.getValue())));
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = ((ArrayNode) node).arrayNode();
            // the elements of an array are judged by the array's field: "mids": ["m_1"] are ids
            node.forEach(element -> copy.add(redact(field, element)));
            return copy;
        }
        return node;
    }
}
