package org.handover.handover.repository;

import java.time.Instant;

/**
 * Row of {@code outbox}: a record to publish, written in the transaction of the change that produced it. A plain
 * row, read by {@link OutboxRepository#unpublished} and written by its own statements.
 */
public class OutboxEntity {

    /** What the payload is and where it goes. */
    public enum Kind {
        DECISION,
        THREAD_CONTROL
    }

    public Long id;

    public String conversationKey;

    public Kind kind;

    public String payload;

    public Instant createdAt;

    public Instant publishedAt;

    /** Set when the record can never be published: it is left out from then on, kept for an operator. */
    public Instant parkedAt;

    /** Why it was parked: the kind of failure, never the payload. */
    public String parkReason;
}
