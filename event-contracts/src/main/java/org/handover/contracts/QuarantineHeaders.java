package org.handover.contracts;

/**
 * Header names on {@link Topics#WEBHOOK_QUARANTINE} records, besides {@link RawEventHeaders#REQUEST_ID},
 * {@link RawEventHeaders#RECEIVED_AT} and, when known, {@link RawEventHeaders#OBJECT}. The value of such a record is
 * a signed webhook body, byte for byte as received, keyed by the request id.
 *
 * <p><b>Chunks.</b> A body over {@link SizeBudget#RECORD_VALUE_BYTES} is stored as several records, in order, each
 * with the same key and headers plus {@link #CHUNK_INDEX}, {@link #CHUNK_COUNT} and {@link #CHUNK_SHA256}. To get the
 * body back, take the records with one key and one digest, order them by index (0 to count - 1), concatenate their
 * values and check the digest. A body that fits one record has no chunk headers.
 */
public final class QuarantineHeaders {

    /** Why the body was quarantined: a reason code, optionally {@code ": "} and a detail that never quotes the body. */
    public static final String REASON = "mh-quarantine-reason";
    /** Position of this chunk, from 0. */
    public static final String CHUNK_INDEX = "mh-chunk-index";
    /** How many chunks the body was cut into. */
    public static final String CHUNK_COUNT = "mh-chunk-count";
    /** SHA-256 of the whole body, lower-case hex: names the set of chunks and checks the body put back together. */
    public static final String CHUNK_SHA256 = "mh-chunk-sha256";

    private QuarantineHeaders() {
    }
}
