package org.handover.handover.repository;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.handover.handover.domain.PageProblem;
import org.handover.service.support.jdbc.Sql;

/**
 * What handover-service found at run time about each page's setup on Facebook ({@code page_health}): in the database,
 * so that every replica's settings page shows what any replica found. Every method runs in the caller's transaction.
 */
@ApplicationScoped
public class PageHealthRepository {

    /** Max length of {@code not_default_app_evidence}. */
    static final int EVIDENCE_MAX = 300;

    private static final String FINDINGS = "select page_id, not_default_app_since, not_default_app_evidence, "
            + "other_app_id from page_health where not_default_app_since is not null ";

    private final Sql sql;

    public PageHealthRepository(Sql sql) {
        this.sql = sql;
    }

    /** The page's "not the default app" finding, if one stands. */
    public Optional<PageProblem> notDefaultApp(String pageId) {
        return sql.first(FINDINGS + "and page_id = ?", PageHealthRepository::problem, pageId);
    }

    /** Every page's standing finding, by page id. */
    public Map<String, PageProblem> notDefaultApps() {
        Map<String, PageProblem> found = new LinkedHashMap<>();
        sql.list(FINDINGS + "order by page_id", row -> Map.entry(row.string("page_id"), problem(row)))
                .forEach(e -> found.put(e.getKey(), e.getValue()));
        return found;
    }

    /**
     * Records the finding (keeping when it was first found); true when it is new. The page's row is locked (created
     * first when it has none), so that of two replicas finding it at once only one calls it new.
     */
    public boolean recordNotDefaultApp(String pageId, String evidence, String otherAppId, Instant at) {
        String kept = evidence.length() > EVIDENCE_MAX ? evidence.substring(0, EVIDENCE_MAX) : evidence;
        Optional<Boolean> stood = standing(pageId);
        if (stood.isEmpty()) {
            if (sql.update("insert into page_health (page_id, not_default_app_since, not_default_app_evidence, "
                    + "other_app_id, updated_at) values (?, ?, ?, ?, ?) on conflict (page_id) do nothing", pageId, at,
                    kept, otherAppId, at) == 1) {
                return true;
            }
            // Another transaction created the row meanwhile (the insert waited for it to commit).
            stood = standing(pageId);
        }
        sql.update("update page_health set not_default_app_since = coalesce(not_default_app_since, ?), "
                + "not_default_app_evidence = ?, other_app_id = ?, updated_at = ? where page_id = ?", at, kept,
                otherAppId, at, pageId);
        return !stood.orElseThrow();
    }

    /** Clears the finding; true when one stood. */
    public boolean clearNotDefaultApp(String pageId, Instant at) {
        return sql.update("update page_health set not_default_app_since = null, not_default_app_evidence = null, "
                + "other_app_id = null, updated_at = ? where page_id = ? and not_default_app_since is not null", at,
                pageId) == 1;
    }

    /** Whether the page's finding stands, its row locked; empty when the page has no row. */
    private Optional<Boolean> standing(String pageId) {
        return sql.first("select not_default_app_since is not null from page_health where page_id = ? for update",
                row -> row.bool(1), pageId);
    }

    private static PageProblem problem(Sql.Row row) throws SQLException {
        return new PageProblem(row.instant("not_default_app_since"), row.string("not_default_app_evidence"),
                row.string("other_app_id"));
    }
}
