package org.handover.bot.port;

import java.util.Optional;

/**
 * A page's access token for the Send API, and whether it may be used. Plain Java; implemented by
 * {@code service.PageTokenStore} (a token connected through handover-service wins over the environment's).
 */
public interface PageTokenLookup {

    /** The token to send with for {@code pageId}, if the page has one. Never logged. */
    Optional<String> token(String pageId);

    /**
     * Why nothing may be sent for {@code pageId} ({@code no_page_token}, {@code page_token_rejected}); empty when a
     * token may be used.
     */
    Optional<String> refusal(String pageId);

    /** Meta answered 190/102 to a send made with {@code token}: nothing more is sent with it. Never throws. */
    void rejected(String pageId, String token);
}
