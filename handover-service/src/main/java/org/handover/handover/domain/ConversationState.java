package org.handover.handover.domain;

import java.time.Instant;
import java.util.Objects;
import org.handover.contracts.Owner;

/**
 * What handover-service knows of one conversation, in small groups that change independently. Immutable: the state
 * machine returns a new one.
 *
 * @param pageId          the page
 * @param psid            the user
 * @param ownership       who owns the thread, since when, under which epoch
 * @param questionPending the "Change to agent" question was asked and not answered
 * @param pendingPass     a change of owner we are to carry out (a pass to an agent, a take-back to the bot);
 *                        {@code null} if none
 * @param lastOrder       the last order decided and whether bot-service reported it; {@link LastOrder#NONE} if none
 * @param activity        the latest messages of the user and of an agent
 * @param takeBack        the idle timer's wait after take-backs of this owner that were given up
 */
public record ConversationState(
        String pageId,
        String psid,
        Ownership ownership,
        boolean questionPending,
        PendingPass pendingPass,
        LastOrder lastOrder,
        Activity activity,
        TakeBackBackoff takeBack) {

    /**
     * Who owns the thread.
     *
     * @param owner                 bot, agent or idle
     * @param appId                 the owning app, where known
     * @param epoch                 increases on every change of owner; orders are stamped with it
     * @param since                 when the current owner got the thread
     * @param lastTransitionEventAt Meta's timestamp of the event behind the latest change of owner (or the moment one
     *                              of our own successful thread-control calls was made): older signals are stale
     * @param cause                 the cause of the latest change of owner ({@code user_accepted}, {@code agent_done},
     *                              ...); {@code null} for a conversation that never changed owner (or did before it
     *                              was kept): the no-show take-back follows only a pass the user accepted
     */
    public record Ownership(Owner owner, String appId, long epoch, Instant since, Instant lastTransitionEventAt,
            String cause) {
        public Ownership {
            Objects.requireNonNull(owner, "owner");
        }

        /** An owner whose cause is not known. */
        public Ownership(Owner owner, String appId, long epoch, Instant since, Instant lastTransitionEventAt) {
            this(owner, appId, epoch, since, lastTransitionEventAt, null);
        }
    }

    /**
     * The last order decided for the conversation: outstanding until bot-service reports it (any outcome).
     *
     * @param decisionId the order's decision id; {@code null} if none yet
     * @param reported   whether bot-service reported what became of it
     */
    public record LastOrder(String decisionId, boolean reported) {
        public static final LastOrder NONE = new LastOrder(null, false);
    }

    /**
     * Signs of life, Meta's timestamps.
     *
     * @param userAt  the user's latest message
     * @param agentAt the latest message of another app (an agent)
     */
    public record Activity(Instant userAt, Instant agentAt) {
        public static final Activity NONE = new Activity(null, null);
    }

    /**
     * The idle timer's backoff for the current owner: after a take-back was given up (Meta refused it, or kept
     * failing), the next is not tried before {@code notBefore}; {@code failures} counts the given-up ones.
     */
    public record TakeBackBackoff(Instant notBefore, int failures) {
        public static final TakeBackBackoff NONE = new TakeBackBackoff(null, 0);
    }

    public ConversationState {
        Objects.requireNonNull(pageId, "pageId");
        Objects.requireNonNull(psid, "psid");
        Objects.requireNonNull(ownership, "ownership");
        lastOrder = lastOrder == null ? LastOrder.NONE : lastOrder;
        activity = activity == null ? Activity.NONE : activity;
        takeBack = takeBack == null ? TakeBackBackoff.NONE : takeBack;
    }

    /** A conversation never seen: our app receives its first messages, so the bot owns it at epoch 0. */
    public static ConversationState fresh(String pageId, String psid, String ourAppId, Instant now) {
        return new ConversationState(pageId, psid, new Ownership(Owner.BOT, ourAppId, 0, now, null, null), false, null,
                LastOrder.NONE, Activity.NONE, TakeBackBackoff.NONE);
    }

    public Owner owner() {
        return ownership.owner();
    }

    public String ownerAppId() {
        return ownership.appId();
    }

    public long epoch() {
        return ownership.epoch();
    }

    public Instant ownerSince() {
        return ownership.since();
    }

    public Instant lastTransitionEventAt() {
        return ownership.lastTransitionEventAt();
    }

    public String lastOrderId() {
        return lastOrder.decisionId();
    }

    public boolean lastOrderReported() {
        return lastOrder.reported();
    }

    public Instant lastUserActivityAt() {
        return activity.userAt();
    }

    public Instant lastAgentActivityAt() {
        return activity.agentAt();
    }

    /** The cause of the latest change of owner; {@code null} if not known. */
    public String ownerCause() {
        return ownership.cause();
    }

    /** A new owner: epoch + 1; the question, a pending pass and the idle timer's backoff were the old owner's. */
    ConversationState withOwner(Owner newOwner, String appId, Instant since, Instant eventAt, String cause) {
        Ownership next = new Ownership(newOwner, appId, ownership.epoch() + 1, since,
                latest(ownership.lastTransitionEventAt(), eventAt), cause);
        return new ConversationState(pageId, psid, next, false, null, lastOrder, activity, TakeBackBackoff.NONE);
    }

    ConversationState withQuestionPending(boolean pending) {
        return new ConversationState(pageId, psid, ownership, pending, pendingPass, lastOrder, activity, takeBack);
    }

    /** A copy with {@code pass} pending (or none), for the service that claims and retries it. */
    public ConversationState withPendingPass(PendingPass pass) {
        return new ConversationState(pageId, psid, ownership, questionPending && pass == null, pass, lastOrder,
                activity, takeBack);
    }

    ConversationState withUserActivity(Instant at) {
        return withActivity(new Activity(latest(activity.userAt(), at), activity.agentAt()));
    }

    ConversationState withAgentActivity(Instant at) {
        return withActivity(new Activity(activity.userAt(), latest(activity.agentAt(), at)));
    }

    private ConversationState withActivity(Activity next) {
        return new ConversationState(pageId, psid, ownership, questionPending, pendingPass, lastOrder, next,
                takeBack);
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
        return new ConversationState(pageId, psid, ownership, questionPending, pendingPass,
                new LastOrder(decisionId, false), activity, takeBack);
    }

    /**
     * A copy whose latest change of owner is known to have happened at Meta no earlier than {@code at}: the moment one
     * of our own thread-control calls that succeeded was made. Signals that happened before it are already reflected
     * in the owner and count as stale; only the watermark moves, the owner's history keeps the cause's time.
     */
    ConversationState withControlSettledAt(Instant at) {
        Ownership next = new Ownership(ownership.owner(), ownership.appId(), ownership.epoch(), ownership.since(),
                latest(ownership.lastTransitionEventAt(), at), ownership.cause());
        return new ConversationState(pageId, psid, next, questionPending, pendingPass, lastOrder, activity, takeBack);
    }

    /** A copy where the last order is reported, if {@code decisionId} is it; otherwise this (an older order's news). */
    ConversationState withReported(String decisionId) {
        if (lastOrder.reported() || lastOrder.decisionId() == null || !lastOrder.decisionId().equals(decisionId)) {
            return this;
        }
        return new ConversationState(pageId, psid, ownership, questionPending, pendingPass,
                new LastOrder(lastOrder.decisionId(), true), activity, takeBack);
    }

    /** A copy whose idle timer waits as {@code backoff} says. */
    ConversationState withTakeBack(TakeBackBackoff backoff) {
        return new ConversationState(pageId, psid, ownership, questionPending, pendingPass, lastOrder, activity,
                backoff);
    }

    /**
     * The order the bot decided and bot-service has not reported yet, or {@code null}. Orders of a conversation are
     * handled in order, so when the last one is reported, every earlier one was handled too.
     */
    public String outstandingOrderId() {
        return lastOrder.decisionId() != null && !lastOrder.reported() ? lastOrder.decisionId() : null;
    }

    /** The latest sign of life in the conversation (the user's or the agent's), as the settings page shows it. */
    public Instant lastActivity() {
        return latest(latest(activity.userAt(), activity.agentAt()), ownership.since());
    }

    /**
     * The agent's latest sign of life, for the idle timeout: the agent's latest message, or when the agent got the
     * thread. The user's messages do not count: a user writing "hello?" to an agent who never answers does not keep
     * the conversation with that agent.
     */
    public Instant lastAgentActivity() {
        return latest(activity.agentAt(), ownership.since());
    }

    /**
     * Whether the agent said anything since getting the thread (an agent message at or after {@link #ownerSince()},
     * Meta's timestamps both).
     */
    public boolean agentSpokeSinceOwnerChange() {
        return activity.agentAt() != null
                && (ownership.since() == null || !activity.agentAt().isBefore(ownership.since()));
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
