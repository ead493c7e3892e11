package org.handover.handover.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * A change of owner we decided and are to carry out, persisted with the conversation so that a crash or a failed
 * call leaves it to be carried out later: a {@code pass_thread_control} to an agent's app, or a
 * {@code take_thread_control} that gives the thread back to the bot (target: our own app).
 *
 * <p>A pass to an agent is held back until the bot has said its last word: control passes to {@code targetAppId} when
 * bot-service reports {@code awaitedDecisionId} done (sent, refused or failed), or at {@code deadline}, whichever comes
 * first. Passing earlier would make bot-service send to a thread the bot no longer owns, which Meta refuses
 * (10/2018300). Two reasons lead here: the user accepted the handover (the awaited order is the confirmation), or the
 * page honours another app's {@code request_thread_control} (the awaited order is the last one decided, none when
 * nothing is in flight). bot-service handles a conversation's orders in order, so the report of the last one means
 * every earlier one was handled too.
 *
 * <p>A take-back (the page's idle timeout, an agent's no-show, or the page admin's "Give back to the bot") awaits
 * nothing: due at once.
 *
 * @param awaitedDecisionId the order whose report releases the pass; {@code null} when nothing is awaited (an inbox
 *                          request with no order of the bot in flight): due at {@code deadline}, at once
 * @param targetAppId       the app that gets the conversation
 * @param deadline          when to pass control even without news of the awaited order
 * @param claimedUntil      a replica is calling {@code pass_thread_control} until then; {@code null} if none
 * @param attempts          how many calls failed for a temporary reason
 * @param causeEventId      the user's "yes", the other app's request, or for a take-back
 *                          {@code idle:<page>:<psid>:<epoch>} / {@code no-show:<page>:<psid>:<epoch>} /
 *                          {@code admin:<page>:<psid>:<epoch>}
 * @param causeOccurredAt   Meta's timestamp of that event (a take-back: the last activity, or the admin's moment)
 * @param reason            why control passes: it names the cause of the change of owner
 */
public record PendingPass(
        String awaitedDecisionId,
        String targetAppId,
        Instant deadline,
        Instant claimedUntil,
        int attempts,
        String causeEventId,
        Instant causeOccurredAt,
        Reason reason) {

    /** Why control is to pass. */
    public enum Reason {
        /** The user tapped "yes" on the "Change to agent" question: cause {@code user_accepted}. */
        ACCEPTED("user_accepted"),
        /** Another app (the Page Inbox) sent {@code request_thread_control}: cause {@code inbox_request}. */
        INBOX_REQUEST("inbox_request"),
        /** The page's idle timeout expired while an agent held the thread: a take-back, cause {@code idle_timeout}. */
        IDLE_TIMEOUT("idle_timeout"),
        /** The page admin gave the conversation back to the bot: a take-back, cause {@code admin_give_back}. */
        ADMIN_GIVE_BACK("admin_give_back"),
        /**
         * No word of the agent followed a pass the user accepted within the page's no-show wait: a take-back, cause
         * {@code no_show}; the user is told with the page's no-show text.
         */
        NO_SHOW("no_show");

        private final String cause;

        Reason(String cause) {
            this.cause = cause;
        }

        /** The transition cause recorded when the pass succeeds. */
        public String cause() {
            return cause;
        }

        /** Whether this is a {@code take_thread_control} back to the bot rather than a pass to an agent. */
        public boolean takesBack() {
            return this == IDLE_TIMEOUT || this == ADMIN_GIVE_BACK || this == NO_SHOW;
        }
    }

    public PendingPass {
        Objects.requireNonNull(targetAppId, "targetAppId");
        Objects.requireNonNull(reason, "reason");
    }

    /** Whether this gives the thread back to the bot ({@code take_thread_control}). */
    public boolean takesBack() {
        return reason.takesBack();
    }

    /** Whether another call may start at {@code now}. */
    public boolean claimable(Instant now) {
        return claimedUntil == null || !claimedUntil.isAfter(now);
    }

    /** The pass held by one replica's call until {@code until}. */
    public PendingPass claimed(Instant until) {
        return new PendingPass(awaitedDecisionId, targetAppId, deadline, until, attempts, causeEventId,
                causeOccurredAt, reason);
    }

    /** The pass after one more failed call, due again at {@code next}; decided by the state machine. */
    PendingPass retryAt(Instant next) {
        return new PendingPass(awaitedDecisionId, targetAppId, next, null, attempts + 1, causeEventId,
                causeOccurredAt, reason);
    }
}
