package org.handover.handover.service;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.function.BiFunction;
import org.handover.handover.domain.AdminPrincipal;
import org.handover.handover.domain.AuditEntry;
import org.handover.handover.domain.PageSettings;
import org.handover.handover.domain.SettingsDiff;
import org.handover.handover.repository.ConversationWordsRepository;
import org.handover.handover.repository.PageSettingsRepository;
import org.handover.handover.repository.SettingsAuditRepository;
import org.jboss.logging.Logger;

/**
 * Pages' handover settings as the admin API and the settings page read and change them: the one place where both
 * save a page's settings, so that both apply exactly the same rules. Activation and deactivation, which check the
 * page's setup first, are {@link ActivationService}'s.
 */
@ApplicationScoped
public class PageSettingsService {

    private static final Logger LOG = Logger.getLogger(PageSettingsService.class);

    private final PageSettingsRepository pages;
    private final SettingsAuditRepository audit;
    private final Clock clock;
    private final ConversationWordsRepository words;

    public PageSettingsService(PageSettingsRepository pages, SettingsAuditRepository audit, Clock clock,
            ConversationWordsRepository words) {
        this.pages = pages;
        this.audit = audit;
        this.clock = clock;
        this.words = words;
    }

    /** The page's settings, defaults when nobody configured it. */
    public PageSettings find(String pageId) {
        return QuarkusTransaction.requiringNew().call(() -> pages.findOrDefaults(pageId));
    }

    /** Every page with stored settings, in no particular order. */
    public List<PageSettings> configured() {
        return QuarkusTransaction.requiringNew().call(pages::all);
    }

    /**
     * Applies {@code change} (given the page's current settings and "now") and stores the result, in one
     * transaction; returns what was stored. The change must already be validated.
     */
    public PageSettings save(String pageId, BiFunction<PageSettings, Instant, PageSettings> change) {
        return save(pageId, change, null);
    }

    /**
     * As {@link #save(String, BiFunction)}, and audits what changed (each field, old and new) as done {@code by}
     * that admin, in the same transaction: a save is never without its audit entry. Nothing is audited when
     * {@code by} is {@code null} or nothing changed. A save that turns off sharing the users' words with agents
     * deletes the page's kept words in the same transaction (words are kept only while it is on).
     */
    public PageSettings save(String pageId, BiFunction<PageSettings, Instant, PageSettings> change,
            AdminPrincipal by) {
        PageSettings saved = QuarkusTransaction.requiringNew().call(() -> {
            PageSettings current = pages.findOrDefaults(pageId);
            PageSettings stored = pages.save(change.apply(current, clock.instant()), clock.instant());
            if (current.shareUserWords() && !stored.shareUserWords()) {
                words.forgetPage(pageId);
            }
            List<String> changes = SettingsDiff.changes(current, stored);
            if (by != null && !changes.isEmpty()) {
                audit.append(new AuditEntry(clock.instant(), by.name(), pageId, "settings_saved",
                        String.join("; ", changes)));
            }
            return stored;
        });
        LOG.infof("Settings of page %s updated (active: %s)", pageId, saved.handoverActive());
        return saved;
    }
}
