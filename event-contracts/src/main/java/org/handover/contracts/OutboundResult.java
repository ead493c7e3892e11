package org.handover.contracts;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * What bot-service did with one {@link Decision} of type {@link DecisionType#REPLY_ORDER}. Value of
 * {@link Topics#MESSENGER_OUTBOUND}, keyed by {@link ConversationKey}.
 *
 * @param schemaVersion {@link SchemaVersion#CURRENT} when written
 * @param decisionId    the order this answers
 * @param pageId        the page
 * @param psid          the user
 * @param epoch         the epoch of the order
 * @param orderKind     what was ordered
 * @param outcome       sent, refused or failed
 * @param reason        why it was refused or failed, as a short code ({@code not_owner}, {@code stale_epoch}, ...)
 * @param messageId     the Send API's {@code message_id} when sent
 * @param errorCode     Meta's error code when the Send API refused
 * @param errorSubcode  Meta's error subcode when there is one
 * @param at            when the outcome was known
 * @param trackedLinks  for a guided answer sent with tracked links: the answer and its links' URLs in order (what the
 *                      clicks' link index counts); absent otherwise (added after the first version)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OutboundResult(
        int schemaVersion,
        String decisionId,
        String pageId,
        String psid,
        long epoch,
        OrderKind orderKind,
        OutboundOutcome outcome,
        String reason,
        String messageId,
        Integer errorCode,
        Integer errorSubcode,
        Instant at,
        TrackedAnswerLinks trackedLinks) {

    /** A result without tracked links, as written before guided answers were tracked. */
    public OutboundResult(int schemaVersion, String decisionId, String pageId, String psid, long epoch,
            OrderKind orderKind, OutboundOutcome outcome, String reason, String messageId, Integer errorCode,
            Integer errorSubcode, Instant at) {
        this(schemaVersion, decisionId, pageId, psid, epoch, orderKind, outcome, reason, messageId, errorCode,
                errorSubcode, at, null);
    }

    /** The Kafka key: {@code pageId:psid}. */
    public String key() {
        return ConversationKey.of(pageId, psid).value();
    }
}
