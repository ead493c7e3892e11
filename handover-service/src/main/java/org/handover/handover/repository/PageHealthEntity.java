package org.handover.handover.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A page's run-time findings ({@code page_health}); see {@link PageHealthRepository}. */
@Entity
@Table(name = "page_health")
public class PageHealthEntity {

    @Id
    @Column(name = "page_id")
    public String pageId;

    @Column(name = "not_default_app_since")
    public Instant notDefaultAppSince;

    @Column(name = "not_default_app_evidence")
    public String notDefaultAppEvidence;

    @Column(name = "other_app_id")
    public String otherAppId;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
