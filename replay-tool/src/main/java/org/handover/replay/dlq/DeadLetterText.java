package org.handover.replay.dlq;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.handover.contracts.ContractJson;
import org.handover.replay.timeline.Redaction;

/**
 * Prints dead letters: a list (counts per topic, one line per record, never the value) and the records in full, the
 * value and the headers that may quote it hidden unless {@code showText} ({@link Redaction}, as the timeline).
 */
public final class DeadLetterText {

    private DeadLetterText() {
    }

    /** Per topic, its count, then one line per selected record: time, source, key, id, reason; never its value. */
    public static void printList(DeadLetterReader.Scan scan, PrintStream out) {
        for (DeadLetterReader.TopicScan topic : scan.topics()) {
            if (!topic.exists()) {
                out.printf("%s: does not exist (or this client may not describe it)%n", topic.topic());
                continue;
            }
            out.printf("%s: %d selected, of %d in the topic%n", topic.topic(), topic.selected().size(),
                    topic.records());
            for (DeadLetter letter : topic.selected()) {
                out.println("  " + line(letter));
            }
        }
    }

    /** One line: when, where it is, where it came from, key, id, reason. */
    static String line(DeadLetter letter) {
        StringBuilder line = new StringBuilder().append(letter.at()).append("  ")
                .append(letter.record().partition()).append('@').append(letter.record().offset())
                .append("  from ").append(letter.sourcePosition())
                .append("  key ").append(letter.key() == null ? "(none)" : letter.key());
        if (letter.id() != null) {
            line.append("  id ").append(letter.id());
        }
        line.append("  reason: ").append(reason(letter));
        String redriven = letter.header(Redriver.REDRIVEN_FROM_HEADER);
        if (redriven != null) {
            line.append("  (failed again after a re-drive from ").append(redriven).append(')');
        }
        return line.toString();
    }

    /** Each record in full: position, source, key, ids, reason, headers and value (hidden unless shown). */
    public static void printShow(DeadLetterReader.Scan scan, boolean showText, PrintStream out) {
        for (DeadLetter letter : scan.selected()) {
            out.printf("%s  dead-lettered %s%n", letter.position(), letter.at());
            out.printf("  source   %s%n", letter.sourcePosition());
            out.printf("  key      %s%n", letter.key() == null ? "(none)" : letter.key());
            if (!letter.ids().isEmpty()) {
                out.printf("  ids      %s%n", String.join(", ", letter.ids()));
            }
            out.printf("  reason   %s%n", reason(letter));
            headers(letter, showText).forEach((name, value) -> out.printf("  header   %s: %s%n", name, value));
            out.printf("  value    %s%n", value(letter, showText));
        }
    }

    /** One JSON object per record (JSON Lines): the same fields as {@link #printShow}, for jq and scripts. */
    public static void printJson(DeadLetterReader.Scan scan, boolean showText, PrintStream out) {
        for (DeadLetter letter : scan.selected()) {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("topic", letter.topic());
            fields.put("partition", letter.record().partition());
            fields.put("offset", letter.record().offset());
            fields.put("at", letter.at());
            fields.put("sourceTopic", letter.sourceTopic());
            fields.put("sourcePartition", letter.sourcePartition());
            fields.put("sourceOffset", letter.sourceOffset());
            fields.put("key", letter.key());
            fields.put("ids", letter.ids());
            fields.put("reason", letter.reason());
            fields.put("headers", headers(letter, showText));
            fields.put("value", jsonValue(letter, showText));
            try {
                out.println(ContractJson.mapper().writeValueAsString(fields));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("a dead letter is always writable as JSON", e);
            }
        }
    }

    private static String reason(DeadLetter letter) {
        String reason = letter.reason() == null ? "no reason given" : letter.reason();
        String exception = letter.header(DeadLetter.EXCEPTION_CLASS);
        if (exception != null) {
            reason += " (" + exception.substring(exception.lastIndexOf('.') + 1) + ")";
        }
        return reason;
    }

    private static Map<String, String> headers(DeadLetter letter, boolean showText) {
        return showText ? letter.headers() : Redaction.deadLetterHeaders(letter.headers());
    }

    private static String value(DeadLetter letter, boolean showText) {
        Object value = jsonValue(letter, showText);
        if (value instanceof JsonNode json) {
            return json.toString();
        }
        return String.valueOf(value);
    }

    /** The value as JSON (hidden as the timeline hides it), or a text saying what it is when it is not JSON. */
    private static Object jsonValue(DeadLetter letter, boolean showText) {
        byte[] value = letter.record().value();
        if (value == null) {
            return "(no value: a tombstone)";
        }
        JsonNode json;
        try {
            json = ContractJson.mapper().readTree(value);
        } catch (IOException e) {
            json = null;
        }
        if (json == null || json.isMissingNode()) {
            return showText ? new String(value, StandardCharsets.UTF_8) : Redaction.notJson(value);
        }
        return showText ? json : Redaction.deadLetterValue(json);
    }
}
