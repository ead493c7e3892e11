package org.handover.handover.port;

/**
 * What Meta's answers say about a page's setup, as the Graph API port sees them go by: told to the service that keeps
 * each page's run-time findings ({@code service.PageHealthService}). Plain Java; never throws.
 */
public interface PageSignals {

    /** Nobody listens (tests, shadow mode). */
    PageSignals NONE = new PageSignals() {
    };

    /**
     * Meta refused {@code take_thread_control} with a permission error: only the default app (Primary Receiver) may
     * take, so our app is not it. {@code detail} is Meta's message, scrubbed of tokens.
     */
    default void takeRefused(String pageId, String detail) {
    }

    /** Meta answered "Handover Protocol APIs disabled for this page" to {@code operation}. */
    default void handoverApisDisabled(String pageId, String operation) {
    }

    /** Our {@code take_thread_control} succeeded: our app is the page's default app (Primary Receiver). */
    default void tookBack(String pageId) {
    }
}
