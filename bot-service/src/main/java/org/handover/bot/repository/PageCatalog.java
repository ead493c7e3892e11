package org.handover.bot.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A page's stored catalog (table {@code page_catalog}); {@code document} null once deleted. Stays in the service. */
@Entity
@Table(name = "page_catalog")
public class PageCatalog {

    @Id
    @Column(name = "page_id", nullable = false, length = 64)
    public String pageId;

    @Column(name = "revision", nullable = false)
    public long revision;

    /** The catalog in its JSON format; null when the page's catalog was deleted. */
    @Column(name = "document", columnDefinition = "text")
    public String document;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
