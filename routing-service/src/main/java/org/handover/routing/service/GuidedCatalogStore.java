package org.handover.routing.service;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.handover.contracts.GuidedCatalog;

/**
 * Each page's guided options, materialised in memory from the compacted catalog topic. Every replica reads the whole
 * topic on start, so every replica knows every page; no database is shared with bot-service.
 */
@ApplicationScoped
public class GuidedCatalogStore {

    private final Map<String, GuidedCatalog> byPage = new ConcurrentHashMap<>();

    /** Keeps {@code catalog} unless a newer revision of the page is already known (records may be re-read). */
    public void put(GuidedCatalog catalog) {
        byPage.merge(catalog.pageId(), catalog, (known, incoming) -> incoming.revision() >= known.revision() ? incoming : known);
    }

    /** Forgets a page (tombstone on the topic). */
    public void remove(String pageId) {
        byPage.remove(pageId);
    }

    /** The page's catalog, if it has been published. */
    public Optional<GuidedCatalog> find(String pageId) {
        return Optional.ofNullable(byPage.get(pageId));
    }

    /** How many pages have a catalog. */
    public int size() {
        return byPage.size();
    }
}
