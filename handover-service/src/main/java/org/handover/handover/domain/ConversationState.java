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
 * @param pendingPass           an accepted handover waiting for its confirmation; {@code null} if none
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
        return new ConversationState(pageId, psid, Owner.BOT, ourAppId, 0, now, false, null, null, null, null);
    }

    ConversationState withOwner(Owner newOwner, String appId, Instant since, Instant eventAt) {
        Instant transitionAt = latest(lastTransitionEventAt, eventAt);
        return new ConversationState(pageId, psid, newOwner, appId, epoch + 1, since, false, null, lastUserActivityAt,
                lastAgentActivityAt, transitionAt);
    }

    ConversationState withQuestionPending(boolean pending) {
        return new ConversationState(pageId, psid, owner, ownerAppId, epoch, ownerSince, pending, pendingPass,
                lastUserActivityAt, lastAgentActivityAt, lastTransitionEventAt);
    }

    /** A copy with {@code pass} pending (or none), for the service that claims and retries it. */
    public ConversationState withPendingPass(PendingPass pass) {
        return new ConversationState(pageId, psid, owner, ownerAppId, epoch, ownerSince, questionPending && pass == null,
                pass, lastUserActivityAt, lastAgentActivityAt, lastTransitionEventAt);
    }

    ConversationState withUserActivity(Instant at) {
        return new ConversationState(pageId, psid, owner, ownerAppId, epoch, ownerSince, questionPending, pendingPass,
                latest(lastUserActivityAt, at), lastAgentActivityAt, lastTransitionEventAt);
    }

    ConversationState withAgentActivity(Instant at) {
        return new ConversationState(pageId, psid, owner, ownerAppId, epoch, ownerSince, questionPending, pendingPass,
                lastUserActivityAt, latest(lastAgentActivityAt, at), lastTransitionEventAt);
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
