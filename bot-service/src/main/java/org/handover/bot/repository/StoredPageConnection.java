package org.handover.bot.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A page's connection as last read from {@code page.connections} (table {@code page_connection}). Stays here. */
@Entity
@Table(name = "page_connection")
public class StoredPageConnection {

    @Id
    @Column(name = "page_id", nullable = false, length = 64)
    public String pageId;

    @Column(name = "revision", nullable = false)
    public long revision;

    @Column(name = "key_id", length = 64)
    public String keyId;

    /** The sealed token (base64), never the token. */
    @Column(name = "token_ciphertext", columnDefinition = "text")
    public String tokenCiphertext;

    @Column(name = "rejected_fingerprint", length = 64)
    public String rejectedFingerprint;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
