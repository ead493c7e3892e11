package org.handover.bot.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The stored catalogs, one row per page. */
@ApplicationScoped
public class PageCatalogRepository implements PanacheRepositoryBase<PageCatalog, String> {

    /**
     * Stores a page's catalog (null deletes it) with the next revision; the row is locked so concurrent edits on
     * several replicas get distinct, increasing revisions. Must run in a transaction.
     *
     * @return the stored row
     */
    public PageCatalog store(String pageId, String document, Instant at) {
        PageCatalog row = findById(pageId, LockModeType.PESSIMISTIC_WRITE);
        if (row == null) {
            row = new PageCatalog();
            row.pageId = pageId;
            row.revision = 1;
            row.document = document;
            row.updatedAt = at;
            persist(row);
        } else {
            row.revision++;
            row.document = document;
            row.updatedAt = at;
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
        int inserted = getEntityManager().createNativeQuery("""
                insert into page_catalog (page_id, revision, document, updated_at) values (:pageId, 1, :doc, :at)
                on conflict (page_id) do nothing""")
                .setParameter("pageId", pageId)
                .setParameter("doc", document)
                .setParameter("at", at)
                .executeUpdate();
        return inserted == 1;
    }

    /**
     * The revision of the page's catalog, without reading the document: empty when it has none (never had, or
     * deleted). Every store raises it, so one revision is one document.
     */
    public Optional<Long> liveRevision(String pageId) {
        return getEntityManager().createQuery("select c.revision from PageCatalog c where c.pageId = :pageId"
                        + " and c.document is not null", Long.class)
                .setParameter("pageId", pageId)
                .getResultStream().findFirst();
    }

    /** Every page, deleted ones included. */
    public List<PageCatalog> allPages() {
        return listAll();
    }
}
