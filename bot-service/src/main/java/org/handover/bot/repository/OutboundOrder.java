package org.handover.bot.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.handover.contracts.OrderKind;

/**
 * One reply order bot-service has handled (table {@code outbound_order}); its id is the persisted dedupe key.
 * Stays in the service.
 */
@Entity
@Table(name = "outbound_order")
public class OutboundOrder {

    /** Where an order is. */
    public enum State {
        /**
         * Recorded, the Send API is being called by the lease's owner; still SENDING once the lease ended means the
         * outcome is unknown.
         */
        SENDING,
        /** Meta accepted it. */
        SENT,
        /** Not sent on purpose. */
        REFUSED,
        /** Meta refused it or retries were exhausted (or the outcome is unknown). */
        FAILED
    }

    @Id
    @Column(name = "decision_id", nullable = false, length = 255)
    public String decisionId;

    @Column(name = "page_id", nullable = false, length = 64)
    public String pageId;

    @Column(name = "psid", nullable = false, length = 128)
    public String psid;

    @Column(name = "epoch", nullable = false)
    public long epoch;

    @Enumerated(EnumType.STRING)
    @Column(name = "kind", nullable = false, length = 32)
    public OrderKind kind;

    @Enumerated(EnumType.STRING)
    @Column(name = "state", nullable = false, length = 16)
    public State state;

    @Column(name = "reason", length = 64)
    public String reason;

    @Column(name = "message_id", length = 255)
    public String messageId;

    @Column(name = "error_code")
    public Integer errorCode;

    @Column(name = "error_subcode")
    public Integer errorSubcode;

    /** The rendered message as JSON (the bot's texts, never a user's); null when nothing could be rendered. */
    @Column(name = "message", columnDefinition = "text")
    public String message;

    /**
     * For a guided answer sent with tracked links: which ({@code TrackedAnswerLinks} as JSON), told again on a
     * redelivery's report; null otherwise.
     */
    @Column(name = "tracked_links", columnDefinition = "text")
    public String trackedLinks;

    /** Who is sending it: this replica's id and a token of the one handling; null unless it was ever SENDING. */
    @Column(name = "lease_owner", length = 160)
    public String leaseOwner;

    /** When the send's lease ends (database time); null unless it was ever SENDING. */
    @Column(name = "lease_until")
    public Instant leaseUntil;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
