package org.handover.bot.repository;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.time.Instant;

/**
 * One copy of a bulletin per conversation ({@code bot.bulletin_delivery}): the order about to send a bulletin claims
 * its conversation's row in the transaction of its own SENDING claim, so that no later order of the same bulletin is
 * ever sent to that conversation, on any replica.
 */
@ApplicationScoped
public class BulletinDeliveryRepository {

    private final EntityManager em;

    public BulletinDeliveryRepository(EntityManager em) {
        this.em = em;
    }

    /**
     * Claims the bulletin's delivery to {@code conversationKey} for {@code decisionId}; atomic ({@code ON CONFLICT}).
     *
     * @return true when this decision holds it (claimed now, or earlier by the same decision), false when another
     *     order of the bulletin already did (it was sent, or its fate is unknown): this one must not be sent
     */
    public boolean claim(String bulletinId, String conversationKey, String decisionId, Instant at) {
        em.createNativeQuery("""
                insert into bulletin_delivery (bulletin_id, conversation_key, decision_id, created_at)
                values (:bulletin, :key, :decision, :at)
                on conflict (bulletin_id, conversation_key) do nothing""")
                .setParameter("bulletin", bulletinId).setParameter("key", conversationKey)
                .setParameter("decision", decisionId).setParameter("at", at).executeUpdate();
        Object holder = em.createNativeQuery("""
                select decision_id from bulletin_delivery where bulletin_id = :bulletin and conversation_key = :key""")
                .setParameter("bulletin", bulletinId).setParameter("key", conversationKey).getSingleResult();
        return decisionId.equals(holder);
    }
}
