package org.handover.handover.service;

import java.time.Instant;
import org.handover.contracts.ControlChange;
import org.handover.contracts.Decision;
import org.handover.contracts.DecisionType;
import org.handover.contracts.ReplyOrder;
import org.handover.contracts.SchemaVersion;
import org.handover.contracts.ThreadControl;
import org.handover.handover.domain.ConversationState;
import org.handover.handover.domain.Effect;

/**
 * Maps the state machine's effects to the records handover-service publishes: an order to a {@code REPLY_ORDER}
 * decision, a change of owner to a {@code CONTROL_CHANGE} decision and the conversation's {@link ThreadControl}.
 * Pure functions: the same step maps to the same records (a replay, a retry after a crash).
 */
final class DecisionMapper {

    private DecisionMapper() {
    }

    /** The order, stamped with its epoch and the user's last message time (bot-service's 24-hour rule). */
    static Decision order(ConversationState state, Effect.Order order, String causeId, Instant now) {
        return new Decision(SchemaVersion.CURRENT, order.decisionId(), DecisionType.REPLY_ORDER, state.pageId(),
                state.psid(), order.epoch(), now, causeId, null, new ReplyOrder(order.kind(), order.guidedPayload(),
                        order.text(), order.quickReplies(), state.lastUserActivityAt()));
    }

    /** The change of owner on the decision stream. */
    static Decision controlChange(ConversationState state, Effect.Transition t, String causeId, Instant now) {
        return new Decision(SchemaVersion.CURRENT, t.decisionId(), DecisionType.CONTROL_CHANGE, state.pageId(),
                state.psid(), t.epoch(), now, causeId, new ControlChange(t.to(), t.ownerAppId(), t.from(), t.cause()),
                null);
    }

    /** The conversation's latest owner and epoch, for the compacted control topic. */
    static ThreadControl threadControl(ConversationState state, Effect.Transition t, String causeId, Instant now) {
        return new ThreadControl(SchemaVersion.CURRENT, state.pageId(), state.psid(), t.to(), t.ownerAppId(),
                t.epoch(), now, causeId);
    }
}
