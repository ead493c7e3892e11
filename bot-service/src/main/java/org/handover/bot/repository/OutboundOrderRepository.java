package org.handover.bot.repository;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.handover.contracts.OrderKind;
import org.handover.contracts.OutboundReasons;
import org.handover.service.support.jdbc.Sql;

/**
 * The reply orders handled so far, by decision id: the dedupe guard of every send, and the lease of a send in flight.
 * Lease times are the database's ({@code clock_timestamp()}), the one clock every replica shares.
 */
@ApplicationScoped
public class OutboundOrderRepository {

    private final Sql sql;

    public OutboundOrderRepository(Sql sql) {
        this.sql = sql;
    }

    /** The recorded order; empty when the id is not recorded. */
    public Optional<OutboundOrder> findByIdOptional(String decisionId) {
        return sql.first("""
                select decision_id, page_id, psid, epoch, kind, state, reason, message_id, error_code, error_subcode,
                       message, tracked_links, lease_owner, lease_until, created_at, updated_at
                from outbound_order where decision_id = ?""", row -> {
                    OutboundOrder order = new OutboundOrder();
                    order.decisionId = row.string("decision_id");
                    order.pageId = row.string("page_id");
                    order.psid = row.string("psid");
                    order.epoch = row.longValue("epoch");
                    order.kind = row.enumOf(OrderKind.class, "kind");
                    order.state = row.enumOf(OutboundOrder.State.class, "state");
                    order.reason = row.string("reason");
                    order.messageId = row.string("message_id");
                    order.errorCode = row.intOrNull("error_code");
                    order.errorSubcode = row.intOrNull("error_subcode");
                    order.message = row.string("message");
                    order.trackedLinks = row.string("tracked_links");
                    order.leaseOwner = row.string("lease_owner");
                    order.leaseUntil = row.instant("lease_until");
                    order.createdAt = row.instant("created_at");
                    order.updatedAt = row.instant("updated_at");
                    return order;
                }, decisionId);
    }

    /**
     * Claims a decision id: inserts the order unless its id is already there. Atomic ({@code ON CONFLICT}), so two
     * deliveries racing on different replicas cannot both claim it. A SENDING order is leased to
     * {@code order.leaseOwner} for {@code lease} from now.
     *
     * @return true when this call claimed it, false when the id was already recorded (a duplicate)
     */
    public boolean claim(OutboundOrder order, Duration lease) {
        boolean sending = order.state == OutboundOrder.State.SENDING;
        int inserted = sql.update("""
                insert into outbound_order (decision_id, page_id, psid, epoch, kind, state, reason, message,
                                            tracked_links, lease_owner, lease_until, created_at, updated_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?,
                        ?, case when ? then clock_timestamp() + ? * interval '1 millisecond' end,
                        ?, ?)
                on conflict (decision_id) do nothing""",
                order.decisionId, order.pageId, order.psid, order.epoch, order.kind, order.state,
                order.reason, order.message, order.trackedLinks, sending ? order.leaseOwner : null,
                sending, lease.toMillis(), order.createdAt, order.createdAt);
        return inserted == 1;
    }

    /**
     * Turns an order just claimed SENDING in this transaction into a refusal for {@code reason} (no lease): another
     * order already delivered the same bulletin to the conversation.
     */
    public void refuseClaimed(String decisionId, String reason) {
        sql.update("""
                update outbound_order set state = 'REFUSED', reason = ?, lease_owner = null, lease_until = null
                where decision_id = ?""", reason, decisionId);
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
        return sql.first("""
                select state, lease_owner,
                       coalesce(extract(epoch from (lease_until - clock_timestamp())) * 1000, 0)
                from outbound_order where decision_id = ?""",
                row -> new Lease(row.enumOf(OutboundOrder.State.class, "state"), row.string("lease_owner"),
                        Duration.ofMillis(row.resultSet().getBigDecimal(3).longValue())),
                decisionId);
    }

    /**
     * Records the final state of an order that {@code owner} was sending, only if it still is: SENDING and leased to
     * {@code owner}. A send whose lease ended and that another handling declared lost changes nothing.
     *
     * @return true when recorded, false when the order was no longer this owner's to finish
     */
    public boolean finish(String decisionId, String owner, OutboundOrder.State state, String reason,
            String messageId, Integer errorCode, Integer errorSubcode, Instant at) {
        return sql.update("""
                update outbound_order set state = ?, reason = ?, message_id = ?,
                                          error_code = ?, error_subcode = ?, updated_at = ?
                where decision_id = ? and state = 'SENDING' and lease_owner = ?""",
                state, reason, messageId, errorCode, errorSubcode, at, decisionId, owner) == 1;
    }

    /**
     * Declares a SENDING order lost (FAILED {@code outcome_unknown}) if its lease has ended (or it has none).
     *
     * @return true when this call declared it, false when it was not SENDING or its lease still runs
     */
    public boolean declareLost(String decisionId, Instant at) {
        return sql.update("""
                update outbound_order set state = 'FAILED', reason = ?, updated_at = ?
                where decision_id = ? and state = 'SENDING'
                  and (lease_until is null or lease_until <= clock_timestamp())""",
                OutboundReasons.OUTCOME_UNKNOWN, at, decisionId) == 1;
    }

    /**
     * Declares a SENDING order of {@code owner} lost whatever its lease, for an owner known to have stopped sending
     * it (this process's own handling that ended without recording an outcome).
     *
     * @return true when this call declared it, false when it was not SENDING or not {@code owner}'s
     */
    public boolean declareLostOf(String decisionId, String owner, Instant at) {
        return sql.update("""
                update outbound_order set state = 'FAILED', reason = ?, updated_at = ?
                where decision_id = ? and state = 'SENDING' and lease_owner = ?""",
                OutboundReasons.OUTCOME_UNKNOWN, at, decisionId, owner) == 1;
    }
}
