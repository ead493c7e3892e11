package org.handover.handover.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.handover.handover.domain.AuditEntry;

/** The audit of settings changes ({@code settings_audit}): appended to, never changed. */
@ApplicationScoped
public class SettingsAuditRepository implements PanacheRepositoryBase<SettingsAuditEntity, Long> {

    /** Longest detail kept; a longer one is cut with an ellipsis. */
    public static final int DETAIL_MAX = 4000;

    public void append(AuditEntry entry) {
        SettingsAuditEntity e = new SettingsAuditEntity();
        e.at = entry.at();
        e.actor = entry.actor();
        e.pageId = entry.pageId();
        e.action = entry.action();
        String detail = entry.detail() == null ? "" : entry.detail();
        e.detail = detail.length() > DETAIL_MAX ? detail.substring(0, DETAIL_MAX - 1) + "…" : detail;
        persist(e);
    }

    /** The page's latest {@code limit} entries, newest first. */
    public List<AuditEntry> latest(String pageId, int limit) {
        return find("pageId", Sort.descending("id"), pageId).page(Page.ofSize(limit)).list().stream()
                .map(SettingsAuditRepository::toDomain).toList();
    }

    /** The latest {@code limit} entries about accounts (no page), newest first. */
    public List<AuditEntry> latestWithoutPage(int limit) {
        return find("pageId is null", Sort.descending("id")).page(Page.ofSize(limit)).list().stream()
                .map(SettingsAuditRepository::toDomain).toList();
    }

    private static AuditEntry toDomain(SettingsAuditEntity e) {
        return new AuditEntry(e.at, e.actor, e.pageId, e.action, e.detail);
    }
}
