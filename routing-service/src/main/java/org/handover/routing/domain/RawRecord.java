package org.handover.routing.domain;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Objects;
import org.handover.contracts.SourceRef;

/**
 * One record of {@link org.handover.contracts.Topics#WEBHOOK_RAW}, as the classifier needs it.
 *
 * @param key        the record key ({@code pageId:psid}, or the page id for page-level events); may be {@code null}
 * @param event      the parsed value: one event of {@code messaging[]} or {@code standby[]}
 * @param rawValue   the value exactly as it was written, hashed for the id of events without a {@code mid}
 * @param channel    header {@link org.handover.contracts.RawEventHeaders#CHANNEL}; may be {@code null}
 * @param pageId     header {@link org.handover.contracts.RawEventHeaders#PAGE_ID} ({@code entry[].id}); may be
 *                   {@code null}, then the page is taken from the event
 * @param entryTime  header {@link org.handover.contracts.RawEventHeaders#ENTRY_TIME} as written ({@code entry[].time});
 *                   may be {@code null}; the event's time when it has no usable {@code timestamp} or watermark
 * @param receivedAt when ingress received the event; may be {@code null}
 * @param source     the record's coordinates
 */
public record RawRecord(String key, JsonNode event, byte[] rawValue, String channel, String pageId, String entryTime,
        Instant receivedAt, SourceRef source) {

    public RawRecord {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(rawValue, "rawValue");
        Objects.requireNonNull(source, "source");
    }
}
