package org.handover.bot.domain;

import org.handover.contracts.OutboundReasons;
import org.handover.service.support.meta.MetaErrorKind;
import org.handover.service.support.meta.MetaErrors;

/**
 * What a Send API error means for bot-service: the shared classification of Meta's errors
 * ({@link MetaErrors#classify}) reduced to the outcomes bot-service reports. Plain Java, unit-tested.
 */
public enum MetaError {
    /** 4, 17, 32, 341, 613: the app, user or page is rate limited; back off and retry. */
    RATE_LIMITED(true, OutboundReasons.RATE_LIMITED),
    /** 1, 2, 1200, HTTP 408/429/5xx without a code Meta names, a timeout or a network failure; retry. */
    TEMPORARY(true, OutboundReasons.TEMPORARY_FAILURE),
    /** 10 / 2018300: another app controls the thread; an ownership signal for handover-service, never retried. */
    THREAD_OWNED_BY_ANOTHER_APP(false, OutboundReasons.THREAD_OWNED_BY_ANOTHER_APP),
    /** 10 / 2018278: Meta says the message is outside the 24-hour window; never retried. */
    OUTSIDE_WINDOW(false, OutboundReasons.OUTSIDE_WINDOW),
    /** Anything else (551, 100, 190, 102, 3, 200-299, other 10s, unknown codes): refused for good; never retried. */
    REJECTED(false, OutboundReasons.REJECTED_BY_META);

    /** Meta's code: the call failed for permissions, with a subcode that says which. */
    public static final int PERMISSION_CODE = MetaErrors.PERMISSION_CODE;
    /** Subcode of 10: another app is controlling this thread. */
    public static final int THREAD_OWNED_SUBCODE = MetaErrors.THREAD_OWNED_SUBCODE;
    /** Subcode of 10: the message is sent outside the allowed window. */
    public static final int OUTSIDE_WINDOW_SUBCODE = MetaErrors.OUTSIDE_WINDOW_SUBCODE;

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
        return of(MetaErrors.classify(httpStatus, code, subcode));
    }

    /** The outcome of a kind: bot-service reports every refusal that is not about ownership or the window alike. */
    public static MetaError of(MetaErrorKind kind) {
        return switch (kind) {
            case RATE_LIMITED -> RATE_LIMITED;
            case TEMPORARY -> TEMPORARY;
            case THREAD_OWNED_BY_ANOTHER_APP -> THREAD_OWNED_BY_ANOTHER_APP;
            case OUTSIDE_WINDOW -> OUTSIDE_WINDOW;
            case PERSON_UNAVAILABLE, BAD_TOKEN, NO_PERMISSION, INVALID -> REJECTED;
        };
    }
}
