package org.handover.handover.rest;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import org.handover.handover.domain.PageSettings;
import org.handover.handover.repository.PageSettingsRepository;
import org.jboss.logging.Logger;

/**
 * Stores a validated {@link PageSettingsUpdate}: the one place where the admin API ({@code PUT .../settings}) and the
 * settings page ({@code /ui}) save a page's settings, so that both apply exactly the same rules.
 */
@ApplicationScoped
public class PageSettingsSaver {

    private static final Logger LOG = Logger.getLogger(PageSettingsSaver.class);

    private final PageSettingsRepository pages;
    private final Clock clock;

    public PageSettingsSaver(PageSettingsRepository pages, Clock clock) {
        this.pages = pages;
        this.clock = clock;
    }

    /**
     * Applies {@code update} to the page's current settings and stores them; returns what was stored. Call only when
     * {@link PageSettingsUpdate#validate()} is empty.
     */
    public PageSettings save(String pageId, PageSettingsUpdate update) {
        PageSettings saved = QuarkusTransaction.requiringNew().call(() -> {
            PageSettings current = pages.findOrDefaults(pageId);
            return pages.save(update.applyTo(current, clock.instant()), clock.instant());
        });
        LOG.infof("Settings of page %s updated (active: %s)", pageId, saved.handoverActive());
        return saved;
    }
}
