package org.handover.handover.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A page's connection ({@code page_connection}, migration V19); see {@link PageConnectionRepository}. */
@Entity
@Table(name = "page_connection")
public class PageConnectionEntity {

    @Id
    @Column(name = "page_id")
    public String pageId;

    @Column(name = "key_id")
    public String keyId;

    @Column(name = "token_ciphertext")
    public String tokenCiphertext;

    @Column(name = "token_fingerprint")
    public String tokenFingerprint;

    @Column(name = "connected_at")
    public Instant connectedAt;

    @Column(name = "connected_by")
    public String connectedBy;

    @Column(name = "rejected_fingerprint")
    public String rejectedFingerprint;

    @Column(name = "rejected_at")
    public Instant rejectedAt;

    @Column(name = "rejected_detail")
    public String rejectedDetail;

    @Column(name = "revision", nullable = false)
    public long revision;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
