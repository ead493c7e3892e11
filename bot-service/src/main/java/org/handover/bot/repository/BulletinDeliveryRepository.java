package org.handover.bot.repository;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import org.handover.service.support.jdbc.Sql;

/**
 * One copy of a bulletin per conversation ({@code bot.bulletin_delivery}): the order about to send a bulletin claims
 * its conversation's row in the transaction of its own SENDING claim, so that no later order of the same bulletin is
 * ever sent to that conversation, on any replica.
 */
@ApplicationScoped
public class BulletinDeliveryRepository {

    private final Sql sql;

    public BulletinDeliveryRepository(Sql sql) {
        this.sql = sql;
    }

    /**
     * Claims the bulletin's delivery to {@code conversationKey} for {@code decisionId}; atomic ({@code ON CONFLICT}).
     *
     * @return true when this decision holds it (claimed now, or earlier by the same decision), false when another
     *     order of the bulletin already did (it was sent, or its fate is unknown): this one must not be sent
     */
    public boolean claim(String bulletinId, String conversationKey, String decisionId, Instant at) {
        sql.update("""
                insert into bulletin_delivery (bulletin_id, conversation_key, decision_id, created_at)
                values (?, ?, ?, ?)
                on conflict (bulletin_id, conversation_key) do nothing""",
                bulletinId, conversationKey, decisionId, at);
        String holder = sql.value("""
                select decision_id from bulletin_delivery where bulletin_id = ? and conversation_key = ?""",
                row -> row.string(1), bulletinId, conversationKey);
        return decisionId.equals(holder);
    }
}
