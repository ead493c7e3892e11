package org.handover.ingress.domain;

import java.util.Objects;

/**
 * One event of {@code entry[].messaging[]} or {@code entry[].standby[]}, cut out of a webhook body.
 *
 * @param key       {@code pageId:psid} of the user's conversation, or the page id for page-level events
 * @param json      the event's JSON exactly as it stood in the body (same characters, so the same UTF-8 bytes)
 * @param channel   {@code messaging} or {@code standby}
 * @param pageId    the entry's page id
 * @param entryTime the entry's {@code time}, epoch milliseconds
 */
public record WebhookEvent(String key, String json, String channel, String pageId, long entryTime) {

    public WebhookEvent {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(json, "json");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(pageId, "pageId");
    }
}
