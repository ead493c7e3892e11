package org.handover.bot.domain;

import org.handover.contracts.OutboundReasons;

/**
 * What a Send API error means for bot-service, from Meta's error code and subcode (and the HTTP status when Meta's
 * body is missing). Plain Java, unit-tested.
 */
public enum MetaError {
    /** 4, 613: the page is rate limited; back off and retry. */
    RATE_LIMITED(true, OutboundReasons.RATE_LIMITED),
    /** 2, 1200, a 5xx without Meta's error body, a timeout or a network failure; retry. */
    TEMPORARY(true, OutboundReasons.TEMPORARY_FAILURE),
    /** 10 / 2018300: another app controls the thread; an ownership signal for handover-service, never retried. */
    THREAD_OWNED_BY_ANOTHER_APP(false, OutboundReasons.THREAD_OWNED_BY_ANOTHER_APP),
    /** 10 / 2018278: Meta says the message is outside the 24-hour window; never retried. */
    OUTSIDE_WINDOW(false, OutboundReasons.OUTSIDE_WINDOW),
    /** Anything else (551, 100, 190, 200, other 10s, unknown codes): refused for good; never retried. */
    REJECTED(false, OutboundReasons.REJECTED_BY_META);

    /** Meta's code: the call failed for permissions, with a subcode that says which. */
    public static final int PERMISSION_CODE = 10;
    /** Subcode of 10: another app is controlling this thread. */
    public static final int THREAD_OWNED_SUBCODE = 2018300;
    /** Subcode of 10: the message is sent outside the allowed window. */
    public static final int OUTSIDE_WINDOW_SUBCODE = 2018278;

    private final boolean retryable;
    private final String reason;

    MetaError(boolean retryable, String reason) {
        this.retryable = retryable;
        this.reason = reason;
    }

    /** Whether the same call may succeed later. */
    public boolean retryable() {
        return retryable;
    }

    /** The {@link org.handover.contracts.OutboundResult#reason()} when it is the final outcome. */
    public String reason() {
        return reason;
    }

    /**
     * Classifies an error answer of the Send API.
     *
     * @param httpStatus the HTTP status
     * @param code       Meta's {@code error.code}, {@code null} when the body had none
     * @param subcode    Meta's {@code error.error_subcode}, {@code null} when absent
     */
    public static MetaError classify(int httpStatus, Integer code, Integer subcode) {
        if (code == null) {
            // No Meta error body: a proxy or an outage answered. Server-side trouble is worth retrying.
            return httpStatus >= 500 || httpStatus == 429 ? TEMPORARY : REJECTED;
        }
        return switch (code) {
            case 4, 613 -> RATE_LIMITED;
            case 2, 1200 -> TEMPORARY;
            case PERMISSION_CODE -> {
                if (subcode != null && subcode == THREAD_OWNED_SUBCODE) {
                    yield THREAD_OWNED_BY_ANOTHER_APP;
                }
                if (subcode != null && subcode == OUTSIDE_WINDOW_SUBCODE) {
                    yield OUTSIDE_WINDOW;
                }
                yield REJECTED;
            }
            default -> REJECTED;
        };
    }
}
