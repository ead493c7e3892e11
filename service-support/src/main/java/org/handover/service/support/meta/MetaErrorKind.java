package org.handover.service.support.meta;

/**
 * What an error answer of Meta's Graph API (Send API and thread control alike) means, decided once for every service
 * by {@link MetaErrors#classify(int, Integer, Integer)}. Each service maps a kind to its own outcome (bot-service's
 * {@code MetaError}, handover-service's {@code GraphStatus}).
 */
public enum MetaErrorKind {
    /** Meta throttles the app, the user or the page: back off and retry. */
    RATE_LIMITED(true),
    /** Meta or something in front of it failed in a way that may pass: retry. */
    TEMPORARY(true),
    /** Another app controls the thread: an ownership signal, not a fault; never retried. */
    THREAD_OWNED_BY_ANOTHER_APP(false),
    /** The message is outside the window Meta allows for it; never retried. */
    OUTSIDE_WINDOW(false),
    /** The person cannot be reached (blocked the page, deleted the account...); never retried. */
    PERSON_UNAVAILABLE(false),
    /** The page access token is invalid or expired; never retried. */
    BAD_TOKEN(false),
    /** The app lacks a permission, feature or role for this call; never retried. */
    NO_PERMISSION(false),
    /** Meta refused the request as made (invalid parameter, a code the classification does not name); not retried. */
    INVALID(false);

    private final boolean retryable;

    MetaErrorKind(boolean retryable) {
        this.retryable = retryable;
    }

    /** Whether the same call may succeed later. */
    public boolean retryable() {
        return retryable;
    }
}
