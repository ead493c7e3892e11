package org.handover.bot.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

/** The reply orders handled so far, by decision id: the dedupe guard of every send. */
@ApplicationScoped
public class OutboundOrderRepository implements PanacheRepositoryBase<OutboundOrder, String> {

    /**
     * Claims a decision id: inserts the order unless its id is already there. Atomic ({@code ON CONFLICT}), so two
     * deliveries racing on different replicas cannot both claim it.
     *
     * @return true when this call claimed it, false when the id was already recorded (a duplicate)
     */
    public boolean claim(OutboundOrder order) {
        int inserted = getEntityManager().createNativeQuery("""
                insert into outbound_order (decision_id, page_id, psid, epoch, kind, state, reason, message,
                                            created_at, updated_at)
                values (:id, :pageId, :psid, :epoch, :kind, :state, :reason, :message, :at, :at)
                on conflict (decision_id) do nothing""")
                .setParameter("id", order.decisionId)
                .setParameter("pageId", order.pageId)
                .setParameter("psid", order.psid)
                .setParameter("epoch", order.epoch)
                .setParameter("kind", order.kind.name())
                .setParameter("state", order.state.name())
                .setParameter("reason", order.reason)
                .setParameter("message", order.message)
                .setParameter("at", order.createdAt)
                .executeUpdate();
        return inserted == 1;
    }

    /** Records the final state of an order that was SENDING. */
    public void finish(String decisionId, OutboundOrder.State state, String reason, String messageId,
            Integer errorCode, Integer errorSubcode, Instant at) {
        update("state = ?1, reason = ?2, messageId = ?3, errorCode = ?4, errorSubcode = ?5, updatedAt = ?6"
                + " where decisionId = ?7", state, reason, messageId, errorCode, errorSubcode, at, decisionId);
    }
}
