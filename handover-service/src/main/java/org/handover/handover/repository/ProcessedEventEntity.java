package org.handover.handover.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * An inbound event that handover-service has already acted on (table {@code processed_event}). Written in the same
 * transaction as the state change the event caused, so a redelivered event is recognised and changes nothing twice.
 * Stays in the repository: the rest of the service only asks {@link ProcessedEventRepository#markProcessed}.
 */
@Entity
@Table(name = "processed_event")
public class ProcessedEventEntity {

    @Id
    @Column(name = "event_id", nullable = false, length = 255)
    public String eventId;

    @Column(name = "conversation_key", nullable = false, length = 255)
    public String conversationKey;

    @Column(name = "processed_at", nullable = false)
    public Instant processedAt;
}
