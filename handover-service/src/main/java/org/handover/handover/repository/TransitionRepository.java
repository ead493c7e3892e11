package org.handover.handover.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepository;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import org.handover.handover.domain.TransitionRecord;

/** The history of owner changes of every conversation. */
@ApplicationScoped
public class TransitionRepository implements PanacheRepository<ControlTransitionEntity> {

    /** Appends one change to the conversation's history. */
    public void record(String pageId, String psid, TransitionRecord transition) {
        ControlTransitionEntity e = new ControlTransitionEntity();
        e.pageId = pageId;
        e.psid = psid;
        e.fromOwner = transition.from();
        e.toOwner = transition.to();
        e.ownerAppId = transition.ownerAppId();
        e.epoch = transition.epoch();
        e.cause = transition.cause();
        e.causeEventId = transition.causeEventId();
        e.occurredAt = transition.occurredAt();
        e.recordedAt = transition.recordedAt() != null ? transition.recordedAt() : Instant.now();
        persist(e);
    }

    /** The conversation's changes of owner, oldest first. */
    public List<TransitionRecord> history(String pageId, String psid) {
        return find("pageId = ?1 and psid = ?2", Sort.by("id"), pageId, psid).stream()
                .map(e -> new TransitionRecord(e.fromOwner, e.toOwner, e.ownerAppId, e.epoch, e.cause, e.causeEventId,
                        e.occurredAt, e.recordedAt))
                .toList();
    }
}
