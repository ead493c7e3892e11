package org.handover.bot.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Map;
import java.util.Optional;

/**
 * The Messenger settings shared by the services ({@code messenger.*}). Page access tokens are secrets: they come
 * from the environment ({@code MESSENGER_PAGE_TOKENS_<PAGEID>}), are never logged and never appear in exceptions.
 */
@ConfigMapping(prefix = "messenger")
public interface MessengerConfig {

    /** Our (bot) app id ({@code MESSENGER_APP_ID}); informative here. */
    Optional<String> appId();

    /** Page access token per page id: {@code messenger.page-tokens."<pageId>"}. */
    Map<String, String> pageTokens();

    /** The Graph API. */
    Graph graph();

    /** Where the Graph API is. */
    interface Graph {

        /** Base URL of the Graph API, version included; the emulator or WireMock stands in locally. */
        @WithDefault("https://graph.facebook.com/v23.0")
        String baseUrl();
    }
}
