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

        /**
         * Send API calls per second and page, <em>per replica</em>: each replica limits its own calls, so set it to
         * Meta's per-page budget (about 300 calls/s for text) divided by the replicas, less some headroom. A call over
         * the limit waits for a permit ({@link #rateLimitMaxWait()}); other pages are not slowed.
         */
        @WithDefault("250")
        int rateLimitPerSecond();

        /**
         * The longest an attempt waits for a permit of its page's rate limit; an attempt that would wait longer is not
         * made and counts as rate limited (retried with the backoff). Far above what the consumer's concurrency can
         * queue behind a permit (concurrent conversations / rate).
         */
        @WithDefault("5s")
        Duration rateLimitMaxWait();

        /**
         * Retry the ambiguous failures too ({@code BOT_SEND_RETRY_AMBIGUOUS}): a read timeout, a connection reset
         * after the request was written, HTTP 5xx or 408 without a code Meta names. Meta may have accepted such a
         * message, so retrying it trades "at most once" for "at least once where a retry gets through": a user may get
         * it twice. Off by default: such a send is reported {@code outcome_unknown} and not repeated.
         */
        @WithDefault("false")
        boolean retryAmbiguous();

        /**
         * Retries after the first attempt, for retryable failures only (1, 2, 1200, the rate limits, 429, connection
         * not made; the ambiguous ones only with {@link #retryAmbiguous()}).
         */
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

        /**
         * Connections the Send API client may hold open (feeds {@code quarkus.rest-client.send-api.*}): at least the
         * conversations the consumer handles at once, so that no call waits for another one's connection.
         */
        @WithDefault("256")
        int connectionPoolSize();

        /**
         * How much longer than the longest possible send ({@code SendApiClient.worstCase()}: every attempt's permit
         * wait and timeouts plus the backoffs) an in-flight send's lease lasts. A redelivered order finds its send
         * leased and waits; only once the lease expired is the send declared lost ({@code outcome_unknown}).
         */
        @WithDefault("5s")
        Duration leaseMargin();

        /**
         * {@code BOT_SEND_MAX_ORDER_AGE}: an order decided longer ago than this ({@code decidedAt}, handover-service's
         * clock) is not sent, refused {@code expired}. It is the fence behind handover-service's drain before pass:
         * handover-service passes control without news of the bot's last order only after
         * {@code handover.confirmation-bound}, which is longer than this plus the lease, so that no order decided
         * before a pass can reach the Send API after it (the README's "Orders that come too late").
         */
        @WithDefault("2m")
        Duration maxOrderAge();
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
