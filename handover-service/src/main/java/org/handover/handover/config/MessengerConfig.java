package org.handover.handover.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The Messenger Platform settings shared by every service that talks to Meta, under the prefix {@code messenger}.
 *
 * <p>Page access tokens follow the project convention: {@code messenger.page-tokens."<pageId>"}, in production the
 * environment variable {@code MESSENGER_PAGE_TOKENS_<PAGEID>}. They are secrets: never logged, never put in an
 * exception message.
 */
@ConfigMapping(prefix = "messenger")
public interface MessengerConfig {

    /** Our (bot) app's id ({@code MESSENGER_APP_ID}). */
    String appId();

    /** Page access token per page id; a page without one is refused without calling Meta. */
    Map<String, String> pageTokens();

    /** The Graph API. */
    Graph graph();

    /** The page access token of {@code pageId}, if one is configured and not blank. */
    default Optional<String> pageToken(String pageId) {
        if (pageId == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(pageTokens().get(pageId)).filter(token -> !token.isBlank());
    }

    /** Where and how the Graph API is called. Timeouts are the REST client's own (quarkus.rest-client.graph-api.*). */
    interface Graph {

        /** Base URL including the version, e.g. {@code https://graph.facebook.com/v23.0}. */
        String baseUrl();

        /** Retries of transient failures (codes 2, 4, 613, 1200, HTTP 5xx/429, timeouts, network errors). */
        Retry retry();
    }

    /** Exponential backoff, bounded both in attempts and in time. */
    interface Retry {

        /** Attempts in all, the first included; 1 disables retries. */
        @WithDefault("3")
        int maxAttempts();

        /** Delay before the first retry; doubled for each further one. */
        @WithDefault("PT0.2S")
        Duration initialDelay();

        /** Upper bound of one delay. */
        @WithDefault("PT2S")
        Duration maxDelay();

        /**
         * No retry starts after this much time since the first attempt. With the default read timeout (4 s) a call
         * never takes much more than this plus one read timeout, i.e. under 10 s.
         */
        @WithDefault("PT5S")
        Duration maxDuration();
    }
}
