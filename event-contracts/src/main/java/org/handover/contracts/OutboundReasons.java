package org.handover.contracts;

/**
 * The short codes of {@link OutboundResult#reason()}: why bot-service did not send an order, or why sending failed.
 * Codes are stable strings because engineers grep for them in replayed topics and dashboards.
 */
public final class OutboundReasons {

    /** Refused: the conversation's current owner is not the bot. */
    public static final String NOT_OWNER = "not_owner";
    /** Refused: the order was decided under an epoch that is no longer the conversation's current one. */
    public static final String STALE_EPOCH = "stale_epoch";
    /** Refused: this decision id was already handled; nothing is sent twice. */
    public static final String DUPLICATE = "duplicate";
    /** Refused: more than 24 h since the user's last message; automated messages are not allowed. */
    public static final String OUTSIDE_WINDOW = "outside_window";
    /** Refused: shadow mode records what would have been sent and never calls the Send API. */
    public static final String SHADOW = "shadow";
    /** Refused: no page access token is configured for the page. */
    public static final String NO_PAGE_TOKEN = "no_page_token";
    /**
     * Refused: Meta rejected the page's access token (190/102): the page needs reconnecting with a new token, and no
     * order is sent with the rejected one.
     */
    public static final String PAGE_TOKEN_REJECTED = "page_token_rejected";
    /** Failed: Send API error 10 / 2018300, another app controls the thread (an ownership signal). */
    public static final String THREAD_OWNED_BY_ANOTHER_APP = "thread_owned_by_another_app";
    /** Failed: Meta rate-limited the page (4, 613) and retries were exhausted. */
    public static final String RATE_LIMITED = "rate_limited";
    /** Failed: a temporary Meta error (1, 2, 1200), a 429 or a connection never made, and retries were exhausted. */
    public static final String TEMPORARY_FAILURE = "temporary_failure";
    /** Failed: Meta refused the message for good (551, 100, 190, 200, 10 outside the window, ...). */
    public static final String REJECTED_BY_META = "rejected_by_meta";
    /**
     * Failed: whether Meta got the message is unknown (the sending process stopped or stalled past its lease between
     * the call and its record, or the call failed ambiguously: a read timeout, a reset, a 5xx without Meta's code);
     * not sent again.
     */
    public static final String OUTCOME_UNKNOWN = "outcome_unknown";

    private OutboundReasons() {
    }
}
