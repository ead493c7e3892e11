package org.handover.handover.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;
import org.handover.contracts.Owner;
import org.handover.handover.domain.PendingPass;

/** Row of {@code conversation}; mapped to {@link org.handover.handover.domain.ConversationState}. */
@Entity
@Table(name = "conversation")
@IdClass(ConversationEntity.Key.class)
public class ConversationEntity {

    @Id
    @Column(name = "page_id", length = 64)
    public String pageId;

    @Id
    @Column(name = "psid", length = 64)
    public String psid;

    @Enumerated(EnumType.STRING)
    @Column(name = "owner", nullable = false, length = 16)
    public Owner owner;

    @Column(name = "owner_app_id", length = 64)
    public String ownerAppId;

    @Column(name = "epoch", nullable = false)
    public long epoch;

    @Column(name = "owner_since", nullable = false)
    public Instant ownerSince;

    @Column(name = "question_pending", nullable = false)
    public boolean questionPending;

    /** The order whose report releases the pending pass (the column predates inbox requests: named for confirmations). */
    @Column(name = "pending_pass_decision_id", length = 255)
    public String pendingPassDecisionId;

    @Column(name = "pending_pass_target", length = 64)
    public String pendingPassTarget;

    @Column(name = "pending_pass_deadline")
    public Instant pendingPassDeadline;

    @Column(name = "pending_pass_claimed_until")
    public Instant pendingPassClaimedUntil;

    @Column(name = "pending_pass_attempts", nullable = false)
    public int pendingPassAttempts;

    @Column(name = "pending_pass_cause_event_id", length = 255)
    public String pendingPassCauseEventId;

    @Column(name = "pending_pass_cause_at")
    public Instant pendingPassCauseAt;

    @Enumerated(EnumType.STRING)
    @Column(name = "pending_pass_reason", length = 16)
    public PendingPass.Reason pendingPassReason;

    @Column(name = "last_order_decision_id", length = 255)
    public String lastOrderDecisionId;

    @Column(name = "last_order_reported", nullable = false)
    public boolean lastOrderReported;

    @Column(name = "last_user_activity_at")
    public Instant lastUserActivityAt;

    @Column(name = "last_agent_activity_at")
    public Instant lastAgentActivityAt;

    @Column(name = "last_transition_event_at")
    public Instant lastTransitionEventAt;

    /** The cause of the latest change of owner ({@code user_accepted}, ...); null before V17 or if none. */
    @Column(name = "owner_cause", length = 40)
    public String ownerCause;

    /** The idle timer's claim, or after a failed take-back the time before which it is not tried again. */
    @Column(name = "take_back_not_before")
    public Instant takeBackNotBefore;

    /** Take-backs of the idle timer that failed under the current owner. */
    @Column(name = "take_back_attempts", nullable = false)
    public int takeBackAttempts;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    /** The composite key {@code (page_id, psid)}. */
    public static class Key implements Serializable {
        public String pageId;
        public String psid;

        public Key() {
        }

        public Key(String pageId, String psid) {
            this.pageId = pageId;
            this.psid = psid;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(pageId, k.pageId) && Objects.equals(psid, k.psid);
        }

        @Override
        public int hashCode() {
            return Objects.hash(pageId, psid);
        }
    }
}
