package org.handover.handover.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
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
     * {@link ConversationState#fresh} when never seen (two racing creators: the loser's insert fails and its
     * transaction is retried by the caller's redelivery).
     */
    public ConversationState lock(String pageId, String psid, String ourAppId, Instant now) {
        ConversationEntity entity = findById(new ConversationEntity.Key(pageId, psid), LockModeType.PESSIMISTIC_WRITE);
        if (entity == null) {
            ConversationState fresh = ConversationState.fresh(pageId, psid, ourAppId, now);
            entity = new ConversationEntity();
            entity.pageId = pageId;
            entity.psid = psid;
            copy(fresh, entity, now);
            persist(entity);
            flush();
            entity = findById(new ConversationEntity.Key(pageId, psid), LockModeType.PESSIMISTIC_WRITE);
        }
        return toDomain(entity);
    }

    /** Stores {@code state}; the row must have been {@link #lock locked} in this transaction. */
    public void save(ConversationState state, Instant now) {
        ConversationEntity entity = findById(new ConversationEntity.Key(state.pageId(), state.psid()));
        copy(state, entity, now);
    }

    /** Conversations whose pending pass is due at {@code now} (awaited order not reported in time, or retry time). */
    public List<ConversationState> duePendingPasses(Instant now, int limit) {
        return find("pendingPassDeadline <= ?1 and (pendingPassClaimedUntil is null or pendingPassClaimedUntil <= ?1)",
                now).page(0, limit).stream().map(ConversationRepository::toDomain).toList();
    }

    /** Conversations of {@code pageId} an agent holds whose last activity is at or before {@code before}. */
    public List<ConversationState> agentHeldIdleSince(String pageId, Instant before, int limit) {
        return find("""
                pageId = ?1 and owner = ?2
                and coalesce(lastUserActivityAt, ownerSince) <= ?3
                and coalesce(lastAgentActivityAt, ownerSince) <= ?3
                and ownerSince <= ?3""", pageId, Owner.AGENT, before)
                .page(0, limit).stream().map(ConversationRepository::toDomain).toList();
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
        e.updatedAt = now;
    }

    private static ConversationState toDomain(ConversationEntity e) {
        PendingPass pass = e.pendingPassDecisionId == null ? null
                : new PendingPass(e.pendingPassDecisionId, e.pendingPassTarget, e.pendingPassDeadline,
                        e.pendingPassClaimedUntil, e.pendingPassAttempts, e.pendingPassCauseEventId,
                        e.pendingPassCauseAt,
                        // rows written before V3 knew accepted handovers only
                        e.pendingPassReason == null ? PendingPass.Reason.ACCEPTED : e.pendingPassReason);
        return new ConversationState(e.pageId, e.psid, e.owner, e.ownerAppId, e.epoch, e.ownerSince,
                e.questionPending, pass, e.lastOrderDecisionId, e.lastOrderReported, e.lastUserActivityAt,
                e.lastAgentActivityAt, e.lastTransitionEventAt);
    }
}
