package org.handover.bot.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** bot-service's own settings ({@code bot.*}). */
@ConfigMapping(prefix = "bot")
public interface BotConfig {

    /**
     * Shadow mode ({@code BOT_SHADOW_MODE}): every order is checked and rendered as usual, then recorded as refused
     * with reason {@code shadow}; the Send API is never called, and orders are judged at their {@code decidedAt}.
     * Used to replay a slice of traffic safely. Read only by {@link RunModeProducer}, which chooses the Send port
     * once, at start.
     */
    @WithDefault("false")
    boolean shadowMode();

    /** The Send API calls. */
    Send send();

    /** Where the catalogs that seed the database come from. */
    Catalog catalog();

    /** Limits of the Send API calls. */
    interface Send {

        /** Send API calls per second and page; Meta allows about 300 for text. */
        @WithDefault("250")
        int rateLimitPerSecond();

        /** Retries after the first attempt, for retryable failures only (2, 1200, 4, 613, timeouts, network). */
        @WithDefault("3")
        int maxRetries();

        /** Delay before the first retry; doubled at each further one. */
        @WithDefault("200ms")
        Duration initialBackoff();

        /** Longest delay between two attempts. */
        @WithDefault("5s")
        Duration maxBackoff();

        /** Connect timeout of a Send API call, in milliseconds (feeds {@code quarkus.rest-client.send-api.*}). */
        @WithDefault("2000")
        long connectTimeoutMs();

        /** Read timeout of a Send API call, in milliseconds (feeds {@code quarkus.rest-client.send-api.*}). */
        @WithDefault("10000")
        long readTimeoutMs();
    }

    /** Catalog seed. */
    interface Catalog {

        /**
         * A directory of catalog files ({@code *.json}, one page each). Without it, the catalogs shipped on the
         * classpath ({@code catalogs/}) are used. Files only seed pages the database does not know yet.
         */
        Optional<String> dir();
    }
}
