package org.handover.handover.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.persistence.Query;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.handover.contracts.Owner;
import org.handover.handover.domain.ConversationState;
import org.handover.handover.domain.PendingPass;

/**
 * Conversations' thread-control state. Every change goes through {@link #lock} in the transaction that makes it, so
 * two replicas (one consuming events, one running a timer) never interleave their changes to one conversation.
 */
@ApplicationScoped
public class ConversationRepository implements PanacheRepositoryBase<ConversationEntity, ConversationEntity.Key> {

    /** The conversation, without locking; empty if never seen. */
    public Optional<ConversationState> find(String pageId, String psid) {
        return findByIdOptional(new ConversationEntity.Key(pageId, psid)).map(ConversationRepository::toDomain);
    }

    /** The conversation, locked until the transaction ends; empty if never seen (nothing is created). */
    public Optional<ConversationState> lockExisting(String pageId, String psid) {
        return Optional.ofNullable(findById(new ConversationEntity.Key(pageId, psid), LockModeType.PESSIMISTIC_WRITE))
                .map(ConversationRepository::toDomain);
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
        ConversationEntity entity = findById(new ConversationEntity.Key(pageId, psid), LockModeType.PESSIMISTIC_WRITE);
        boolean created = false;
        if (entity == null) {
            ConversationState fresh = ConversationState.fresh(pageId, psid, ourAppId, now);
            created = getEntityManager().createNativeQuery("""
                    insert into conversation (page_id, psid, owner, owner_app_id, epoch, owner_since, question_pending,
                        pending_pass_attempts, last_order_reported, take_back_attempts, updated_at)
                    values (:pageId, :psid, :owner, :appId, :epoch, :since, false, 0, false, 0, :now)
                    on conflict (page_id, psid) do nothing""")
                    .setParameter("pageId", pageId).setParameter("psid", psid)
                    .setParameter("owner", fresh.owner().name()).setParameter("appId", fresh.ownerAppId())
                    .setParameter("epoch", fresh.epoch()).setParameter("since", fresh.ownerSince())
                    .setParameter("now", now).executeUpdate() == 1;
            entity = findById(new ConversationEntity.Key(pageId, psid), LockModeType.PESSIMISTIC_WRITE);
        }
        return new Locked(toDomain(entity), created);
    }

    /**
     * Stores {@code state}; the row must have been {@link #lock locked} in this transaction. A state equal to the
     * stored one writes nothing.
     */
    public void save(ConversationState state, Instant now) {
        ConversationEntity entity = findById(new ConversationEntity.Key(state.pageId(), state.psid()));
        if (state.equals(toDomain(entity))) {
            // Nothing changed (a stale event, an owner confirmed, an outcome counted): no UPDATE, updated_at kept.
            return;
        }
        copy(state, entity, now);
    }

    /**
     * Locks ({@code FOR UPDATE SKIP LOCKED}) up to {@code limit} conversations whose pending pass is due at {@code now}
     * (awaited order not reported in time, or retry time) and not claimed, earliest due first. Rows another
     * transaction holds are skipped, so that replicas sweeping at once share the work instead of queueing on it.
     */
    public List<ConversationState> lockDuePendingPasses(Instant now, int limit) {
        return lockAll(getEntityManager().createNativeQuery("""
                select page_id, psid from conversation
                where pending_pass_deadline <= :now
                  and (pending_pass_claimed_until is null or pending_pass_claimed_until <= :now)
                order by pending_pass_deadline, page_id, psid
                limit :limit
                for update skip locked""").setParameter("now", now).setParameter("limit", limit));
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
        return lockAll(getEntityManager().createNativeQuery(
                "select c.page_id, c.psid from conversation c join page_settings p on p.page_id = c.page_id"
                        + " where c.owner = 'AGENT' and p.handover_active and c.pending_pass_target is null"
                        + " and (c.take_back_not_before is null or c.take_back_not_before <= :now)"
                        + " and " + due + " <= :now"
                        + " order by " + due + ", c.page_id, c.psid"
                        + " limit :limit for update of c skip locked")
                .setParameter("now", now).setParameter("limit", limit));
    }

    private List<ConversationState> lockAll(Query keys) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = keys.getResultList();
        return rows.stream().map(k -> findById(new ConversationEntity.Key((String) k[0], (String) k[1])))
                .map(ConversationRepository::toDomain).toList();
    }

    /** Conversations of {@code pageId} an agent holds now, longest held first: the settings page's second view. */
    public List<ConversationState> agentHeld(String pageId, int limit) {
        return find("pageId = ?1 and owner = ?2 order by ownerSince, psid", pageId, Owner.AGENT)
                .page(0, limit).stream().map(ConversationRepository::toDomain).toList();
    }

    private static void copy(ConversationState s, ConversationEntity e, Instant now) {
        e.owner = s.owner();
        e.ownerAppId = s.ownerAppId();
        e.epoch = s.epoch();
        e.ownerSince = s.ownerSince();
        e.questionPending = s.questionPending();
        PendingPass p = s.pendingPass();
        e.pendingPassDecisionId = p == null ? null : p.awaitedDecisionId();
        e.pendingPassTarget = p == null ? null : p.targetAppId();
        e.pendingPassDeadline = p == null ? null : p.deadline();
        e.pendingPassClaimedUntil = p == null ? null : p.claimedUntil();
        e.pendingPassAttempts = p == null ? 0 : p.attempts();
        e.pendingPassCauseEventId = p == null ? null : p.causeEventId();
        e.pendingPassCauseAt = p == null ? null : p.causeOccurredAt();
        e.pendingPassReason = p == null ? null : p.reason();
        e.lastOrderDecisionId = s.lastOrderId();
        e.lastOrderReported = s.lastOrderReported();
        e.lastUserActivityAt = s.lastUserActivityAt();
        e.lastAgentActivityAt = s.lastAgentActivityAt();
        e.lastTransitionEventAt = s.lastTransitionEventAt();
        e.ownerCause = s.ownerCause();
        e.takeBackNotBefore = s.takeBack().notBefore();
        e.takeBackAttempts = s.takeBack().failures();
        e.updatedAt = now;
    }

    private static ConversationState toDomain(ConversationEntity e) {
        // A pending pass has a target; its awaited order is null when nothing is awaited (due at once)
        PendingPass pass = e.pendingPassTarget == null ? null
                : new PendingPass(e.pendingPassDecisionId, e.pendingPassTarget, e.pendingPassDeadline,
                        e.pendingPassClaimedUntil, e.pendingPassAttempts, e.pendingPassCauseEventId,
                        e.pendingPassCauseAt,
                        // rows written before V3 knew accepted handovers only
                        e.pendingPassReason == null ? PendingPass.Reason.ACCEPTED : e.pendingPassReason);
        return new ConversationState(e.pageId, e.psid,
                new ConversationState.Ownership(e.owner, e.ownerAppId, e.epoch, e.ownerSince,
                        e.lastTransitionEventAt, e.ownerCause),
                e.questionPending, pass, new ConversationState.LastOrder(e.lastOrderDecisionId, e.lastOrderReported),
                new ConversationState.Activity(e.lastUserActivityAt, e.lastAgentActivityAt),
                new ConversationState.TakeBackBackoff(e.takeBackNotBefore, e.takeBackAttempts));
    }
}
