package org.handover.bot.repository;

import java.time.Instant;

/** A page's stored catalog (table {@code page_catalog}); {@code document} null once deleted. Stays in the service. */
public class PageCatalog {

    public String pageId;
    public long revision;

    /** The catalog in its JSON format; null when the page's catalog was deleted. */
    public String document;
    public Instant updatedAt;
}
