package org.handover.handover.repository;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.handover.service.support.jdbc.Sql;

/**
 * The pages' connections ({@code page_connection}): the connected token, sealed, and a rejection by Meta. In the
 * database, so every replica uses (and shows) the same. Every method runs in the caller's transaction.
 */
@ApplicationScoped
public class PageConnectionRepository {

    /** Max length of {@code rejected_detail}. */
    public static final int DETAIL_MAX = 300;

    private static final String SELECT = "select page_id, key_id, token_ciphertext, token_fingerprint, connected_at, "
            + "connected_by, rejected_fingerprint, rejected_at, rejected_detail, revision, updated_at "
            + "from page_connection ";

    private final Sql sql;

    public PageConnectionRepository(Sql sql) {
        this.sql = sql;
    }

    /** The page's row, if it has one. */
    public Optional<PageConnectionEntity> find(String pageId) {
        return sql.first(SELECT + "where page_id = ?", PageConnectionRepository::row, pageId);
    }

    /** The page's row locked for this transaction (changes of one page one after the other), if it has one. */
    public Optional<PageConnectionEntity> lock(String pageId) {
        return sql.first(SELECT + "where page_id = ? for update", PageConnectionRepository::row, pageId);
    }

    /** Every row, by page id. */
    public List<PageConnectionEntity> all() {
        return sql.list(SELECT + "order by page_id", PageConnectionRepository::row);
    }

    /** Creates the page's row, empty (revision 0), unless it has one. */
    public void createIfAbsent(String pageId, Instant at) {
        sql.update("insert into page_connection (page_id, revision, updated_at) values (?, 0, ?) "
                + "on conflict (page_id) do nothing", pageId, at);
    }

    /** Writes every field of the row (locked by {@link #lock} in this transaction). */
    public void update(PageConnectionEntity row) {
        sql.update("""
                update page_connection set key_id = ?, token_ciphertext = ?, token_fingerprint = ?, connected_at = ?,
                  connected_by = ?, rejected_fingerprint = ?, rejected_at = ?, rejected_detail = ?, revision = ?,
                  updated_at = ?
                where page_id = ?""", row.keyId, row.tokenCiphertext, row.tokenFingerprint, row.connectedAt,
                row.connectedBy, row.rejectedFingerprint, row.rejectedAt, row.rejectedDetail, row.revision,
                row.updatedAt, row.pageId);
    }

    /** Removes the page's row. */
    public void delete(String pageId) {
        sql.update("delete from page_connection where page_id = ?", pageId);
    }

    private static PageConnectionEntity row(Sql.Row r) throws SQLException {
        PageConnectionEntity e = new PageConnectionEntity();
        e.pageId = r.string("page_id");
        e.keyId = r.string("key_id");
        e.tokenCiphertext = r.string("token_ciphertext");
        e.tokenFingerprint = r.string("token_fingerprint");
        e.connectedAt = r.instant("connected_at");
        e.connectedBy = r.string("connected_by");
        e.rejectedFingerprint = r.string("rejected_fingerprint");
        e.rejectedAt = r.instant("rejected_at");
        e.rejectedDetail = r.string("rejected_detail");
        e.revision = r.longValue("revision");
        e.updatedAt = r.instant("updated_at");
        return e;
    }
}
