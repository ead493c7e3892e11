package org.handover.bot.repository;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.handover.service.support.jdbc.Sql;

/** The stored catalogs, one row per page (table {@code page_catalog}). */
@ApplicationScoped
public class PageCatalogRepository {

    private static final String COLUMNS = "page_id, revision, document, updated_at";

    private final Sql sql;

    public PageCatalogRepository(Sql sql) {
        this.sql = sql;
    }

    /** The page's row, deleted or not; null when it has none. */
    public PageCatalog findById(String pageId) {
        return sql.first("select " + COLUMNS + " from page_catalog where page_id = ?", PageCatalogRepository::map,
                pageId).orElse(null);
    }

    /**
     * Stores a page's catalog (null deletes it) with the next revision; the row is locked ({@code for update}) so
     * concurrent edits on several replicas get distinct, increasing revisions. Must run in a transaction.
     *
     * @return the stored row
     */
    public PageCatalog store(String pageId, String document, Instant at) {
        Optional<Long> locked = sql.first("select revision from page_catalog where page_id = ? for update",
                row -> row.longValue(1), pageId);
        PageCatalog row = new PageCatalog();
        row.pageId = pageId;
        row.revision = locked.map(revision -> revision + 1).orElse(1L);
        row.document = document;
        row.updatedAt = at;
        if (locked.isPresent()) {
            sql.update("update page_catalog set revision = ?, document = ?, updated_at = ? where page_id = ?",
                    row.revision, row.document, row.updatedAt, pageId);
        } else {
            sql.update("insert into page_catalog (" + COLUMNS + ") values (?, ?, ?, ?)",
                    pageId, row.revision, row.document, row.updatedAt);
        }
        return row;
    }

    /**
     * Seeds a page at revision 1 unless it has a row already (even a deleted one). Atomic, so replicas starting
     * together seed once.
     *
     * @return true when it was seeded
     */
    public boolean seed(String pageId, String document, Instant at) {
        int inserted = sql.update("""
                insert into page_catalog (page_id, revision, document, updated_at) values (?, 1, ?, ?)
                on conflict (page_id) do nothing""", pageId, document, at);
        return inserted == 1;
    }

    /**
     * The revision of the page's catalog, without reading the document: empty when it has none (never had, or
     * deleted). Every store raises it, so one revision is one document.
     */
    public Optional<Long> liveRevision(String pageId) {
        return sql.first("select revision from page_catalog where page_id = ? and document is not null",
                row -> row.longValue(1), pageId);
    }

    /** Every page, deleted ones included. */
    public List<PageCatalog> allPages() {
        return sql.list("select " + COLUMNS + " from page_catalog", PageCatalogRepository::map);
    }

    private static PageCatalog map(Sql.Row row) throws SQLException {
        PageCatalog catalog = new PageCatalog();
        catalog.pageId = row.string("page_id");
        catalog.revision = row.longValue("revision");
        catalog.document = row.string("document");
        catalog.updatedAt = row.instant("updated_at");
        return catalog;
    }
}
