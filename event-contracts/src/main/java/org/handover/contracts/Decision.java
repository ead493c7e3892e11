package org.handover.contracts;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * One record of {@link Topics#CONVERSATION_DECISIONS}, keyed by {@link ConversationKey}: a control change or a reply
 * order, both on one ordered stream per conversation, so that bot-service sees every owner change before any order
 * decided after it.
 *
 * @param schemaVersion {@link SchemaVersion#CURRENT} when written
 * @param decisionId    stable id; bot-service sends at most one message per id
 * @param type          control change or reply order
 * @param pageId        the page
 * @param psid          the user
 * @param epoch         the conversation's epoch: the new one for a control change, the deciding one for an order
 * @param decidedAt     when handover-service decided
 * @param causeEventId  the {@link InboundEvent#eventId()} (or other cause) this was decided on
 * @param control       for {@link DecisionType#CONTROL_CHANGE}
 * @param order         for {@link DecisionType#REPLY_ORDER}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Decision(
        int schemaVersion,
        String decisionId,
        DecisionType type,
        String pageId,
        String psid,
        long epoch,
        Instant decidedAt,
        String causeEventId,
        ControlChange control,
        ReplyOrder order) {

    /** The Kafka key: {@code pageId:psid}. */
    public String key() {
        return ConversationKey.of(pageId, psid).value();
    }
}
