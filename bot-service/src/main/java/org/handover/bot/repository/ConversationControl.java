package org.handover.bot.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.handover.bot.domain.ConversationControlState;
import org.handover.contracts.Owner;

/** The stored owner and epoch of one conversation (table {@code conversation_control}). Stays in the service. */
@Entity
@Table(name = "conversation_control")
public class ConversationControl {

    @Id
    @Column(name = "conversation_key", nullable = false, length = 255)
    public String conversationKey;

    @Column(name = "page_id", nullable = false, length = 64)
    public String pageId;

    @Column(name = "psid", nullable = false, length = 128)
    public String psid;

    @Enumerated(EnumType.STRING)
    @Column(name = "owner", nullable = false, length = 16)
    public Owner owner;

    @Column(name = "epoch", nullable = false)
    public long epoch;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    /** The state it stores. */
    public ConversationControlState state() {
        return new ConversationControlState(owner, epoch);
    }
}
