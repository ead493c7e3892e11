package org.handover.handover.repository;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.handover.handover.domain.StepFact;
import org.handover.service.support.jdbc.Sql;

/**
 * What each processed event of a conversation came to ({@code conversation_step}, Flyway {@code V20}), for the
 * analytics and the agent's context. Every method runs in the caller's transaction.
 */
@ApplicationScoped
public class ConversationStepRepository {

    /** A kind or outcome longer than the column is cut (they are codes; never longer in practice). */
    private static final int CODE_MAX = 64;
    private static final int PAYLOAD_MAX = 1000;

    private final Sql sql;

    public ConversationStepRepository(Sql sql) {
        this.sql = sql;
    }

    /**
     * Records {@code fact} of the conversation, once: inside the transaction that recorded the event as processed,
     * so a duplicate never gets here, and an event id recorded already is left as it is.
     */
    public void record(String pageId, String psid, StepFact fact, Instant now) {
        sql.update("""
                insert into conversation_step (page_id, psid, event_id, event_class, kind, actor, outcome, payload,
                    occurred_at, recorded_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                on conflict (event_id) do nothing""",
                pageId, psid, fact.eventId(), fact.eventClass(), cut(fact.kind(), CODE_MAX), fact.actor(),
                cut(fact.outcome(), CODE_MAX), cut(fact.payload(), PAYLOAD_MAX), fact.occurredAt(), now);
    }

    /** The Messenger event kind of event {@code eventId} ({@code message}, {@code postback}, ...), if recorded. */
    public Optional<String> kindOf(String eventId) {
        return sql.first("select kind from conversation_step where event_id = ?", r -> r.string(1), eventId);
    }

    /**
     * The page's guided options the user chose, answered by the bot, oldest first, at most {@code limit} (the
     * latest): from {@code since} (or the conversation's latest return to the bot, if later) up to {@code until}.
     */
    public List<String> guidedPath(String pageId, String psid, Instant since, Instant until, int limit) {
        List<String> path = new ArrayList<>(sql.list("""
                select payload from conversation_step
                where page_id = ? and psid = ? and outcome = 'answered' and payload is not null
                  and occurred_at >= ? and occurred_at <= ?
                  and occurred_at > coalesce((select max(coalesce(t.occurred_at, t.recorded_at))
                                              from control_transition t
                                              where t.page_id = ? and t.psid = ? and t.to_owner = 'BOT'
                                                and t.from_owner = 'AGENT'
                                                and coalesce(t.occurred_at, t.recorded_at) <= ?),
                                             cast('-infinity' as timestamp with time zone))
                order by occurred_at desc, id desc
                limit ?""", r -> r.string(1), pageId, psid, since, until, pageId, psid, until, limit));
        Collections.reverse(path);
        return path;
    }

    private static String cut(String s, int max) {
        if (s == null || s.codePointCount(0, s.length()) <= max) {
            return s;
        }
        return s.substring(0, s.offsetByCodePoints(0, max));
    }
}
