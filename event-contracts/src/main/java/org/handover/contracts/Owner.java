package org.handover.contracts;

/** Who holds a conversation's thread, as handover-service knows it. */
public enum Owner {
    /** Our app: the bot may answer. */
    BOT,
    /** Another app, the Page Inbox or a customer-service app: the bot stays silent. */
    AGENT,
    /** Nobody: a new thread, or one idle for 24 h. */
    IDLE
}
