package org.handover.handover.repository;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.handover.handover.domain.StepFact;

/**
 * What each processed event of a conversation came to ({@code conversation_step}, Flyway {@code V20}), for the
 * analytics and the agent's context. Native SQL; every method runs in the caller's transaction.
 */
@ApplicationScoped
public class ConversationStepRepository {

    /** A kind or outcome longer than the column is cut (they are codes; never longer in practice). */
    private static final int CODE_MAX = 64;
    private static final int PAYLOAD_MAX = 1000;

    private final EntityManager em;

    public ConversationStepRepository(EntityManager em) {
        this.em = em;
    }

    /**
     * Records {@code fact} of the conversation, once: inside the transaction that recorded the event as processed,
     * so a duplicate never gets here, and an event id recorded already is left as it is.
     */
    public void record(String pageId, String psid, StepFact fact, Instant now) {
        em.createNativeQuery("""
                insert into conversation_step (page_id, psid, event_id, event_class, kind, actor, outcome, payload,
                    occurred_at, recorded_at)
                values (:page, :psid, :eventId, :eventClass, :kind, :actor, :outcome, :payload, :at, :now)
                on conflict (event_id) do nothing""")
                .setParameter("page", pageId)
                .setParameter("psid", psid)
                .setParameter("eventId", fact.eventId())
                .setParameter("eventClass", fact.eventClass().name())
                .setParameter("kind", cut(fact.kind(), CODE_MAX))
                .setParameter("actor", fact.actor() == null ? null : fact.actor().name())
                .setParameter("outcome", cut(fact.outcome(), CODE_MAX))
                .setParameter("payload", cut(fact.payload(), PAYLOAD_MAX))
                .setParameter("at", fact.occurredAt())
                .setParameter("now", now)
                .executeUpdate();
    }

    /** The Messenger event kind of event {@code eventId} ({@code message}, {@code postback}, ...), if recorded. */
    public Optional<String> kindOf(String eventId) {
        List<?> rows = em.createNativeQuery("select kind from conversation_step where event_id = :id")
                .setParameter("id", eventId).getResultList();
        return rows.isEmpty() || rows.get(0) == null ? Optional.empty() : Optional.of(rows.get(0).toString());
    }

    /**
     * The page's guided options the user chose, answered by the bot, oldest first, at most {@code limit} (the
     * latest): from {@code since} (or the conversation's latest return to the bot, if later) up to {@code until}.
     */
    public List<String> guidedPath(String pageId, String psid, Instant since, Instant until, int limit) {
        List<?> rows = em.createNativeQuery("""
                select payload from conversation_step
                where page_id = :page and psid = :psid and outcome = 'answered' and payload is not null
                  and occurred_at >= :since and occurred_at <= :until
                  and occurred_at > coalesce((select max(coalesce(t.occurred_at, t.recorded_at))
                                              from control_transition t
                                              where t.page_id = :page and t.psid = :psid and t.to_owner = 'BOT'
                                                and t.from_owner = 'AGENT'
                                                and coalesce(t.occurred_at, t.recorded_at) <= :until),
                                             cast('-infinity' as timestamp with time zone))
                order by occurred_at desc, id desc
                limit :limit""")
                .setParameter("page", pageId).setParameter("psid", psid).setParameter("since", since)
                .setParameter("until", until).setParameter("limit", limit).getResultList();
        List<String> path = new ArrayList<>(rows.size());
        rows.forEach(r -> path.add(r.toString()));
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
