package org.handover.contracts;

/**
 * Who holds a conversation's thread, as handover-service knows it. A conversation nobody has seen before is owned by
 * the {@link #BOT} at epoch 0: our app is the primary receiver (or the default app), so it gets the first messages.
 */
public enum Owner {
    /** Our app: the bot may answer. */
    BOT,
    /** Another app, the Page Inbox or a customer-service app: the bot stays silent. */
    AGENT,
    /** Nobody: a new thread, or one idle for 24 h. */
    IDLE
}
