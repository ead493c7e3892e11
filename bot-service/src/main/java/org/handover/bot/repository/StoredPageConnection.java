package org.handover.bot.repository;

import java.time.Instant;

/** A page's connection as last read from {@code page.connections} (table {@code page_connection}). Stays here. */
public class StoredPageConnection {

    public String pageId;
    public long revision;
    public String keyId;

    /** The sealed token (base64), never the token. */
    public String tokenCiphertext;
    public String rejectedFingerprint;
    public Instant updatedAt;
}
