package org.handover.handover.domain;

import java.time.Instant;
import java.util.Objects;
import org.handover.contracts.Owner;

/**
 * What handover-service knows of one conversation. Immutable: the state machine returns a new one.
 *
 * @param pageId                the page
 * @param psid                  the user
 * @param owner                 who owns the thread
 * @param ownerAppId            the owning app, where known
 * @param epoch                 increases on every change of owner; orders are stamped with it
 * @param ownerSince            when the current owner got the thread
 * @param questionPending       the "Change to agent" question was asked and not answered
 * @param pendingPass           a pass of control waiting for the bot's last order to be reported; {@code null} if none
 * @param lastOrderId           the last order decided for the conversation; {@code null} if none yet
 * @param lastOrderReported     whether bot-service reported what became of {@code lastOrderId} (any outcome)
 * @param lastUserActivityAt    Meta's timestamp of the user's latest message
 * @param lastAgentActivityAt   Meta's timestamp of the latest message from another app (an agent)
 * @param lastTransitionEventAt Meta's timestamp of the event behind the latest change of owner
 */
public record ConversationState(
        String pageId,
        String psid,
        Owner owner,
        String ownerAppId,
        long epoch,
        Instant ownerSince,
        boolean questionPending,
        PendingPass pendingPass,
        String lastOrderId,
        boolean lastOrderReported,
        Instant lastUserActivityAt,
        Instant lastAgentActivityAt,
        Instant lastTransitionEventAt) {

    public ConversationState {
        Objects.requireNonNull(pageId, "pageId");
        Objects.requireNonNull(psid, "psid");
        Objects.requireNonNull(owner, "owner");
    }

    /** A conversation never seen: our app receives its first messages, so the bot owns it at epoch 0. */
    public static ConversationState fresh(String pageId, String psid, String ourAppId, Instant now) {
        return new ConversationState(pageId, psid, Owner.BOT, ourAppId, 0, now, false, null, null, false, null, null,
                null);
    }

    ConversationState withOwner(Owner newOwner, String appId, Instant since, Instant eventAt) {
        Instant transitionAt = latest(lastTransitionEventAt, eventAt);
        return new ConversationState(pageId, psid, newOwner, appId, epoch + 1, since, false, null, lastOrderId,
                lastOrderReported, lastUserActivityAt, lastAgentActivityAt, transitionAt);
    }

    ConversationState withQuestionPending(boolean pending) {
        return new ConversationState(pageId, psid, owner, ownerAppId, epoch, ownerSince, pending, pendingPass,
                lastOrderId, lastOrderReported, lastUserActivityAt, lastAgentActivityAt, lastTransitionEventAt);
    }

    /** A copy with {@code pass} pending (or none), for the service that claims and retries it. */
    public ConversationState withPendingPass(PendingPass pass) {
        return new ConversationState(pageId, psid, owner, ownerAppId, epoch, ownerSince, questionPending && pass == null,
                pass, lastOrderId, lastOrderReported, lastUserActivityAt, lastAgentActivityAt, lastTransitionEventAt);
    }

    ConversationState withUserActivity(Instant at) {
        return new ConversationState(pageId, psid, owner, ownerAppId, epoch, ownerSince, questionPending, pendingPass,
                lastOrderId, lastOrderReported, latest(lastUserActivityAt, at), lastAgentActivityAt,
                lastTransitionEventAt);
    }

    ConversationState withAgentActivity(Instant at) {
        return new ConversationState(pageId, psid, owner, ownerAppId, epoch, ownerSince, questionPending, pendingPass,
                lastOrderId, lastOrderReported, lastUserActivityAt, latest(lastAgentActivityAt, at),
                lastTransitionEventAt);
    }

    /**
     * A copy that remembers a bulletin's order as the last order decided, not reported yet: a pass of control then
     * waits for its report like for any order of the bot (drain before pass).
     */
    public ConversationState withBulletinOrdered(String decisionId) {
        return withOrdered(decisionId);
    }

    /** A copy that remembers {@code decisionId} as the last order decided, not reported yet. */
    ConversationState withOrdered(String decisionId) {
        return new ConversationState(pageId, psid, owner, ownerAppId, epoch, ownerSince, questionPending, pendingPass,
                decisionId, false, lastUserActivityAt, lastAgentActivityAt, lastTransitionEventAt);
    }

    /**
     * A copy whose latest change of owner is known to have happened at Meta no earlier than {@code at}: the moment one
     * of our own thread-control calls that succeeded was made. Signals that happened before it are already reflected
     * in the owner and count as stale; only the watermark moves, the owner's history keeps the cause's time.
     */
    ConversationState withControlSettledAt(Instant at) {
        return new ConversationState(pageId, psid, owner, ownerAppId, epoch, ownerSince, questionPending, pendingPass,
                lastOrderId, lastOrderReported, lastUserActivityAt, lastAgentActivityAt,
                latest(lastTransitionEventAt, at));
    }

    /** A copy where the last order is reported, if {@code decisionId} is it; otherwise this (an older order's news). */
    ConversationState withReported(String decisionId) {
        if (lastOrderReported || lastOrderId == null || !lastOrderId.equals(decisionId)) {
            return this;
        }
        return new ConversationState(pageId, psid, owner, ownerAppId, epoch, ownerSince, questionPending, pendingPass,
                lastOrderId, true, lastUserActivityAt, lastAgentActivityAt, lastTransitionEventAt);
    }

    /**
     * The order the bot decided and bot-service has not reported yet, or {@code null}. Orders of a conversation are
     * handled in order, so when the last one is reported, every earlier one was handled too.
     */
    public String outstandingOrderId() {
        return lastOrderId != null && !lastOrderReported ? lastOrderId : null;
    }

    /** The latest sign of life in the conversation, for the idle timeout. */
    public Instant lastActivity() {
        return latest(latest(lastUserActivityAt, lastAgentActivityAt), ownerSince);
    }

    /** The conversation key {@code pageId:psid}. */
    public String key() {
        return pageId + ":" + psid;
    }

    static Instant latest(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        return a.isAfter(b) ? a : b;
    }
}
