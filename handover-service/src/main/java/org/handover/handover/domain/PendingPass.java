package org.handover.handover.domain;

import java.time.Instant;

/**
 * A handover the user accepted and that waits for its confirmation to be sent: control passes to {@code targetAppId}
 * when bot-service reports {@code confirmationDecisionId} done, or at {@code deadline}, whichever comes first.
 *
 * @param confirmationDecisionId the order that confirms the handover to the user
 * @param targetAppId            the app that gets the conversation
 * @param deadline               when to pass control even without news of the confirmation
 * @param claimedUntil           a replica is calling {@code pass_thread_control} until then; {@code null} if none
 * @param attempts               how many calls failed for a temporary reason
 * @param causeEventId           the user's "yes"
 * @param causeOccurredAt        Meta's timestamp of the user's "yes"
 */
public record PendingPass(
        String confirmationDecisionId,
        String targetAppId,
        Instant deadline,
        Instant claimedUntil,
        int attempts,
        String causeEventId,
        Instant causeOccurredAt) {

    /** Whether another call may start at {@code now}. */
    public boolean claimable(Instant now) {
        return claimedUntil == null || !claimedUntil.isAfter(now);
    }

    public PendingPass claimed(Instant until) {
        return new PendingPass(confirmationDecisionId, targetAppId, deadline, until, attempts, causeEventId,
                causeOccurredAt);
    }

    public PendingPass retryAt(Instant next) {
        return new PendingPass(confirmationDecisionId, targetAppId, next, null, attempts + 1, causeEventId,
                causeOccurredAt);
    }
}
