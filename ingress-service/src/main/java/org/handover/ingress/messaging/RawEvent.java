package org.handover.ingress.messaging;

import java.time.Instant;
import java.util.Objects;

/**
 * One event of a webhook body, ready for {@link org.handover.contracts.Topics#WEBHOOK_RAW}.
 *
 * @param key       {@code pageId:psid}, or the page id for page-level events
 * @param json      the event's JSON as Meta sent it
 * @param channel   {@code messaging} or {@code standby}
 * @param pageId    the entry's page id
 * @param entryTime the entry's {@code time}, epoch milliseconds
 * @param receivedAt when the body was received
 * @param requestId the id of the HTTP request the event came in
 * @param object    the envelope's {@code object}
 */
public record RawEvent(String key, String json, String channel, String pageId, long entryTime, Instant receivedAt,
        String requestId, String object) {

    public RawEvent {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(json, "json");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(pageId, "pageId");
        Objects.requireNonNull(receivedAt, "receivedAt");
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(object, "object");
    }
}
