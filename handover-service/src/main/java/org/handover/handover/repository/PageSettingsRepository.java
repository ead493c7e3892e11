package org.handover.handover.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.handover.handover.domain.BusinessHours;
import org.handover.handover.domain.PageSettings;

/** Pages' handover settings. A page without a row has {@link PageSettings#defaults(String)}. */
@ApplicationScoped
public class PageSettingsRepository implements PanacheRepositoryBase<PageSettingsEntity, String> {

    /** The page's stored settings, if any. */
    public Optional<PageSettings> find(String pageId) {
        return findByIdOptional(pageId).map(PageSettingsRepository::toDomain);
    }

    /** The page's settings, defaults when nobody configured it. */
    public PageSettings findOrDefaults(String pageId) {
        return find(pageId).orElseGet(() -> PageSettings.defaults(pageId));
    }

    /** Every page with stored settings, in no particular order. */
    public List<PageSettings> all() {
        return listAll().stream().map(PageSettingsRepository::toDomain).toList();
    }

    /** Inserts or replaces the page's settings, stamped {@code at}; returns what was stored. */
    public PageSettings save(PageSettings settings, Instant at) {
        PageSettingsEntity entity = findById(settings.pageId());
        if (entity == null) {
            entity = new PageSettingsEntity();
            entity.pageId = settings.pageId();
            copy(settings, entity, at);
            persist(entity);
        } else {
            copy(settings, entity, at);
        }
        return toDomain(entity);
    }

    private static void copy(PageSettings s, PageSettingsEntity e, Instant at) {
        e.channel = s.channel();
        e.handoverActive = s.handoverActive();
        e.setupKind = s.setupKind();
        e.targetAppId = s.targetAppId();
        e.questionText = s.questionText();
        e.acceptTitle = s.acceptTitle();
        e.rejectTitle = s.rejectTitle();
        e.confirmationText = s.confirmationText();
        e.stayWithBotText = s.stayWithBotText();
        e.botIsBackText = s.botIsBackText();
        e.handoverFailedText = s.handoverFailedText();
        e.honourInboxRequests = s.honourInboxRequests();
        e.idleTimeoutMinutes = s.idleTimeout() == null ? null : Math.toIntExact(s.idleTimeout().toMinutes());
        e.noShowMinutes = s.noShow() == null ? null : Math.toIntExact(s.noShow().toMinutes());
        e.noShowText = s.noShowText();
        BusinessHours hours = s.businessHours();
        e.hoursTimeZone = hours == null ? null : hours.zone().getId();
        e.hoursWeekly = hours == null ? null : hours.weeklyText();
        e.hoursHolidays = hours == null ? null : hours.holidaysText();
        e.hoursOutside = hours == null ? null : hours.outside();
        e.outOfHoursText = s.outOfHoursText();
        e.pageLabel = s.pageLabel();
        e.shareUserWords = s.shareUserWords();
        e.updatedAt = at;
    }

    static PageSettings toDomain(PageSettingsEntity e) {
        return new PageSettings(e.pageId, e.channel, e.handoverActive, e.setupKind, e.targetAppId, e.questionText,
                e.acceptTitle, e.rejectTitle, e.confirmationText, e.stayWithBotText, e.botIsBackText,
                e.honourInboxRequests, e.idleTimeoutMinutes == null ? null : Duration.ofMinutes(e.idleTimeoutMinutes),
                e.updatedAt, e.handoverFailedText,
                e.noShowMinutes == null ? null : Duration.ofMinutes(e.noShowMinutes), e.noShowText, hours(e),
                e.outOfHoursText, e.pageLabel, e.shareUserWords);
    }

    /** The stored hours (written by {@link #copy} from valid ones); null when the page has none. */
    private static BusinessHours hours(PageSettingsEntity e) {
        if (e.hoursTimeZone == null) {
            return null;
        }
        return BusinessHours.of(e.hoursTimeZone, BusinessHours.parseWeekly(e.hoursWeekly),
                BusinessHours.holidayLines(e.hoursHolidays),
                e.hoursOutside == null ? BusinessHours.Outside.NO_HANDOVER : e.hoursOutside);
    }
}
