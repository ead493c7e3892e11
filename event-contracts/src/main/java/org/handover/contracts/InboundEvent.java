package org.handover.contracts;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * One Messenger event, classified. Value of {@link Topics#CONVERSATION_INBOUND}, keyed by {@link ConversationKey}.
 * Carries no message text, with one exception: the start of a {@link EventClass#FREE_TEXT} message the user typed
 * ({@code userText}, at most {@link #USER_TEXT_MAX} characters), which handover-service keeps for the agent only when
 * the page's admin turned that on. Decisions never depend on it: they need the class and the payload.
 *
 * @param schemaVersion {@link SchemaVersion#CURRENT} when written
 * @param eventId       stable id of the event (the message {@code mid} where there is one), for deduplication
 * @param pageId        the page
 * @param psid          the user's page-scoped id; {@code null} for page-level events
 * @param eventClass    what routing-service made of it
 * @param channel       {@code messaging} or {@code standby}
 * @param kind          the Messenger event kind ({@code message}, {@code postback}, {@code read}, ...)
 * @param occurredAt    the event's {@code timestamp}
 * @param receivedAt    when ingress received it
 * @param guidedPayload the guided option chosen, for {@link EventClass#GUIDED}
 * @param messageId     the message {@code mid}, where there is one
 * @param appId         the sending app of an echo
 * @param handover      the handover fields, for {@link EventClass#HANDOVER_SIGNAL}
 * @param source        the raw record this was classified from
 * @param userText      for {@link EventClass#FREE_TEXT} typed text, its first {@link #USER_TEXT_MAX} characters (code
 *                      points; cut ones end in "…"); {@code null} otherwise. Never logged.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record InboundEvent(
        int schemaVersion,
        String eventId,
        String pageId,
        String psid,
        EventClass eventClass,
        String channel,
        String kind,
        Instant occurredAt,
        Instant receivedAt,
        String guidedPayload,
        String messageId,
        String appId,
        HandoverSignal handover,
        SourceRef source,
        String userText) {

    /** The most of the user's words an event carries (code points): enough for an agent to see what it is about. */
    public static final int USER_TEXT_MAX = 300;

    /** An event without the user's words (every event but typed free text). */
    public InboundEvent(int schemaVersion, String eventId, String pageId, String psid, EventClass eventClass,
            String channel, String kind, Instant occurredAt, Instant receivedAt, String guidedPayload,
            String messageId, String appId, HandoverSignal handover, SourceRef source) {
        this(schemaVersion, eventId, pageId, psid, eventClass, channel, kind, occurredAt, receivedAt, guidedPayload,
                messageId, appId, handover, source, null);
    }

    /** {@code text} cut to {@link #USER_TEXT_MAX} code points, ending in "…" when cut; {@code null} stays null. */
    public static String userTextOf(String text) {
        if (text == null || text.codePointCount(0, text.length()) <= USER_TEXT_MAX) {
            return text;
        }
        return text.substring(0, text.offsetByCodePoints(0, USER_TEXT_MAX - 1)) + "\u2026";
    }

    /** As a record prints itself, but the user's words only as their length: they never reach a log. */
    @Override
    public String toString() {
        return "InboundEvent[schemaVersion=" + schemaVersion + ", eventId=" + eventId + ", pageId=" + pageId
                + ", psid=" + psid + ", eventClass=" + eventClass + ", channel=" + channel + ", kind=" + kind
                + ", occurredAt=" + occurredAt + ", receivedAt=" + receivedAt + ", guidedPayload=" + guidedPayload
                + ", messageId=" + messageId + ", appId=" + appId + ", handover=" + handover + ", source=" + source
                + ", userText=" + (userText == null ? "null" : "<" + userText.length() + " chars>") + "]";
    }

    /** The Kafka key of this event: {@code pageId:psid}, or the page id for page-level events. */
    public String key() {
        return psid == null ? ConversationKey.forPage(pageId) : ConversationKey.of(pageId, psid).value();
    }
}
