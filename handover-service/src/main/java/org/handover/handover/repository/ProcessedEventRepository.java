package org.handover.handover.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

/** The ids of events already processed: the deduplication guard of every state change. */
@ApplicationScoped
public class ProcessedEventRepository implements PanacheRepositoryBase<ProcessedEventEntity, String> {

    /**
     * Records {@code eventId} as processed unless it already was. Atomic in the database ({@code ON CONFLICT}), so two
     * deliveries racing on different replicas cannot both win. Must run inside the transaction of the change it guards.
     *
     * @return true when this call recorded it (first delivery), false for a duplicate
     */
    public boolean markProcessed(String eventId, String conversationKey, Instant at) {
        int inserted = getEntityManager().createNativeQuery("""
                insert into processed_event (event_id, conversation_key, processed_at)
                values (:eventId, :conversationKey, :at)
                on conflict (event_id) do nothing""")
                .setParameter("eventId", eventId)
                .setParameter("conversationKey", conversationKey)
                .setParameter("at", at)
                .executeUpdate();
        return inserted == 1;
    }

    /** Whether {@code eventId} was processed already: a read before slow work, not a guard (see {@link #markProcessed}). */
    public boolean isProcessed(String eventId) {
        return count("eventId", eventId) > 0;
    }
}
