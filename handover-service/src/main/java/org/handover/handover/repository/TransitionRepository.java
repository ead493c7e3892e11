package org.handover.handover.repository;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import org.handover.contracts.Owner;
import org.handover.handover.domain.TransitionRecord;
import org.handover.service.support.jdbc.Sql;

/** The history of owner changes of every conversation ({@code control_transition}). */
@ApplicationScoped
public class TransitionRepository {

    private final Sql sql;

    public TransitionRepository(Sql sql) {
        this.sql = sql;
    }

    /** Appends one change to the conversation's history. */
    public void record(String pageId, String psid, TransitionRecord transition) {
        sql.update("""
                insert into control_transition (page_id, psid, from_owner, to_owner, owner_app_id, epoch, cause,
                    cause_event_id, occurred_at, recorded_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                pageId, psid, transition.from(), transition.to(), transition.ownerAppId(), transition.epoch(),
                transition.cause(), transition.causeEventId(), transition.occurredAt(),
                transition.recordedAt() != null ? transition.recordedAt() : Instant.now());
    }

    /** The conversation's changes of owner, oldest first. */
    public List<TransitionRecord> history(String pageId, String psid) {
        return sql.list("""
                select from_owner, to_owner, owner_app_id, epoch, cause, cause_event_id, occurred_at, recorded_at
                from control_transition where page_id = ? and psid = ? order by id""",
                r -> new TransitionRecord(r.enumOf(Owner.class, "from_owner"), r.enumOf(Owner.class, "to_owner"),
                        r.string("owner_app_id"), r.longValue("epoch"), r.string("cause"), r.string("cause_event_id"),
                        r.instant("occurred_at"), r.instant("recorded_at")),
                pageId, psid);
    }
}
