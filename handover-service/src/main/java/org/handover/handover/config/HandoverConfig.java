package org.handover.handover.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How handover-service times its work. Every value has a default that suits production. */
@ConfigMapping(prefix = "handover")
public interface HandoverConfig {

    /**
     * How long a pending pass waits for bot-service to report its awaited order (an accepted handover's confirmation,
     * or the bot's last order before an honoured inbox request) before control is passed anyway. Normally the report
     * releases the pass within a second; this bound is for a bot-service that is down or stuck. It must be longer than
     * the longest time in which an order decided before the pass can still reach the Send API: bot-service sends no
     * order older than {@code bot.send.max-order-age} (2 min) and a send it started ends within its lease (about
     * 74 s). Shorter, a replica of bot-service that died (or stalled) inside a send would hold the conversation's
     * later orders behind its lease, and they would be sent after the pass (found by issue 18's review: with 15 s).
     */
    @WithDefault("4m")
    Duration confirmationBound();

    /** How long one replica holds a pending pass while it calls {@code pass_thread_control} (or a take-back). */
    @WithDefault("30s")
    Duration passClaim();

    /** Calls of a pending pass (or take-back) that failed for a temporary reason before it is given up. */
    @WithDefault("5")
    int passMaxAttempts();

    /** Wait before calling {@code pass_thread_control} again after a temporary failure. */
    @WithDefault("5s")
    Duration passRetryDelay();

    /**
     * Wait before the idle timer decides another take-back after one was given up (Meta refused it for good, it found
     * another app holding the thread, or it failed {@link #passMaxAttempts()} times for a temporary reason, each
     * retried after {@link #passRetryDelay()} doubled); doubled after each further one, up to
     * {@link #takeBackMaxBackoff()}.
     */
    @WithDefault("1m")
    Duration takeBackBackoff();

    /** The longest wait between two failed take-backs of the idle timer. */
    @WithDefault("1h")
    Duration takeBackMaxBackoff();

    /** How many conversations one timer run claims at a time (up to ten batches a run). */
    @WithDefault("10")
    int sweepBatch();

    /** Outbox records older than this are published by the sweeper (left behind by a crash or a broker outage). */
    @WithDefault("10s")
    Duration outboxSweepAfter();

    /** How long publishing one outbox record may wait for the broker's acknowledgement. */
    @WithDefault("10s")
    Duration publishTimeout();

    /** Published outbox records are deleted after this long. */
    @WithDefault("P7D")
    Duration outboxRetention();

    /** How often due pending passes are looked for (a Quarkus scheduler interval, e.g. {@code 1s}). */
    @WithDefault("1s")
    String passSweepEvery();

    /** How often agent-held conversations are checked against their page's idle timeout. */
    @WithDefault("30s")
    String idleSweepEvery();

    /** How often the outbox sweeper runs. */
    @WithDefault("5s")
    String outboxSweepEvery();

    /**
     * {@code HANDOVER_SHADOW_MODE}: a replay of past events (issue 8), never production. The Graph API is never
     * called (thread control answers as if Meta accepted every call, activation checks nothing) and the service's
     * clock is event time: the receive time of the events it consumes, not the wall clock. See the README. Read
     * only by {@link RunModeProducer}, which chooses the Graph API port and the clock once, at start.
     */
    @WithDefault("false")
    boolean shadowMode();
}
