package org.handover.contracts;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

/**
 * The Kafka topics of the system, with how each must be created.
 *
 * <p>Every topic on the conversation path is keyed by {@link ConversationKey}, so one conversation stays in one
 * partition, in order, end to end. All conversation topics therefore share {@link #CONVERSATION_PARTITIONS}: a
 * different count on two topics would still keep per-topic order, but would make one conversation's records land
 * on partition numbers that differ between topics, which confuses anyone replaying them side by side.
 */
public final class Topics {

    /** Partitions of every topic keyed by conversation; the ceiling on consumer replicas per service. */
    public static final int CONVERSATION_PARTITIONS = 6;

    /** One record per Messenger event, exactly as Meta sent it (value) with metadata in headers. Written by ingress. */
    public static final String WEBHOOK_RAW = "messenger.webhook.raw";
    /** Signed webhook bodies that could not be split into events, kept whole with the reason. Written by ingress. */
    public static final String WEBHOOK_QUARANTINE = "messenger.webhook.quarantine";
    /** {@link InboundEvent}: each raw event classified. Written by routing-service. */
    public static final String CONVERSATION_INBOUND = "conversation.inbound";
    /** {@link Decision}: control changes and reply orders, ordered per conversation. Written by handover-service. */
    public static final String CONVERSATION_DECISIONS = "conversation.decisions";
    /** {@link ThreadControl}: latest owner and epoch per conversation (compacted). Written by handover-service. */
    public static final String THREAD_CONTROL = "thread.control";
    /** {@link OutboundResult}: what bot-service sent, refused or failed to send, and why. */
    public static final String MESSENGER_OUTBOUND = "messenger.outbound";
    /** {@link GuidedCatalog}: each page's guided options, keyed by page id (compacted). Written by bot-service. */
    public static final String BOT_CATALOG = "bot.catalog";

    /** Topics that services write their business records to (dead-letter topics excluded). */
    public static final List<TopicSpec> MAIN = List.of(
            TopicSpec.stream(WEBHOOK_RAW, CONVERSATION_PARTITIONS, Duration.ofDays(14)),
            TopicSpec.stream(WEBHOOK_QUARANTINE, 1, Duration.ofDays(30)),
            TopicSpec.stream(CONVERSATION_INBOUND, CONVERSATION_PARTITIONS, Duration.ofDays(7)),
            TopicSpec.stream(CONVERSATION_DECISIONS, CONVERSATION_PARTITIONS, Duration.ofDays(7)),
            TopicSpec.compacted(THREAD_CONTROL, CONVERSATION_PARTITIONS),
            TopicSpec.stream(MESSENGER_OUTBOUND, CONVERSATION_PARTITIONS, Duration.ofDays(7)),
            TopicSpec.compacted(BOT_CATALOG, 1));

    /** Topics that a service consumes and therefore may dead-letter into {@code <topic>.dlq}. */
    public static final List<String> CONSUMED = List.of(
            WEBHOOK_RAW, CONVERSATION_INBOUND, CONVERSATION_DECISIONS, MESSENGER_OUTBOUND, BOT_CATALOG);

    /** Every topic the system needs, dead-letter topics included, with partitions and cleanup policy. */
    public static final List<TopicSpec> ALL = Stream.concat(
            MAIN.stream(),
            CONSUMED.stream().map(t -> TopicSpec.stream(deadLetter(t), 1, Duration.ofDays(30))))
            .toList();

    private Topics() {
    }

    /** The dead-letter topic of a consumed topic: records that could not be processed, with the reason in headers. */
    public static String deadLetter(String sourceTopic) {
        return sourceTopic + ".dlq";
    }
}
