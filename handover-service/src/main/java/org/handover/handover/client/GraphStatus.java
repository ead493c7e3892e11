package org.handover.handover.client;

/**
 * What a Graph API call came to, in the terms the state machine and the admin API decide on. Meta's own code,
 * subcode and message travel beside it in {@link GraphError}.
 */
public enum GraphStatus {
    /** Meta did it (or answered the query). */
    OK,
    /** Code 10 / subcode 2018300: another app controls this thread. An ownership signal, not a fault. */
    OWNED_BY_ANOTHER_APP,
    /** Code 551: the person is not available (blocked the page, deleted the account...). */
    PERSON_UNAVAILABLE,
    /**
     * Code 100 (or 368...), or any other code the shared classification does not name with an HTTP status below 500
     * (and not 408/429): Meta refused the request as made; sending it again will not help.
     */
    INVALID,
    /** Codes 190 and 102: the page access token is invalid or expired. */
    BAD_TOKEN,
    /**
     * Code 200 (and 201-299), code 3 (a missing capability), or code 10 with a subcode other than 2018300: the app
     * lacks a permission or role.
     */
    NO_PERMISSION,
    /** No page access token is configured for the page: nothing was sent to Meta. */
    NO_TOKEN,
    /**
     * Meta or the network failed in a way that may pass (codes 1, 2, 1200, the rate limits 4, 17, 32, 341, 613, HTTP
     * 408/429/5xx without a code Meta names, timeouts, connection errors) and the bounded retries ran out.
     */
    UNAVAILABLE
}
