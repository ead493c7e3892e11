package org.handover.handover.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepository;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
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

    /** The conversation's unpublished records (parked ones left out), in the order they were written. */
    public List<OutboxEntity> unpublished(String conversationKey) {
        return unpublished(conversationKey, Integer.MAX_VALUE);
    }

    /** The first {@code limit} of {@link #unpublished(String)}. */
    public List<OutboxEntity> unpublished(String conversationKey, int limit) {
        return find("conversationKey = ?1 and publishedAt is null and parkedAt is null", Sort.by("id"),
                conversationKey).page(0, limit).list();
    }

    /**
     * Holds the conversation's outbox until the caller's transaction ends (a PostgreSQL advisory lock on the key), so
     * that one relay, of any replica, publishes it at a time and its records leave in order. With {@code wait}
     * false, answers false at once when another transaction holds it.
     */
    public boolean lockConversation(String conversationKey, boolean wait) {
        String sql = wait ? "select count(*) from (select pg_advisory_xact_lock(hashtextextended(:key, 0))) l"
                : "select count(*) from (select 1 where pg_try_advisory_xact_lock(hashtextextended(:key, 0))) l";
        Number held = (Number) getEntityManager().createNativeQuery(sql).setParameter("key", conversationKey)
                .getSingleResult();
        return held.intValue() == 1;
    }

    /** Parks a record that can never be published: it is left out of every flush and sweep from now on. */
    public void park(long id, String reason, Instant at) {
        update("parkedAt = ?1, parkReason = ?2 where id = ?3", at, reason, id);
    }

    /** Conversations with records left unpublished since before {@code before} (a crash, a broker outage). */
    public List<String> conversationsWithUnpublished(Instant before, int limit) {
        return getEntityManager().createQuery("""
                select o.conversationKey from OutboxEntity o
                where o.publishedAt is null and o.parkedAt is null and o.createdAt <= :before
                group by o.conversationKey order by min(o.id)""", String.class)
                .setParameter("before", before).setMaxResults(limit).getResultList();
    }

    /**
     * What waits in the outbox: unpublished records (parked ones left out), the oldest one's time, and the parked
     * records. Counts over the partial indexes of unpublished and parked records.
     *
     * @param waiting records not yet published
     * @param oldest  when the oldest waiting record was written; null when none waits
     * @param parked  records parked (never to be published, kept for an operator)
     */
    public record Backlog(long waiting, Instant oldest, long parked) {
    }

    /** The outbox's {@link Backlog} now. */
    public Backlog backlog() {
        Object[] waiting = (Object[]) getEntityManager().createNativeQuery(
                "select count(*), min(created_at) from outbox where published_at is null and parked_at is null")
                .getSingleResult();
        Number parked = (Number) getEntityManager().createNativeQuery(
                "select count(*) from outbox where parked_at is not null").getSingleResult();
        return new Backlog(((Number) waiting[0]).longValue(), instant(waiting[1]), parked.longValue());
    }

    private static Instant instant(Object column) {
        if (column == null) {
            return null;
        }
        if (column instanceof Instant i) {
            return i;
        }
        if (column instanceof OffsetDateTime o) {
            return o.toInstant();
        }
        return ((Timestamp) column).toInstant();
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
