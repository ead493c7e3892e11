package org.handover.bot;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.handover.contracts.ControlChange;
import org.handover.contracts.Decision;
import org.handover.contracts.DecisionType;
import org.handover.contracts.OrderKind;
import org.handover.contracts.Owner;
import org.handover.contracts.QuickReply;
import org.handover.contracts.ReplyOrder;
import org.handover.contracts.SchemaVersion;

/** Decisions as handover-service writes them, for tests. */
final class Orders {

    /** The demo page: it has a catalog (seeded at start) and a page token in the test profile. */
    static final String DEMO_PAGE = "110000000000001";

    private Orders() {
    }

    static String newPsid() {
        return "psid-" + UUID.randomUUID();
    }

    static Decision guided(String pageId, String psid, long epoch, String payload, Instant userMessageAt) {
        return order(pageId, psid, epoch, new ReplyOrder(OrderKind.ANSWER_GUIDED, payload, null, List.of(),
                userMessageAt));
    }

    static Decision handover(String pageId, String psid, long epoch, OrderKind kind, String text,
            List<QuickReply> quickReplies, Instant userMessageAt) {
        return order(pageId, psid, epoch, new ReplyOrder(kind, null, text, quickReplies, userMessageAt));
    }

    static Decision order(String pageId, String psid, long epoch, ReplyOrder order) {
        return new Decision(SchemaVersion.CURRENT, "d-" + UUID.randomUUID(), DecisionType.REPLY_ORDER, pageId, psid,
                epoch, Instant.now(), "m-" + UUID.randomUUID(), null, order);
    }

    /** {@code decision} as if handover-service had decided it at {@code at}. */
    static Decision decidedAt(Decision decision, Instant at) {
        return new Decision(decision.schemaVersion(), decision.decisionId(), decision.type(), decision.pageId(),
                decision.psid(), decision.epoch(), at, decision.causeEventId(), decision.control(), decision.order());
    }

    static Decision control(String pageId, String psid, long epoch, Owner owner, Owner previous) {
        return new Decision(SchemaVersion.CURRENT, "d-" + UUID.randomUUID(), DecisionType.CONTROL_CHANGE, pageId,
                psid, epoch, Instant.now(), "h-" + UUID.randomUUID(),
                new ControlChange(owner, owner == Owner.BOT ? "220000000000002" : "263902037430900", previous,
                        "test"), null);
    }
}
