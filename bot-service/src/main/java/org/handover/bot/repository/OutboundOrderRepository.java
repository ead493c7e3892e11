package org.handover.bot.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.handover.contracts.OutboundReasons;
import org.hibernate.query.NativeQuery;

/**
 * The reply orders handled so far, by decision id: the dedupe guard of every send, and the lease of a send in flight.
 * Lease times are the database's ({@code clock_timestamp()}), the one clock every replica shares.
 */
@ApplicationScoped
public class OutboundOrderRepository implements PanacheRepositoryBase<OutboundOrder, String> {

    /**
     * Claims a decision id: inserts the order unless its id is already there. Atomic ({@code ON CONFLICT}), so two
     * deliveries racing on different replicas cannot both claim it. A SENDING order is leased to
     * {@code order.leaseOwner} for {@code lease} from now.
     *
     * @return true when this call claimed it, false when the id was already recorded (a duplicate)
     */
    public boolean claim(OutboundOrder order, Duration lease) {
        boolean sending = order.state == OutboundOrder.State.SENDING;
        int inserted = getEntityManager().createNativeQuery("""
                insert into outbound_order (decision_id, page_id, psid, epoch, kind, state, reason, message,
                                            tracked_links, lease_owner, lease_until, created_at, updated_at)
                values (:id, :pageId, :psid, :epoch, :kind, :state, :reason, :message, :trackedLinks,
                        :owner, case when :sending then clock_timestamp() + :leaseMs * interval '1 millisecond' end,
                        :at, :at)
                on conflict (decision_id) do nothing""")
                .setParameter("id", order.decisionId)
                .setParameter("pageId", order.pageId)
                .setParameter("psid", order.psid)
                .setParameter("epoch", order.epoch)
                .setParameter("kind", order.kind.name())
                .setParameter("state", order.state.name())
                .setParameter("reason", order.reason)
                .setParameter("message", order.message)
                .setParameter("trackedLinks", order.trackedLinks)
                .setParameter("owner", sending ? order.leaseOwner : null)
                .setParameter("sending", sending)
                .setParameter("leaseMs", lease.toMillis())
                .setParameter("at", order.createdAt)
                .executeUpdate();
        return inserted == 1;
    }

    /**
     * Turns an order just claimed SENDING in this transaction into a refusal for {@code reason} (no lease): another
     * order already delivered the same bulletin to the conversation.
     */
    public void refuseClaimed(String decisionId, String reason) {
        getEntityManager().createNativeQuery("""
                update outbound_order set state = 'REFUSED', reason = :reason, lease_owner = null, lease_until = null
                where decision_id = :id""")
                .setParameter("reason", reason)
                .setParameter("id", decisionId)
                .executeUpdate();
    }

    /**
     * An order's state and, while it is SENDING, its lease as the database sees it now.
     *
     * @param state     the order's state
     * @param owner     the lease's owner, null for an order never leased
     * @param remaining how long the lease still runs; zero or negative once it ended (or for no lease)
     */
    public record Lease(OutboundOrder.State state, String owner, Duration remaining) {

        /** Whether the lease ended: nobody may be sending it any more. */
        public boolean ended() {
            return remaining.isZero() || remaining.isNegative();
        }
    }

    /** The lease of a recorded order; empty when the id is not recorded. */
    public Optional<Lease> lease(String decisionId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = getEntityManager().createNativeQuery("""
                select state, lease_owner,
                       coalesce(extract(epoch from (lease_until - clock_timestamp())) * 1000, 0)
                from outbound_order where decision_id = :id""")
                .setParameter("id", decisionId)
                .getResultList();
        return rows.stream().findFirst().map(row -> new Lease(OutboundOrder.State.valueOf((String) row[0]),
                (String) row[1], Duration.ofMillis(((Number) row[2]).longValue())));
    }

    /**
     * Records the final state of an order that {@code owner} was sending, only if it still is: SENDING and leased to
     * {@code owner}. A send whose lease ended and that another handling declared lost changes nothing.
     *
     * @return true when recorded, false when the order was no longer this owner's to finish
     */
    public boolean finish(String decisionId, String owner, OutboundOrder.State state, String reason,
            String messageId, Integer errorCode, Integer errorSubcode, Instant at) {
        // Native, like the claim: one statement per send, without an HQL update translated to SQL on every call.
        return getEntityManager().createNativeQuery("""
                update outbound_order set state = :state, reason = :reason, message_id = :messageId,
                                          error_code = :code, error_subcode = :subcode, updated_at = :at
                where decision_id = :id and state = 'SENDING' and lease_owner = :owner""")
                .unwrap(NativeQuery.class)
                .setParameter("state", state.name())
                .setParameter("reason", reason, String.class)
                .setParameter("messageId", messageId, String.class)
                .setParameter("code", errorCode, Integer.class)
                .setParameter("subcode", errorSubcode, Integer.class)
                .setParameter("at", at)
                .setParameter("id", decisionId)
                .setParameter("owner", owner)
                .executeUpdate() == 1;
    }

    /**
     * Declares a SENDING order lost (FAILED {@code outcome_unknown}) if its lease has ended (or it has none).
     *
     * @return true when this call declared it, false when it was not SENDING or its lease still runs
     */
    public boolean declareLost(String decisionId, Instant at) {
        return getEntityManager().createNativeQuery("""
                update outbound_order set state = 'FAILED', reason = :reason, updated_at = :at
                where decision_id = :id and state = 'SENDING'
                  and (lease_until is null or lease_until <= clock_timestamp())""")
                .setParameter("reason", OutboundReasons.OUTCOME_UNKNOWN)
                .setParameter("at", at)
                .setParameter("id", decisionId)
                .executeUpdate() == 1;
    }

    /**
     * Declares a SENDING order of {@code owner} lost whatever its lease, for an owner known to have stopped sending
     * it (this process's own handling that ended without recording an outcome).
     *
     * @return true when this call declared it, false when it was not SENDING or not {@code owner}'s
     */
    public boolean declareLostOf(String decisionId, String owner, Instant at) {
        return getEntityManager().createNativeQuery("""
                update outbound_order set state = 'FAILED', reason = :reason, updated_at = :at
                where decision_id = :id and state = 'SENDING' and lease_owner = :owner""")
                .setParameter("reason", OutboundReasons.OUTCOME_UNKNOWN)
                .setParameter("at", at)
                .setParameter("id", decisionId)
                .setParameter("owner", owner)
                .executeUpdate() == 1;
    }
}
