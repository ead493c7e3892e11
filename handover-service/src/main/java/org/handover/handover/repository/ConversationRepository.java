package org.handover.handover.repository;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.handover.contracts.Owner;
import org.handover.handover.domain.ConversationState;
import org.handover.handover.domain.PendingPass;
import org.handover.service.support.jdbc.Sql;

/**
 * Conversations' thread-control state. Every change goes through {@link #lock} in the transaction that makes it, so
 * two replicas (one consuming events, one running a timer) never interleave their changes to one conversation.
 */
@ApplicationScoped
public class ConversationRepository {

    /** The state's columns after the key, in the order {@link #save} writes them; {@link #toDomain} reads them. */
    private static final List<String> STATE = List.of("owner", "owner_app_id", "epoch", "owner_since",
            "question_pending", "pending_pass_decision_id", "pending_pass_target", "pending_pass_deadline",
            "pending_pass_claimed_until", "pending_pass_attempts", "pending_pass_cause_event_id",
            "pending_pass_cause_at", "pending_pass_reason", "last_order_decision_id", "last_order_reported",
            "last_user_activity_at", "last_agent_activity_at", "last_transition_event_at", "owner_cause",
            "take_back_not_before", "take_back_attempts");

    /** The key and the state, of {@code conversation} or of its alias {@code c}. */
    private static final String COLUMNS = "page_id, psid, " + String.join(", ", STATE);
    private static final String C_COLUMNS = "c.page_id, c.psid, c." + String.join(", c.", STATE);

    private static final String SELECT = "select " + COLUMNS + " from conversation where page_id = ? and psid = ?";

    private static final String UPDATE = "update conversation set " + String.join(" = ?, ", STATE)
            + " = ?, updated_at = ? where page_id = ? and psid = ?";

    private final Sql sql;
    private final TransactionSynchronizationRegistry transactions;

    public ConversationRepository(Sql sql, TransactionSynchronizationRegistry transactions) {
        this.sql = sql;
        this.transactions = transactions;
    }

    /** The conversation, without locking; empty if never seen. */
    public Optional<ConversationState> find(String pageId, String psid) {
        return sql.first(SELECT, ConversationRepository::toDomain, pageId, psid);
    }

    /** The conversation, locked until the transaction ends; empty if never seen (nothing is created). */
    public Optional<ConversationState> lockExisting(String pageId, String psid) {
        return sql.first(SELECT + " for update", ConversationRepository::toDomain, pageId, psid).map(this::locked);
    }

    /**
     * The conversation, locked ({@code SELECT ... FOR UPDATE}) until the transaction ends; created as
     * {@link ConversationState#fresh} when never seen. Creation is {@code INSERT ... ON CONFLICT DO NOTHING}, so two
     * transactions creating the same conversation at once (two replicas during a rebalance, two threads of one) both
     * go on: the second waits for the first's lock and then sees its row.
     */
    public ConversationState lock(String pageId, String psid, String ourAppId, Instant now) {
        return lockOrCreate(pageId, psid, ourAppId, now).state();
    }

    /**
     * A conversation {@link #lock locked}, and whether this call created it.
     *
     * @param state   the conversation as it is now (fresh when created)
     * @param created it was never seen before this call
     */
    public record Locked(ConversationState state, boolean created) {
    }

    /** {@link #lock}, saying whether the conversation was created by this call. */
    public Locked lockOrCreate(String pageId, String psid, String ourAppId, Instant now) {
        Optional<ConversationState> found = lockExisting(pageId, psid);
        if (found.isPresent()) {
            return new Locked(found.get(), false);
        }
        ConversationState fresh = ConversationState.fresh(pageId, psid, ourAppId, now);
        boolean created = sql.update("""
                insert into conversation (page_id, psid, owner, owner_app_id, epoch, owner_since, question_pending,
                    pending_pass_attempts, last_order_reported, take_back_attempts, updated_at)
                values (?, ?, ?, ?, ?, ?, false, 0, false, 0, ?)
                on conflict (page_id, psid) do nothing""",
                pageId, psid, fresh.owner(), fresh.ownerAppId(), fresh.epoch(), fresh.ownerSince(), now) == 1;
        return new Locked(lockExisting(pageId, psid).orElseThrow(), created);
    }

    /**
     * Stores {@code state}; the row must have been {@link #lock locked} in this transaction. A state equal to the
     * stored one writes nothing: it is compared with the state this transaction locked or last saved (read again
     * only when this transaction has none).
     */
    public void save(ConversationState state, Instant now) {
        StateKey key = new StateKey(state.pageId(), state.psid());
        Object known = inTransaction() ? transactions.getResource(key) : null;
        ConversationState stored = known instanceof ConversationState s ? s
                : find(state.pageId(), state.psid()).orElse(null);
        if (state.equals(stored)) {
            // Nothing changed (a stale event, an owner confirmed, an outcome counted): no UPDATE, updated_at kept.
            return;
        }
        PendingPass p = state.pendingPass();
        sql.update(UPDATE, state.owner(), state.ownerAppId(), state.epoch(), state.ownerSince(),
                state.questionPending(),
                p == null ? null : p.awaitedDecisionId(), p == null ? null : p.targetAppId(),
                p == null ? null : p.deadline(), p == null ? null : p.claimedUntil(), p == null ? 0 : p.attempts(),
                p == null ? null : p.causeEventId(), p == null ? null : p.causeOccurredAt(),
                p == null ? null : p.reason(),
                state.lastOrderId(), state.lastOrderReported(), state.lastUserActivityAt(),
                state.lastAgentActivityAt(), state.lastTransitionEventAt(), state.ownerCause(),
                state.takeBack().notBefore(), state.takeBack().failures(), now, state.pageId(), state.psid());
        remember(state);
    }

    /**
     * Locks ({@code FOR UPDATE SKIP LOCKED}) up to {@code limit} conversations whose pending pass is due at {@code now}
     * (awaited order not reported in time, or retry time) and not claimed, earliest due first. Rows another
     * transaction holds are skipped, so that replicas sweeping at once share the work instead of queueing on it.
     */
    public List<ConversationState> lockDuePendingPasses(Instant now, int limit) {
        return sql.list("select " + COLUMNS + " from conversation"
                + " where pending_pass_deadline <= ?"
                + " and (pending_pass_claimed_until is null or pending_pass_claimed_until <= ?)"
                + " order by pending_pass_deadline, page_id, psid"
                + " limit ?"
                + " for update skip locked", ConversationRepository::toDomain, now, now, limit)
                .stream().map(this::locked).toList();
    }

    /**
     * When the idle timeout expires, as {@code HandoverStateMachine.idleExpired} decides: the agent's latest message
     * or when the agent got the thread (the user's messages do not count), plus the page's idle timeout; null without
     * one ({@code least} ignores it).
     */
    static final String IDLE_DUE = "greatest(c.last_agent_activity_at, c.owner_since)"
            + " + p.idle_timeout_minutes * interval '1 minute'";

    /**
     * When an agent's no-show is due, as {@code HandoverStateMachine.noShowExpired} decides: only after a pass the
     * user accepted, with no agent message since, the user's "yes" (when the agent's ownership starts) plus the page's
     * no-show wait; null otherwise ({@code least} ignores it).
     */
    static final String NO_SHOW_DUE = "case when c.owner_cause = 'user_accepted'"
            + " and (c.last_agent_activity_at is null or c.last_agent_activity_at < c.owner_since)"
            + " then c.owner_since + p.no_show_minutes * interval '1 minute'"
            + " end";

    /**
     * Locks ({@code FOR UPDATE SKIP LOCKED}) up to {@code limit} agent-held conversations of active pages whose idle
     * timeout ({@link #IDLE_DUE}) or agent no-show wait ({@link #NO_SHOW_DUE}) has expired at {@code now}, with no
     * change of owner pending (a take-back already decided is the pass timer's) and not waiting after a given-up
     * take-back, the longest overdue first. Rows another transaction holds are skipped.
     */
    public List<ConversationState> lockIdleTakeBacks(Instant now, int limit) {
        String due = "least(" + IDLE_DUE + ", " + NO_SHOW_DUE + ")";
        return sql.list("select " + C_COLUMNS
                + " from conversation c join page_settings p on p.page_id = c.page_id"
                + " where c.owner = 'AGENT' and p.handover_active and c.pending_pass_target is null"
                + " and (c.take_back_not_before is null or c.take_back_not_before <= ?)"
                + " and " + due + " <= ?"
                + " order by " + due + ", c.page_id, c.psid"
                + " limit ? for update of c skip locked", ConversationRepository::toDomain, now, now, limit)
                .stream().map(this::locked).toList();
    }

    /** Conversations of {@code pageId} an agent holds now, longest held first: the settings page's second view. */
    public List<ConversationState> agentHeld(String pageId, int limit) {
        return sql.list("select " + COLUMNS + " from conversation"
                + " where page_id = ? and owner = ? order by owner_since, psid limit ?",
                ConversationRepository::toDomain, pageId, Owner.AGENT, limit);
    }

    /** The key of a conversation's state in its transaction's resources. */
    private record StateKey(String pageId, String psid) {
    }

    private boolean inTransaction() {
        return transactions.getTransactionKey() != null;
    }

    /** Keeps {@code state}, just locked, as this transaction's stored state: {@link #save} compares with it. */
    private ConversationState locked(ConversationState state) {
        remember(state);
        return state;
    }

    private void remember(ConversationState state) {
        if (inTransaction()) {
            transactions.putResource(new StateKey(state.pageId(), state.psid()), state);
        }
    }

    private static ConversationState toDomain(Sql.Row r) throws SQLException {
        // A pending pass has a target; its awaited order is null when nothing is awaited (due at once)
        String target = r.string("pending_pass_target");
        PendingPass.Reason reason = r.enumOf(PendingPass.Reason.class, "pending_pass_reason");
        PendingPass pass = target == null ? null
                : new PendingPass(r.string("pending_pass_decision_id"), target, r.instant("pending_pass_deadline"),
                        r.instant("pending_pass_claimed_until"), r.intValue("pending_pass_attempts"),
                        r.string("pending_pass_cause_event_id"), r.instant("pending_pass_cause_at"),
                        // rows written before V3 knew accepted handovers only
                        reason == null ? PendingPass.Reason.ACCEPTED : reason);
        return new ConversationState(r.string("page_id"), r.string("psid"),
                new ConversationState.Ownership(r.enumOf(Owner.class, "owner"), r.string("owner_app_id"),
                        r.longValue("epoch"), r.instant("owner_since"), r.instant("last_transition_event_at"),
                        r.string("owner_cause")),
                r.bool("question_pending"), pass,
                new ConversationState.LastOrder(r.string("last_order_decision_id"), r.bool("last_order_reported")),
                new ConversationState.Activity(r.instant("last_user_activity_at"), r.instant("last_agent_activity_at")),
                new ConversationState.TakeBackBackoff(r.instant("take_back_not_before"),
                        r.intValue("take_back_attempts")));
    }
}
