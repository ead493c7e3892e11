package org.handover.contracts;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * An order to bot-service: what to send. Guided answers name a payload and bot-service renders them from its
 * catalog; handover messages carry the page's own texts, which handover-service owns.
 *
 * @param kind          what to send
 * @param guidedPayload for {@link OrderKind#ANSWER_GUIDED}: the payload to answer
 * @param text          for handover messages: the text to send
 * @param quickReplies  quick replies to offer with {@link #text()}, for example accept and reject
 * @param userMessageAt when the user last wrote to the page, as far as handover-service knows (Meta's timestamp);
 *                      bot-service sends nothing automated more than 24 h after it. {@code null} when unknown.
 * @param bulletinId    for {@link OrderKind#BULLETIN}: the bulletin this order delivers (bot-service sends one copy of
 *                      a bulletin per conversation at most, whatever the order's decision id); {@code null} otherwise
 * @param tag           for {@link OrderKind#BULLETIN}: Meta's message tag ({@link Messenger#NON_PROMOTIONAL_TAGS}) when
 *                      the bulletin is a tagged update sent as {@code MESSAGE_TAG}, not bound to the 24-hour window;
 *                      {@code null} for standard messaging ({@code UPDATE}, inside the window only)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ReplyOrder(
        OrderKind kind, String guidedPayload, String text, List<QuickReply> quickReplies, Instant userMessageAt,
        String bulletinId, String tag) {

    public ReplyOrder {
        quickReplies = quickReplies == null ? List.of() : List.copyOf(quickReplies);
    }

    /** An order that is not a bulletin. */
    public ReplyOrder(OrderKind kind, String guidedPayload, String text, List<QuickReply> quickReplies,
            Instant userMessageAt) {
        this(kind, guidedPayload, text, quickReplies, userMessageAt, null, null);
    }
}
