package org.handover.bot.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import org.handover.contracts.PageConnection;

/** The pages' connections read from {@code page.connections}, kept for the next start. */
@ApplicationScoped
public class PageConnectionRepository implements PanacheRepositoryBase<StoredPageConnection, String> {

    /**
     * Stores {@code connection} unless a newer revision is stored already (every replica writes what it reads, in
     * the topic's order; an older record read late changes nothing). True when stored.
     */
    public boolean store(PageConnection connection, Instant at) {
        return getEntityManager().createNativeQuery("insert into page_connection (page_id, revision, key_id, "
                        + "token_ciphertext, rejected_fingerprint, updated_at) values (?1, ?2, ?3, ?4, ?5, ?6) "
                        + "on conflict (page_id) do update set revision = excluded.revision, key_id = excluded.key_id, "
                        + "token_ciphertext = excluded.token_ciphertext, "
                        + "rejected_fingerprint = excluded.rejected_fingerprint, updated_at = excluded.updated_at "
                        + "where page_connection.revision <= excluded.revision")
                .setParameter(1, connection.pageId()).setParameter(2, connection.revision())
                .setParameter(3, connection.keyId()).setParameter(4, connection.tokenCiphertext())
                .setParameter(5, connection.rejectedFingerprint()).setParameter(6, at)
                .executeUpdate() == 1;
    }

    /** The page was disconnected (a tombstone). */
    public void remove(String pageId) {
        deleteById(pageId);
    }

    /** Every stored connection. */
    public List<StoredPageConnection> all() {
        return listAll();
    }
}
