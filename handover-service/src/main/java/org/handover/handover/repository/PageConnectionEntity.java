package org.handover.handover.repository;

import java.time.Instant;

/**
 * A page's connection ({@code page_connection}, migration V19) as read; see {@link PageConnectionRepository}. A plain
 * row: changing its fields changes nothing stored until {@link PageConnectionRepository#update} writes it.
 */
public class PageConnectionEntity {

    public String pageId;
    public String keyId;
    public String tokenCiphertext;
    public String tokenFingerprint;
    public Instant connectedAt;
    public String connectedBy;
    public String rejectedFingerprint;
    public Instant rejectedAt;
    public String rejectedDetail;
    public long revision;
    public Instant updatedAt;
}
