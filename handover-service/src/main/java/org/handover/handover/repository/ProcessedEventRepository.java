package org.handover.handover.repository;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import org.handover.service.support.jdbc.Sql;

/**
 * The ids of events already processed ({@code processed_event}): the deduplication guard of every state change. An id
 * is written in the same transaction as the state change its event caused, so a redelivered event is recognised and
 * changes nothing twice. The rest of the service only asks {@link #markProcessed}.
 */
@ApplicationScoped
public class ProcessedEventRepository {

    private final Sql sql;

    public ProcessedEventRepository(Sql sql) {
        this.sql = sql;
    }

    /**
     * Records {@code eventId} as processed unless it already was. Atomic in the database ({@code ON CONFLICT}), so two
     * deliveries racing on different replicas cannot both win. Must run inside the transaction of the change it guards.
     *
     * @return true when this call recorded it (first delivery), false for a duplicate
     */
    public boolean markProcessed(String eventId, String conversationKey, Instant at) {
        return sql.update("""
                insert into processed_event (event_id, conversation_key, processed_at)
                values (?, ?, ?)
                on conflict (event_id) do nothing""", eventId, conversationKey, at) == 1;
    }

    /** Whether {@code eventId} was processed already: a read before slow work, not a guard (see {@link #markProcessed}). */
    public boolean isProcessed(String eventId) {
        return sql.count("select count(*) from processed_event where event_id = ?", eventId) > 0;
    }
}
