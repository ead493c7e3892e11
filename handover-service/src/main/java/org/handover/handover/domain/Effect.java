package org.handover.handover.domain;

import java.time.Instant;
import java.util.List;
import org.handover.contracts.OrderKind;
import org.handover.contracts.Owner;
import org.handover.contracts.QuickReply;

/**
 * What a step of the {@link HandoverStateMachine} asks the service around it to record and publish. Calls to Meta are
 * not effects: a pass of control is state ({@link ConversationState#pendingPass()}) that the service carries out.
 */
public sealed interface Effect {

    /** Publish an order to bot-service, stamped with {@code epoch}. */
    record Order(String decisionId, OrderKind kind, String guidedPayload, String text, List<QuickReply> quickReplies,
            long epoch) implements Effect {

        public Order {
            quickReplies = quickReplies == null ? List.of() : List.copyOf(quickReplies);
        }
    }

    /** Record and publish a change of owner; {@code epoch} is the new one. */
    record Transition(String decisionId, Owner from, Owner to, String ownerAppId, long epoch, String cause,
            Instant occurredAt) implements Effect {
    }

}
