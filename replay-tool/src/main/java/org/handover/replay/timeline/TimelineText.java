package org.handover.replay.timeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import org.handover.contracts.ContractJson;

/** Prints a timeline: one aligned line per record by default, or one JSON object per line. */
public final class TimelineText {

    private TimelineText() {
    }

    public static void print(Timeline timeline, PrintStream out) {
        TimelineQuery query = timeline.query();
        out.printf("Conversation %s, %s to %s%s%n", query.key(), query.from(), query.to(),
                query.topicPrefix().isEmpty() ? "" : ", topics " + query.topicPrefix() + "*");
        if (timeline.entries().isEmpty()) {
            out.println("  no record of this conversation in that window");
        }
        for (TimelineEntry entry : timeline.entries()) {
            out.printf("%-24s  %-11s  %s  [%s]%n", entry.at(), entry.stage().label(), entry.summary(),
                    entry.position());
        }
        timeline.notes().forEach(note -> out.println("note: " + note));
    }

    /** One JSON object per record (JSON Lines), for jq and scripts. */
    public static void printJson(Timeline timeline, PrintStream out) {
        for (TimelineEntry entry : timeline.entries()) {
            out.println(json(entry));
        }
    }

    static String json(TimelineEntry entry) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("at", entry.at());
        fields.put("stage", entry.stage().label());
        fields.put("topic", entry.topic());
        fields.put("partition", entry.partition());
        fields.put("offset", entry.offset());
        fields.put("key", entry.key());
        fields.put("summary", entry.summary());
        putIfPresent(fields, "eventId", entry.eventId());
        putIfPresent(fields, "causeEventId", entry.causeEventId());
        putIfPresent(fields, "decisionId", entry.decisionId());
        putIfPresent(fields, "headers", entry.headers().isEmpty() ? null : entry.headers());
        putIfPresent(fields, "value", entry.value());
        try {
            return ContractJson.mapper().writeValueAsString(fields);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a timeline entry is always writable as JSON", e);
        }
    }

    private static void putIfPresent(Map<String, Object> fields, String name, Object value) {
        if (value != null) {
            fields.put(name, value);
        }
    }
}
