package org.handover.contracts;

/**
 * The system's one size budget: how large a webhook body may be, how large a Kafka record may be, and what every
 * limit on the way is derived from. ingress-service's body limit and producer {@code max.request.size}, every
 * topic's {@code max.message.bytes} (the {@link Topics} definitions that the local stack and the tests create
 * topics from, and the Strimzi {@code KafkaTopic} resources) and the Kubernetes ingress's
 * {@code nginx.ingress.kubernetes.io/proxy-body-size} are this class's numbers; tests fail when one of them drifts.
 *
 * <p><b>Why a body may be larger than a record.</b> Meta batches up to 1000 updates in one POST; a message event
 * with an attachment URL is about 1 to 1.5 KiB, so a full batch needs up to ~1.5 MiB and {@link #WEBHOOK_BODY_BYTES}
 * is 2 MiB. The batch is split into one record per event, and an event is a few KiB at most, so records are far
 * smaller than bodies: {@link #RECORD_VALUE_BYTES} (1 MiB) keeps them near Kafka's default message size while
 * leaving a thousand times the size of a real event. What does not fit in one record (an event over 1 MiB, or a
 * signed body that goes whole to quarantine and is over 1 MiB) is still kept: in quarantine, in chunks of at most
 * {@link #RECORD_VALUE_BYTES} (see {@link QuarantineHeaders}).
 */
public final class SizeBudget {

    /** 1 KiB. */
    public static final int KIB = 1024;
    /** 1 MiB. */
    public static final int MIB = 1024 * KIB;

    /**
     * The largest webhook body accepted (ingress answers {@code 413} above it, and so does the Kubernetes ingress):
     * 2 MiB, a full batch of 1000 events with room to spare.
     */
    public static final int WEBHOOK_BODY_BYTES = 2 * MIB;

    /** The largest value written as one record: an event, a quarantined body, or one chunk of a larger one. */
    public static final int RECORD_VALUE_BYTES = MIB;

    /**
     * Room in a record beyond its value: key, headers and Kafka's framing of a one-record batch. ingress's keys and
     * headers are ids, timestamps and reason codes (a few hundred bytes); 16 KiB leaves room for ids far longer
     * than Meta's.
     */
    public static final int RECORD_HEADROOM_BYTES = 16 * KIB;

    /**
     * Of {@link #RECORD_HEADROOM_BYTES}, what is kept for Kafka's own framing: the batch header (61 bytes) and the
     * record's length, attribute, timestamp, offset and header-count fields (varints, a few dozen bytes).
     */
    public static final int RECORD_FRAMING_BYTES = KIB;

    /**
     * The producers' {@code max.request.size}: one record of {@link #RECORD_VALUE_BYTES} with its headroom. The
     * producer checks each record's uncompressed size against it before sending.
     */
    public static final int PRODUCER_MAX_REQUEST_BYTES = RECORD_VALUE_BYTES + RECORD_HEADROOM_BYTES;

    /**
     * Every topic's {@code max.message.bytes}: the largest producer request plus headroom once more, so that a
     * consumer can dead-letter any record it read with the headers a dead-letter handler adds (reason, cause,
     * source partition and offset). The broker checks the batch as stored, after compression.
     */
    public static final int TOPIC_MAX_MESSAGE_BYTES = PRODUCER_MAX_REQUEST_BYTES + RECORD_HEADROOM_BYTES;

    /**
     * Chunk size when the broker refused a record as too large although it was within the budget: a topic created
     * before this budget, or by hand, with a smaller {@code max.message.bytes} (Kafka's default is 1 MiB + 12
     * bytes). A quarter of Kafka's default, so that the body is still kept on a topic left at the broker's default
     * or set well below it.
     */
    public static final int FALLBACK_CHUNK_BYTES = 256 * KIB;

    private SizeBudget() {
    }

    /**
     * Whether a value and its key and headers fit in one record of the budget.
     *
     * @param valueBytes         the value's serialized size
     * @param keyAndHeaderBytes  the key's size plus every header's name and value
     */
    public static boolean fitsOneRecord(long valueBytes, long keyAndHeaderBytes) {
        return valueBytes <= RECORD_VALUE_BYTES && keyAndHeaderBytes <= RECORD_HEADROOM_BYTES - RECORD_FRAMING_BYTES;
    }

    /** How many chunks of at most {@code chunkBytes} a value of {@code valueBytes} takes (an empty value: one). */
    public static int chunkCount(long valueBytes, int chunkBytes) {
        if (chunkBytes < 1) {
            throw new IllegalArgumentException("chunk size must be positive");
        }
        return (int) Math.max(1, (valueBytes + chunkBytes - 1) / chunkBytes);
    }
}
