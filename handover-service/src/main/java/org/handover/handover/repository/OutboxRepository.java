package org.handover.handover.repository;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import org.handover.service.support.jdbc.Sql;

/** The transactional outbox of decisions and thread-control records. */
@ApplicationScoped
public class OutboxRepository {

    private final Sql sql;

    public OutboxRepository(Sql sql) {
        this.sql = sql;
    }

    /** Adds a record to publish; part of the caller's transaction. */
    public void add(String conversationKey, OutboxEntity.Kind kind, String payload, Instant at) {
        sql.update("insert into outbox (conversation_key, kind, payload, created_at) values (?, ?, ?, ?)",
                conversationKey, kind, payload, at);
    }

    /** The conversation's unpublished records (parked ones left out), in the order they were written. */
    public List<OutboxEntity> unpublished(String conversationKey) {
        return unpublished(conversationKey, Integer.MAX_VALUE);
    }

    /** The first {@code limit} of {@link #unpublished(String)}. */
    public List<OutboxEntity> unpublished(String conversationKey, int limit) {
        return sql.list("""
                select id, conversation_key, kind, payload, created_at, published_at, parked_at, park_reason
                from outbox where conversation_key = ? and published_at is null and parked_at is null
                order by id limit ?""", OutboxRepository::toRow, conversationKey, limit);
    }

    /**
     * Holds the conversation's outbox until the caller's transaction ends (a PostgreSQL advisory lock on the key), so
     * that one relay, of any replica, publishes it at a time and its records leave in order. With {@code wait}
     * false, answers false at once when another transaction holds it.
     */
    public boolean lockConversation(String conversationKey, boolean wait) {
        String lock = wait ? "select count(*) from (select pg_advisory_xact_lock(hashtextextended(?, 0))) l"
                : "select count(*) from (select 1 where pg_try_advisory_xact_lock(hashtextextended(?, 0))) l";
        return sql.count(lock, conversationKey) == 1;
    }

    /** Parks a record that can never be published: it is left out of every flush and sweep from now on. */
    public void park(long id, String reason, Instant at) {
        sql.update("update outbox set parked_at = ?, park_reason = ? where id = ?", at, reason, id);
    }

    /** Conversations with records left unpublished since before {@code before} (a crash, a broker outage). */
    public List<String> conversationsWithUnpublished(Instant before, int limit) {
        return sql.list("""
                select conversation_key from outbox
                where published_at is null and parked_at is null and created_at <= ?
                group by conversation_key order by min(id) limit ?""", row -> row.string(1), before, limit);
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
        Backlog waiting = sql.value(
                "select count(*), min(created_at) from outbox where published_at is null and parked_at is null",
                row -> new Backlog(row.longValue(1), row.instant(2), 0));
        long parked = sql.count("select count(*) from outbox where parked_at is not null");
        return new Backlog(waiting.waiting(), waiting.oldest(), parked);
    }

    /** Marks records published. */
    public void markPublished(List<Long> ids, Instant at) {
        if (!ids.isEmpty()) {
            sql.update("update outbox set published_at = ? where id = any(?)", at, Sql.array("bigint", ids));
        }
    }

    /** Deletes published records older than {@code before}; returns how many. */
    public long purgePublished(Instant before) {
        return sql.update("delete from outbox where published_at is not null and published_at < ?", before);
    }

    private static OutboxEntity toRow(Sql.Row r) throws SQLException {
        OutboxEntity e = new OutboxEntity();
        e.id = r.longValue("id");
        e.conversationKey = r.string("conversation_key");
        e.kind = r.enumOf(OutboxEntity.Kind.class, "kind");
        e.payload = r.string("payload");
        e.createdAt = r.instant("created_at");
        e.publishedAt = r.instant("published_at");
        e.parkedAt = r.instant("parked_at");
        e.parkReason = r.string("park_reason");
        return e;
    }
}
