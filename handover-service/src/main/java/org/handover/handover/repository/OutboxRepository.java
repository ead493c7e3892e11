package org.handover.handover.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepository;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;

/** The transactional outbox of decisions and thread-control records. */
@ApplicationScoped
public class OutboxRepository implements PanacheRepository<OutboxEntity> {

    /** Adds a record to publish; part of the caller's transaction. */
    public void add(String conversationKey, OutboxEntity.Kind kind, String payload, Instant at) {
        OutboxEntity e = new OutboxEntity();
        e.conversationKey = conversationKey;
        e.kind = kind;
        e.payload = payload;
        e.createdAt = at;
        persist(e);
    }

    /** The conversation's unpublished records, in the order they were written. */
    public List<OutboxEntity> unpublished(String conversationKey) {
        return list("conversationKey = ?1 and publishedAt is null", Sort.by("id"), conversationKey);
    }

    /** Conversations with records left unpublished since before {@code before} (a crash, a broker outage). */
    public List<String> conversationsWithUnpublished(Instant before, int limit) {
        return getEntityManager().createQuery("""
                select o.conversationKey from OutboxEntity o
                where o.publishedAt is null and o.createdAt <= :before
                group by o.conversationKey order by min(o.id)""", String.class)
                .setParameter("before", before).setMaxResults(limit).getResultList();
    }

    /** Marks records published. */
    public void markPublished(List<Long> ids, Instant at) {
        if (!ids.isEmpty()) {
            update("publishedAt = ?1 where id in ?2", at, ids);
        }
    }

    /** Deletes published records older than {@code before}; returns how many. */
    public long purgePublished(Instant before) {
        return delete("publishedAt is not null and publishedAt < ?1", before);
    }
}
