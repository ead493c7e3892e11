package org.handover.handover.service;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.List;
import org.handover.handover.domain.AdminPrincipal;
import org.handover.handover.domain.AuditEntry;
import org.handover.handover.repository.SettingsAuditRepository;

/**
 * The audit of every change of settings: who, what, when. Saves of settings are recorded by
 * {@link PageSettingsService#save(String, java.util.function.BiFunction, AdminPrincipal)} in their own transaction;
 * activation, deactivation and giving a conversation back are recorded here once they happened.
 */
@ApplicationScoped
public class AuditService {

    /** Entries shown on a page and answered by the API at most. */
    public static final int SHOWN = 50;

    private final SettingsAuditRepository audit;
    private final Clock clock;

    public AuditService(SettingsAuditRepository audit, Clock clock) {
        this.audit = audit;
        this.clock = clock;
    }

    public void record(AdminPrincipal by, String pageId, String action, String detail) {
        QuarkusTransaction.requiringNew()
                .run(() -> audit.append(new AuditEntry(clock.instant(), by.name(), pageId, action, detail)));
    }

    /** The page's latest changes, newest first. */
    public List<AuditEntry> latest(String pageId) {
        return QuarkusTransaction.requiringNew().call(() -> audit.latest(pageId, SHOWN));
    }

    /** The latest changes of accounts, newest first. */
    public List<AuditEntry> latestAccountChanges() {
        return QuarkusTransaction.requiringNew().call(() -> audit.latestWithoutPage(SHOWN));
    }
}
