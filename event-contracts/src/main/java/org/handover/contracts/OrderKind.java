package org.handover.contracts;

/** What handover-service orders bot-service to send. */
public enum OrderKind {
    /** Answer a guided message from the page's catalog ({@link ReplyOrder#guidedPayload()}). */
    ANSWER_GUIDED,
    /** The bot's fallback answer to free text when handover is not activated. */
    FALLBACK,
    /** Ask the "Change to agent" question, with accept and reject quick replies. */
    ASK_HANDOVER,
    /** Confirm the handover; sent before control is passed to the agent. */
    CONFIRM_HANDOVER,
    /** The user rejected the handover: the bot carries on. */
    STAY_WITH_BOT,
    /** The agent is done and control is back with the bot. */
    BOT_IS_BACK,
    /**
     * One recipient's copy of a page's bulletin ({@link ReplyOrder#text()}, {@link ReplyOrder#quickReplies()},
     * {@link ReplyOrder#bulletinId()}, {@link ReplyOrder#tag()}); decided only while the bot owns the thread.
     */
    BULLETIN
}
