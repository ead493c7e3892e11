package org.handover.handover.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.handover.handover.domain.PageIds;

/** Row of {@code settings_audit}: one change of settings (Flyway {@code V13}). */
@Entity
@Table(name = "settings_audit")
public class SettingsAuditEntity {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "at", nullable = false)
    public Instant at;

    @Column(name = "actor", nullable = false, length = 80)
    public String actor;

    @Column(name = "page_id", length = PageIds.MAX)
    public String pageId;

    @Column(name = "action", nullable = false, length = 40)
    public String action;

    @Column(name = "detail", nullable = false, length = SettingsAuditRepository.DETAIL_MAX)
    public String detail;
}
