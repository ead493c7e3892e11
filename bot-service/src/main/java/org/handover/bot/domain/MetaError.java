package org.handover.bot.domain;

import org.handover.contracts.OutboundReasons;
import org.handover.service.support.meta.MetaErrorKind;
import org.handover.service.support.meta.MetaErrors;

/**
 * What a Send API error means for bot-service: the shared classification of Meta's errors
 * ({@link MetaErrors#classify}) reduced to the outcomes bot-service reports, with one distinction the shared one
 * does not make: whether the failure says the message was <em>not</em> sent. Meta's error body with a code it names
 * (1, 2, 1200, the rate limits...) is Meta refusing the call; an HTTP 5xx or 408 without such a code (a proxy, a
 * gateway timeout, an unknown code under a server error) and a transport failure after the request may have been
 * written say nothing about it: {@link #AMBIGUOUS}, because Meta may have accepted the message. Plain Java,
 * unit-tested.
 */
public enum MetaError {
    /** 4, 17, 32, 341, 613: the app, user or page is rate limited; back off and retry. */
    RATE_LIMITED(true, OutboundReasons.RATE_LIMITED),
    /**
     * 1, 2, 1200 (Meta's "wait and retry"), HTTP 429 without a code Meta names, or a connection that could not be
     * made (refused, connect timeout, unknown host): the message was not sent; retry.
     */
    TEMPORARY(true, OutboundReasons.TEMPORARY_FAILURE),
    /**
     * HTTP 5xx or 408 without a code Meta names, a read timeout, a connection reset or closed once the request may
     * have been written: Meta may have accepted the message. Reported {@code outcome_unknown}; retried only when
     * {@code bot.send.retry-ambiguous} is on ({@link #retryable()} is false: the caller decides).
     */
    AMBIGUOUS(false, OutboundReasons.OUTCOME_UNKNOWN),
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

    /** Whether the same call may succeed later, and repeating it cannot deliver the message twice. */
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
        MetaError error = of(MetaErrors.classify(httpStatus, code, subcode));
        if (error == TEMPORARY && !namedByMeta(code) && (httpStatus >= 500 || httpStatus == 408)) {
            // Meta's own classification is missing: a server error or a timeout may come after Meta took the message.
            return AMBIGUOUS;
        }
        return error;
    }

    /** Whether Meta's body named a code that says "not done, wait and retry" ({@link MetaErrors#TEMPORARY_CODES}). */
    private static boolean namedByMeta(Integer code) {
        return code != null && MetaErrors.TEMPORARY_CODES.contains(code);
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
