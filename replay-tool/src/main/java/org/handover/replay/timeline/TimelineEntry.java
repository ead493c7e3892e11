package org.handover.replay.timeline;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Map;
import org.handover.contracts.SourceRef;

/**
 * One record of a conversation, from whichever topic, with what it means in one line and the links that tie it to
 * its cause.
 *
 * @param at           the record's timestamp
 * @param stage        which step of the path it is
 * @param topic        the topic it was read from (with its namespace prefix)
 * @param partition    its partition
 * @param offset       its offset
 * @param key          its key ({@code pageId:psid}, or the page id for page-level events)
 * @param summary      what it says, human-readable, without the user's message text unless asked for
 * @param eventId      the classified event's id (inbound records)
 * @param causeEventId the event a decision or control change answers
 * @param decisionId   the decision (decisions and outbound results)
 * @param source       the raw record a classified event came from (inbound records)
 * @param headers      the record's headers, as text
 * @param value        the record's value as JSON (the raw event with the user's text redacted unless asked for);
 *                     {@code null} when it is not JSON
 */
public record TimelineEntry(Instant at, Stage stage, String topic, int partition, long offset, String key,
        String summary, String eventId, String causeEventId, String decisionId, SourceRef source,
        Map<String, String> headers, JsonNode value) {

    public TimelineEntry {
        headers = headers == null ? Map.of() : Map.copyOf(headers);
    }

    /** Where the record is, as {@code topic partition@offset} (just the source for what no topic carries). */
    public String position() {
        return partition < 0 ? topic : topic + " " + partition + "@" + offset;
    }

    /** Whether this is the raw record at {@code ref}. */
    public boolean isAt(SourceRef ref) {
        return ref != null && topic.equals(ref.topic()) && partition == ref.partition() && offset == ref.offset();
    }
}
