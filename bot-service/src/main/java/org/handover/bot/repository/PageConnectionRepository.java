package org.handover.bot.repository;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import org.handover.contracts.PageConnection;
import org.handover.service.support.jdbc.Sql;

/** The pages' connections read from {@code page.connections}, kept for the next start (table {@code page_connection}). */
@ApplicationScoped
public class PageConnectionRepository {

    private final Sql sql;

    public PageConnectionRepository(Sql sql) {
        this.sql = sql;
    }

    /**
     * Stores {@code connection} unless a newer revision is stored already (every replica writes what it reads, in
     * the topic's order; an older record read late changes nothing). True when stored.
     */
    public boolean store(PageConnection connection, Instant at) {
        return sql.update("insert into page_connection (page_id, revision, key_id, "
                        + "token_ciphertext, rejected_fingerprint, updated_at) values (?, ?, ?, ?, ?, ?) "
                        + "on conflict (page_id) do update set revision = excluded.revision, key_id = excluded.key_id, "
                        + "token_ciphertext = excluded.token_ciphertext, "
                        + "rejected_fingerprint = excluded.rejected_fingerprint, updated_at = excluded.updated_at "
                        + "where page_connection.revision <= excluded.revision",
                connection.pageId(), connection.revision(), connection.keyId(), connection.tokenCiphertext(),
                connection.rejectedFingerprint(), at) == 1;
    }

    /** The page was disconnected (a tombstone). */
    public void remove(String pageId) {
        sql.update("delete from page_connection where page_id = ?", pageId);
    }

    /** Every stored connection. */
    public List<StoredPageConnection> all() {
        return sql.list("select page_id, revision, key_id, token_ciphertext, rejected_fingerprint, updated_at"
                + " from page_connection", row -> {
                    StoredPageConnection stored = new StoredPageConnection();
                    stored.pageId = row.string("page_id");
                    stored.revision = row.longValue("revision");
                    stored.keyId = row.string("key_id");
                    stored.tokenCiphertext = row.string("token_ciphertext");
                    stored.rejectedFingerprint = row.string("rejected_fingerprint");
                    stored.updatedAt = row.instant("updated_at");
                    return stored;
                });
    }
}
