package org.handover.handover.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.handover.handover.domain.PageProblem;

/**
 * What handover-service found at run time about each page's setup on Facebook ({@code page_health}): in the database,
 * so that every replica's settings page shows what any replica found.
 */
@ApplicationScoped
public class PageHealthRepository implements PanacheRepositoryBase<PageHealthEntity, String> {

    /** Max length of {@code not_default_app_evidence}. */
    static final int EVIDENCE_MAX = 300;

    /** The page's "not the default app" finding, if one stands. */
    public Optional<PageProblem> notDefaultApp(String pageId) {
        return findByIdOptional(pageId).filter(e -> e.notDefaultAppSince != null).map(PageHealthRepository::problem);
    }

    /** Every page's standing finding, by page id. */
    public Map<String, PageProblem> notDefaultApps() {
        Map<String, PageProblem> found = new LinkedHashMap<>();
        list("notDefaultAppSince is not null").forEach(e -> found.put(e.pageId, problem(e)));
        return found;
    }

    /** Records the finding (keeping when it was first found); true when it is new. */
    public boolean recordNotDefaultApp(String pageId, String evidence, String otherAppId, Instant at) {
        PageHealthEntity entity = findById(pageId);
        boolean created = entity == null;
        if (created) {
            entity = new PageHealthEntity();
            entity.pageId = pageId;
        }
        boolean fresh = entity.notDefaultAppSince == null;
        if (fresh) {
            entity.notDefaultAppSince = at;
        }
        entity.notDefaultAppEvidence = evidence.length() > EVIDENCE_MAX ? evidence.substring(0, EVIDENCE_MAX)
                : evidence;
        entity.otherAppId = otherAppId;
        entity.updatedAt = at;
        if (created) {
            persist(entity);
        }
        return fresh;
    }

    /** Clears the finding; true when one stood. */
    public boolean clearNotDefaultApp(String pageId, Instant at) {
        PageHealthEntity entity = findById(pageId);
        if (entity == null || entity.notDefaultAppSince == null) {
            return false;
        }
        entity.notDefaultAppSince = null;
        entity.notDefaultAppEvidence = null;
        entity.otherAppId = null;
        entity.updatedAt = at;
        return true;
    }

    private static PageProblem problem(PageHealthEntity e) {
        return new PageProblem(e.notDefaultAppSince, e.notDefaultAppEvidence, e.otherAppId);
    }
}
