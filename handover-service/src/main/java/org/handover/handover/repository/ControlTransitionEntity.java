package org.handover.handover.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.handover.contracts.Owner;

/** Row of {@code control_transition}: one change of a conversation's owner. */
@Entity
@Table(name = "control_transition")
public class ControlTransitionEntity {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "page_id", nullable = false, length = 64)
    public String pageId;

    @Column(name = "psid", nullable = false, length = 64)
    public String psid;

    @Enumerated(EnumType.STRING)
    @Column(name = "from_owner", nullable = false, length = 16)
    public Owner fromOwner;

    @Enumerated(EnumType.STRING)
    @Column(name = "to_owner", nullable = false, length = 16)
    public Owner toOwner;

    @Column(name = "owner_app_id", length = 64)
    public String ownerAppId;

    @Column(name = "epoch", nullable = false)
    public long epoch;

    @Column(name = "cause", nullable = false, length = 64)
    public String cause;

    @Column(name = "cause_event_id", length = 255)
    public String causeEventId;

    @Column(name = "occurred_at")
    public Instant occurredAt;

    @Column(name = "recorded_at", nullable = false)
    public Instant recordedAt;
}
