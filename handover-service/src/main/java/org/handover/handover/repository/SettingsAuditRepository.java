package org.handover.handover.repository;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.util.List;
import org.handover.handover.domain.AuditEntry;
import org.handover.service.support.jdbc.Sql;

/** The audit of settings changes ({@code settings_audit}): appended to, never changed. */
@ApplicationScoped
public class SettingsAuditRepository {

    /** Longest detail kept; a longer one is cut with an ellipsis. */
    public static final int DETAIL_MAX = 4000;

    private static final String COLUMNS = "select at, actor, page_id, action, detail from settings_audit ";

    private final Sql sql;

    public SettingsAuditRepository(Sql sql) {
        this.sql = sql;
    }

    public void append(AuditEntry entry) {
        String detail = entry.detail() == null ? "" : entry.detail();
        sql.update("insert into settings_audit (at, actor, page_id, action, detail) values (?, ?, ?, ?, ?)",
                entry.at(), entry.actor(), entry.pageId(), entry.action(),
                detail.length() > DETAIL_MAX ? detail.substring(0, DETAIL_MAX - 1) + "…" : detail);
    }

    /** The page's latest {@code limit} entries, newest first. */
    public List<AuditEntry> latest(String pageId, int limit) {
        return sql.list(COLUMNS + "where page_id = ? order by id desc limit ?", SettingsAuditRepository::toDomain,
                pageId, limit);
    }

    /** The latest {@code limit} entries about accounts (no page), newest first. */
    public List<AuditEntry> latestWithoutPage(int limit) {
        return sql.list(COLUMNS + "where page_id is null order by id desc limit ?", SettingsAuditRepository::toDomain,
                limit);
    }

    private static AuditEntry toDomain(Sql.Row row) throws SQLException {
        return new AuditEntry(row.instant("at"), row.string("actor"), row.string("page_id"), row.string("action"),
                row.string("detail"));
    }
}
