package org.handover.bot.repository;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import org.handover.bot.domain.ConversationControlState;
import org.handover.contracts.ConversationKey;
import org.handover.contracts.Owner;
import org.handover.service.support.jdbc.Sql;

/** Owner and epoch per conversation (table {@code conversation_control}). */
@ApplicationScoped
public class ConversationControlRepository {

    private final Sql sql;

    public ConversationControlRepository(Sql sql) {
        this.sql = sql;
    }

    /** The conversation's current state; {@link ConversationControlState#UNSEEN} when it has none. */
    public ConversationControlState current(String pageId, String psid) {
        return sql.first("select owner, epoch from conversation_control where conversation_key = ?",
                row -> new ConversationControlState(row.enumOf(Owner.class, "owner"), row.longValue("epoch")),
                ConversationKey.of(pageId, psid).value())
                .orElse(ConversationControlState.UNSEEN);
    }

    /**
     * Records a control change unless the stored epoch is already the same or higher: a redelivered or late change
     * never moves a conversation back. Atomic in the database, so replicas racing on a rebalance cannot both win.
     *
     * @return true when the change was applied
     */
    public boolean advance(String pageId, String psid, Owner owner, long epoch, Instant at) {
        int changed = sql.update("""
                insert into conversation_control (conversation_key, page_id, psid, owner, epoch, updated_at)
                values (?, ?, ?, ?, ?, ?)
                on conflict (conversation_key) do update
                    set owner = excluded.owner, epoch = excluded.epoch, updated_at = excluded.updated_at
                    where conversation_control.epoch < excluded.epoch""",
                ConversationKey.of(pageId, psid).value(), pageId, psid, owner, epoch, at);
        return changed == 1;
    }
}
