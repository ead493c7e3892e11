package org.handover.handover.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Bulletins' delivery timer ({@code bulletin.*}). */
@ConfigMapping(prefix = "bulletin")
public interface BulletinConfig {

    /** How often every replica looks for due bulletins and for recipients that can move (held ones included). */
    @WithDefault("1s")
    Duration tick();

    /**
     * Recipients decided per transaction: each locks its conversation until the batch commits, so a batch holds up
     * that many conversations' events for its duration (a few milliseconds per recipient).
     */
    @WithDefault("100")
    int batch();

    /** Batches one tick works at most per page; what is left waits for the next tick. */
    @WithDefault("50")
    int batchesPerTick();

    /**
     * Copies of a page's bulletins ordered per second at most, by all replicas together ({@code bulletin_page_pace}):
     * what bot-service sends of them within Meta's budget of about 300 Send API calls a second per page. Keep it
     * below bot-service's {@code bot.send.rate-limit-per-second} times its replicas, with room for the page's
     * replies: copies ordered faster than bot-service sends them wait in its rate limiter, and the tail of a large
     * bulletin would outlive {@code bot.send.max-order-age} and be refused {@code expired}.
     */
    @WithDefault("200")
    int ratePerPage();

    /** Conversations whose outbox is published at once after a batch (the relay's flush, one per conversation). */
    @WithDefault("8")
    int flushConcurrency();

    /** How long a tagged bulletin waits for the bot to own a held thread again before it is dropped. */
    @WithDefault("P7D")
    Duration maxHold();
}
