package org.handover.contracts;

import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The Kafka topics of the system, with how each must be created.
 *
 * <p>Every topic on the conversation path is keyed by {@link ConversationKey}, so one conversation stays in one
 * partition, in order, end to end. All conversation topics therefore share {@link #CONVERSATION_PARTITIONS}: a
 * different count on two topics would still keep per-topic order, but would make one conversation's records land
 * on partition numbers that differ between topics, which confuses anyone replaying them side by side.
 *
 * <p>A <em>topic prefix</em> (environment variable {@value #PREFIX_ENV}, empty by default) puts a whole set of
 * services in a namespace of their own: every topic they read or write and every consumer group they join starts with
 * it. A replay runs the services that way beside production, on the same cluster, without touching its topics.
 */
public final class Topics {

    /**
     * Partitions of every topic keyed by conversation: the ceiling on consumer replicas per service. Within a replica
     * the consumers work on up to {@code CONSUMER_CONCURRENCY} (16) conversations at once whatever its partitions
     * (service-support's key-ordered {@code KeyedSequencer}), so partitions no longer bound the concurrency, only how
     * many replicas can share the load. 12: prod runs 3 replicas (16 x 3 = 48 conversations in flight per service,
     * about 150-300 Send API calls per second at Meta's 150-300 ms, the 100 messages/s with headroom) and can
     * grow to 4, 6 or 12 with every replica getting an equal share (12 divides by 1, 2, 3, 4, 6), without
     * repartitioning, which would move keys and break per-conversation order while it happens. Not more: each
     * partition costs the broker files and the consumers' rebalances time, and every test JVM creates them.
     */
    public static final int CONVERSATION_PARTITIONS = 12;

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
    /**
     * {@link BulletinClick}: a user followed a bulletin's tracked link, keyed by bulletin id. Written by ingress,
     * counted by handover-service.
     */
    public static final String BULLETIN_CLICKS = "bulletin.clicks";
    /**
     * {@link PageConnection}: each page's connected access token, encrypted, and whether Meta rejected the page's
     * token, keyed by page id (compacted; a tombstone when the page was disconnected). Written by handover-service,
     * read by bot-service.
     */
    public static final String PAGE_CONNECTIONS = "page.connections";

    /** Topics that services write their business records to (dead-letter topics excluded). */
    public static final List<TopicSpec> MAIN = List.of(
            TopicSpec.stream(WEBHOOK_RAW, CONVERSATION_PARTITIONS, Duration.ofDays(14)),
            TopicSpec.stream(WEBHOOK_QUARANTINE, 1, Duration.ofDays(30)),
            TopicSpec.stream(CONVERSATION_INBOUND, CONVERSATION_PARTITIONS, Duration.ofDays(7)),
            TopicSpec.stream(CONVERSATION_DECISIONS, CONVERSATION_PARTITIONS, Duration.ofDays(7)),
            TopicSpec.compacted(THREAD_CONTROL, CONVERSATION_PARTITIONS),
            TopicSpec.stream(MESSENGER_OUTBOUND, CONVERSATION_PARTITIONS, Duration.ofDays(7)),
            TopicSpec.compacted(BOT_CATALOG, 1),
            TopicSpec.stream(BULLETIN_CLICKS, CONVERSATION_PARTITIONS, Duration.ofDays(14)),
            TopicSpec.compacted(PAGE_CONNECTIONS, 1));

    /** Topics that a service consumes and therefore may dead-letter into {@code <topic>.dlq}. */
    public static final List<String> CONSUMED = List.of(
            WEBHOOK_RAW, CONVERSATION_INBOUND, CONVERSATION_DECISIONS, MESSENGER_OUTBOUND, BOT_CATALOG,
            BULLETIN_CLICKS, PAGE_CONNECTIONS);

    /** Every topic the system needs, dead-letter topics included, with partitions and cleanup policy. */
    public static final List<TopicSpec> ALL = Stream.concat(
            MAIN.stream(),
            CONSUMED.stream().map(t -> TopicSpec.stream(deadLetter(t), 1, Duration.ofDays(30))))
            .toList();

    /** The environment variable (and configuration property) that holds the topic prefix of a service. */
    public static final String PREFIX_ENV = "TOPIC_PREFIX";

    /** Characters Kafka allows in a topic name; a prefix is made of them only (it may be empty). */
    private static final Pattern PREFIX = Pattern.compile("[a-zA-Z0-9._-]*");

    /** Kafka's longest allowed topic name. */
    private static final int MAX_TOPIC_LENGTH = 249;

    private Topics() {
    }

    /**
     * Checks a topic prefix and returns it ({@code null} counts as empty).
     *
     * @throws IllegalArgumentException naming the variable and the rule, when the prefix has a character Kafka
     *     refuses in a topic name or makes a topic name too long
     */
    public static String checkPrefix(String prefix) {
        String value = prefix == null ? "" : prefix;
        if (!PREFIX.matcher(value).matches()) {
            throw new IllegalArgumentException(PREFIX_ENV + " '" + value + "' is not a valid topic prefix: only "
                    + "letters, digits, '.', '_' and '-' are allowed (e.g. 'replay-1.')");
        }
        int longest = ALL.stream().mapToInt(t -> t.name().length()).max().orElse(0);
        if (value.length() + longest > MAX_TOPIC_LENGTH) {
            throw new IllegalArgumentException(PREFIX_ENV + " is too long: topic names would exceed Kafka's "
                    + MAX_TOPIC_LENGTH + " characters");
        }
        return value;
    }

    /** {@code topic} in the namespace of {@code prefix}. */
    public static String prefixed(String prefix, String topic) {
        return checkPrefix(prefix) + topic;
    }

    /**
     * Every topic of {@link #ALL} in the namespace of {@code prefix}, same partitions and cleanup: what must exist
     * before services started with that {@value #PREFIX_ENV} can run (they create no topic themselves).
     */
    public static List<TopicSpec> all(String prefix) {
        String checked = checkPrefix(prefix);
        return ALL.stream().map(t -> t.withPrefix(checked)).toList();
    }

    /** The dead-letter topic of a consumed topic: records that could not be processed, with the reason in headers. */
    public static String deadLetter(String sourceTopic) {
        return sourceTopic + ".dlq";
    }
}
