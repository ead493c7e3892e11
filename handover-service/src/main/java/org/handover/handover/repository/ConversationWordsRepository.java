package org.handover.handover.repository;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.handover.contracts.InboundEvent;
import org.handover.service.support.jdbc.Sql;

/**
 * The start of what each user last typed, kept for the agent's context only on pages whose admin turned
 * {@code shareUserWords} on (Flyway {@code V26}). One row per conversation, replaced by the user's next typed message,
 * deleted {@link #WORDS_KEPT} after it was written and, for a whole page, when its admin turns the option off. The
 * words never reach a log.
 */
@ApplicationScoped
public class ConversationWordsRepository {

    /** How long the words are kept: the agent's context looks back no further. */
    public static final Duration WORDS_KEPT = Duration.ofHours(24);

    private final Sql sql;

    public ConversationWordsRepository(Sql sql) {
        this.sql = sql;
    }

    /** Keeps {@code words} (cut to {@link InboundEvent#USER_TEXT_MAX}) as the conversation's latest, unless newer. */
    public void keep(String pageId, String psid, String eventId, String words, Instant occurredAt, Instant now) {
        sql.update("""
                insert into conversation_words (page_id, psid, event_id, words, occurred_at, recorded_at)
                values (?, ?, ?, ?, ?, ?)
                on conflict (page_id, psid) do update set event_id = excluded.event_id, words = excluded.words,
                    occurred_at = excluded.occurred_at, recorded_at = excluded.recorded_at
                where conversation_words.occurred_at <= excluded.occurred_at""",
                pageId, psid, eventId, InboundEvent.userTextOf(words), occurredAt, now);
    }

    /** The conversation's latest words typed from {@code from} to {@code until} (event time), if kept. */
    public Optional<String> latest(String pageId, String psid, Instant from, Instant until) {
        return sql.first("""
                select words from conversation_words
                where page_id = ? and psid = ? and occurred_at >= ? and occurred_at <= ?""",
                r -> r.string(1), pageId, psid, from, until);
    }

    /** Deletes every kept word of {@code pageId} (its admin turned the option off); how many rows. */
    public int forgetPage(String pageId) {
        return sql.update("delete from conversation_words where page_id = ?", pageId);
    }

    /** Deletes at most {@code limit} rows written before {@code before}, oldest first; how many. */
    public int deleteRecordedBefore(Instant before, int limit) {
        return sql.update("""
                delete from conversation_words where (page_id, psid) in (
                    select page_id, psid from conversation_words where recorded_at < ?
                    order by recorded_at limit ? for update skip locked)""", before, limit);
    }
}
