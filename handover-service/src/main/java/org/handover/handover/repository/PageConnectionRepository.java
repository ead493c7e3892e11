package org.handover.handover.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.util.List;
import java.util.Optional;

/**
 * The pages' connections ({@code page_connection}): the connected token, sealed, and a rejection by Meta. In the
 * database, so every replica uses (and shows) the same.
 */
@ApplicationScoped
public class PageConnectionRepository implements PanacheRepositoryBase<PageConnectionEntity, String> {

    /** Max length of {@code rejected_detail}. */
    public static final int DETAIL_MAX = 300;

    /** The page's row, if it has one. */
    public Optional<PageConnectionEntity> find(String pageId) {
        return findByIdOptional(pageId);
    }

    /** The page's row locked for this transaction (changes of one page one after the other), if it has one. */
    public Optional<PageConnectionEntity> lock(String pageId) {
        return findByIdOptional(pageId, LockModeType.PESSIMISTIC_WRITE);
    }

    /** Every row, by page id. */
    public List<PageConnectionEntity> all() {
        return listAll(io.quarkus.panache.common.Sort.by("pageId"));
    }
}
