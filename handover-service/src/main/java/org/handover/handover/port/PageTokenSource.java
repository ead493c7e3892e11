package org.handover.handover.port;

import java.util.Optional;

/**
 * Where the Graph API client finds a page's access token, and whom it tells that Meta rejected one (190/102). Plain
 * Java; implemented by {@code service.PageTokens} (a connected token wins over the environment's).
 */
public interface PageTokenSource {

    /** The access token to call Meta with for {@code pageId}, if the page has one. Never logged. */
    Optional<String> token(String pageId);

    /**
     * Meta answered 190/102 to a call made with {@code token} for {@code pageId}: the page needs reconnecting.
     * {@code detail} is Meta's code and message (no token). Never throws.
     */
    void rejected(String pageId, String token, String detail);
}
