package org.handover.contracts;

/** What routing-service made of a raw Messenger event. */
public enum EventClass {
    /** A quick-reply or postback payload the bot offered, or typed text equal to one of the page's guided options. */
    GUIDED,
    /** Any other text the user typed, and attachments. */
    FREE_TEXT,
    /** {@code pass_thread_control}, {@code take_thread_control}, {@code request_thread_control}, {@code app_roles}. */
    HANDOVER_SIGNAL,
    /** Anything that arrived in {@code standby[]}: the bot does not own the thread. */
    STANDBY,
    /** An echo of a message sent by another app, for example an agent writing from the Page Inbox. */
    AGENT_ACTIVITY,
    /** Delivery and read receipts, the bot's own echoes: counted, never an error. */
    NOISE,
    /** A kind of event this code does not know; counted, passed on, never silently lost. */
    UNKNOWN
}
