package org.handover.handover.domain.bulletin;

/** Where one recipient's copy of a bulletin is. */
public enum RecipientState {
    /** Chosen when the bulletin started, not decided yet. */
    PENDING,
    /** Waiting: an agent holds the thread, or a handover is pending; decided again when the bot owns it. */
    HELD,
    /** Ordered on the decision stream under the conversation's epoch; bot-service has not reported it yet. */
    QUEUED,
    /** bot-service sent it (Meta accepted it). */
    SENT,
    /** Not sent, for a reason that is not a failure (outside the window, window closed, cancelled, ...). */
    DROPPED,
    /** bot-service could not send it (Meta refused it, retries exhausted, outcome unknown: never sent again). */
    FAILED;

    /** Whether the recipient is still waiting to be ordered. */
    public boolean open() {
        return this == PENDING || this == HELD;
    }
}
