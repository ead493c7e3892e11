package org.handover.bot.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import org.handover.bot.domain.ConversationControlState;
import org.handover.contracts.ConversationKey;
import org.handover.contracts.Owner;

/** Owner and epoch per conversation. */
@ApplicationScoped
public class ConversationControlRepository implements PanacheRepositoryBase<ConversationControl, String> {

    /** The conversation's current state; {@link ConversationControlState#UNSEEN} when it has none. */
    public ConversationControlState current(String pageId, String psid) {
        ConversationControl row = findById(ConversationKey.of(pageId, psid).value());
        return row == null ? ConversationControlState.UNSEEN : row.state();
    }

    /**
     * Records a control change unless the stored epoch is already the same or higher: a redelivered or late change
     * never moves a conversation back. Atomic in the database, so replicas racing on a rebalance cannot both win.
     *
     * @return true when the change was applied
     */
    public boolean advance(String pageId, String psid, Owner owner, long epoch, Instant at) {
        int changed = getEntityManager().createNativeQuery("""
                insert into conversation_control (conversation_key, page_id, psid, owner, epoch, updated_at)
                values (:key, :pageId, :psid, :owner, :epoch, :at)
                on conflict (conversation_key) do update
                    set owner = excluded.owner, epoch = excluded.epoch, updated_at = excluded.updated_at
                    where conversation_control.epoch < excluded.epoch""")
                .setParameter("key", ConversationKey.of(pageId, psid).value())
                .setParameter("pageId", pageId)
                .setParameter("psid", psid)
                .setParameter("owner", owner.name())
                .setParameter("epoch", epoch)
                .setParameter("at", at)
                .executeUpdate();
        return changed == 1;
    }
}
