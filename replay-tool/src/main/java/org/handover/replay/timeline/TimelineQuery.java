package org.handover.replay.timeline;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.handover.contracts.ConversationKey;

/**
 * Which conversation, which slice of it, and in which topic namespace to look.
 *
 * @param pageId        the page
 * @param psid          the user (page-scoped id)
 * @param from          start of the window (inclusive), by record timestamp
 * @param to            end of the window (inclusive) for raw events
 * @param grace         how long after {@code to} records of the later stages still count (what the last raw events
 *                      caused is written a little after them)
 * @param fromOffset    when set, the slice of the raw topic starts at this offset of the conversation's partition
 *                      instead of at {@code from}
 * @param toOffset      when set, the slice of the raw topic ends at this offset (inclusive) instead of at {@code to}
 * @param topicPrefix   namespace of the topics ({@code ""} for production, {@code replay-x.} for a replay)
 */
public record TimelineQuery(String pageId, String psid, Instant from, Instant to, Duration grace, Long fromOffset,
        Long toOffset, String topicPrefix) {

    public static final Duration DEFAULT_GRACE = Duration.ofMinutes(1);

    public TimelineQuery {
        Objects.requireNonNull(pageId, "pageId");
        Objects.requireNonNull(psid, "psid");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        grace = grace == null ? DEFAULT_GRACE : grace;
        topicPrefix = topicPrefix == null ? "" : topicPrefix;
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("the window ends (" + to + ") before it starts (" + from + ")");
        }
        if (fromOffset != null && toOffset != null && toOffset < fromOffset) {
            throw new IllegalArgumentException("--to-offset " + toOffset + " is before --from-offset " + fromOffset);
        }
    }

    /** A time window in the production topics. */
    public static TimelineQuery window(String pageId, String psid, Instant from, Instant to) {
        return new TimelineQuery(pageId, psid, from, to, DEFAULT_GRACE, null, null, "");
    }

    /** The key of every record of this conversation: {@code pageId:psid}. */
    public String key() {
        return ConversationKey.of(pageId, psid).value();
    }

    /** The same query in another topic namespace, from another start. */
    public TimelineQuery in(String prefix, Instant newFrom, Instant newTo) {
        return new TimelineQuery(pageId, psid, newFrom, newTo, grace, null, null, prefix);
    }

    public boolean byOffsets() {
        return fromOffset != null || toOffset != null;
    }
}
