package org.handover.handover.service;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.handover.handover.port.MetaGraphPort;

/**
 * Pages' names as Facebook has them ({@code GET /{page-id}?fields=name}), for the settings page, cached per replica:
 * a name for {@code handover.page-name-ttl} (default 1 h), an unknown one (no token, Meta failed or refused) for a
 * minute at most, so that a page list does not call Meta for every page on every view, nor hammer it while it fails.
 * A name is a label, not state: a replica that has none asks again. In shadow mode the port asks nothing and no name
 * is known.
 */
@ApplicationScoped
public class PageNames {

    private static final Duration UNKNOWN_FOR = Duration.ofMinutes(1);

    private final MetaGraphPort graph;
    private final Duration ttl;
    private final ConcurrentMap<String, Cached> names = new ConcurrentHashMap<>();

    public PageNames(MetaGraphPort graph,
            @ConfigProperty(name = "handover.page-name-ttl", defaultValue = "PT1H") Duration ttl) {
        this.graph = graph;
        this.ttl = ttl;
    }

    /** The page's name, empty when Facebook did not tell. Blocks on a Graph call when the cache has nothing fresh. */
    public Optional<String> name(String pageId) {
        long now = System.nanoTime();
        Cached cached = names.get(pageId);
        if (cached != null && now - cached.until() < 0) {
            return cached.name();
        }
        Optional<String> name = graph.pageName(pageId);
        Duration keep = name.isPresent() ? ttl : (ttl.compareTo(UNKNOWN_FOR) < 0 ? ttl : UNKNOWN_FOR);
        names.put(pageId, new Cached(name, now + keep.toNanos()));
        return name;
    }

    /** Forgets a page's name (it will be asked again). */
    public void forget(String pageId) {
        names.remove(pageId);
    }

    private record Cached(Optional<String> name, long until) {
    }
}
