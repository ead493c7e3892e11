package org.handover.handover.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** Row of {@code outbox}: a record to publish, written in the transaction of the change that produced it. */
@Entity
@Table(name = "outbox")
public class OutboxEntity {

    /** What the payload is and where it goes. */
    public enum Kind {
        DECISION,
        THREAD_CONTROL
    }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "conversation_key", nullable = false, length = 255)
    public String conversationKey;

    @jakarta.persistence.Enumerated(jakarta.persistence.EnumType.STRING)
    @Column(name = "kind", nullable = false, length = 16)
    public Kind kind;

    @Column(name = "payload", nullable = false, columnDefinition = "text")
    public String payload;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "published_at")
    public Instant publishedAt;

    /** Set when the record can never be published: it is left out from then on, kept for an operator. */
    @Column(name = "parked_at")
    public Instant parkedAt;

    /** Why it was parked: the kind of failure, never the payload. */
    @Column(name = "park_reason", length = 255)
    public String parkReason;
}
