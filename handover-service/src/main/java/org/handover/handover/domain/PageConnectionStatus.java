package org.handover.handover.domain;

import java.time.Instant;

/**
 * A page's connection as the admin API and the settings page show it: where its token comes from and whether Meta
 * rejected it. Never holds a token.
 *
 * @param pageId            the page
 * @param source            where the token the services use comes from
 * @param connectedAt       when the connected token was connected (or last rotated); null unless {@code CONNECTED}
 * @param connectedBy       who connected it (an account, or {@code operator}); null unless {@code CONNECTED}
 * @param keyId             the id of the key that encrypts the connected token; null unless {@code CONNECTED}
 * @param environmentToken  whether the environment has a token for the page too (a connected token wins over it)
 * @param needsReconnecting whether Meta rejected the token in use (190/102): nothing is sent with it any more
 * @param rejectedAt        when Meta rejected it; null unless {@code needsReconnecting}
 * @param rejectedDetail    Meta's code and message; null unless {@code needsReconnecting}
 */
public record PageConnectionStatus(String pageId, Source source, Instant connectedAt, String connectedBy, String keyId,
        boolean environmentToken, boolean needsReconnecting, Instant rejectedAt, String rejectedDetail) {

    /** Where a page's token comes from. */
    public enum Source {
        /** Connected through the admin API or the settings page (stored encrypted). */
        CONNECTED,
        /** {@code MESSENGER_PAGE_TOKENS_<PAGEID>}. */
        ENVIRONMENT,
        /** No token: nothing is called or sent for the page. */
        NONE
    }
}
