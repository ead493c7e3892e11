package org.handover.handover.repository;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.handover.handover.domain.BusinessHours;
import org.handover.handover.domain.Channel;
import org.handover.handover.domain.PageSettings;
import org.handover.handover.domain.SetupKind;
import org.handover.service.support.jdbc.Sql;

/**
 * Pages' handover settings ({@code page_settings}). A page without a row has {@link PageSettings#defaults(String)}.
 * The columns' lengths are {@link PageSettings}' limits, the same the API and the settings page enforce (Flyway's
 * {@code V4} set the columns to them; {@code PageSettingsLimitsTest} checks the columns against the constants).
 */
@ApplicationScoped
public class PageSettingsRepository {

    /** Every column after the key, in the order of {@link Columns}. */
    private static final List<String> VALUES = List.of("channel", "handover_active", "setup_kind", "target_app_id",
            "question_text", "accept_title", "reject_title", "confirmation_text", "stay_with_bot_text",
            "bot_is_back_text", "handover_failed_text", "honour_inbox_requests", "idle_timeout_minutes",
            "no_show_minutes", "no_show_text", "hours_time_zone", "hours_weekly", "hours_holidays", "hours_outside",
            "out_of_hours_text", "page_label", "share_user_words", "updated_at");

    private static final String SELECT = "select page_id, " + String.join(", ", VALUES) + " from page_settings";

    private static final String UPSERT = "insert into page_settings (page_id, " + String.join(", ", VALUES) + ")"
            + " values (?" + ", ?".repeat(VALUES.size()) + ")"
            + " on conflict (page_id) do update set "
            + String.join(", ", VALUES.stream().map(c -> c + " = excluded." + c).toList());

    private final Sql sql;

    public PageSettingsRepository(Sql sql) {
        this.sql = sql;
    }

    /** The page's stored settings, if any. */
    public Optional<PageSettings> find(String pageId) {
        return sql.first(SELECT + " where page_id = ?", PageSettingsRepository::toDomain, pageId);
    }

    /** The page's settings, defaults when nobody configured it. */
    public PageSettings findOrDefaults(String pageId) {
        return find(pageId).orElseGet(() -> PageSettings.defaults(pageId));
    }

    /** Every page with stored settings, in no particular order. */
    public List<PageSettings> all() {
        return sql.list(SELECT, PageSettingsRepository::toDomain);
    }

    /** Inserts or replaces the page's settings, stamped {@code at}; returns what was stored. */
    public PageSettings save(PageSettings settings, Instant at) {
        Columns row = Columns.of(settings, at);
        sql.update(UPSERT, row.pageId, row.channel, row.handoverActive, row.setupKind, row.targetAppId,
                row.questionText, row.acceptTitle, row.rejectTitle, row.confirmationText, row.stayWithBotText,
                row.botIsBackText, row.handoverFailedText, row.honourInboxRequests, row.idleTimeoutMinutes,
                row.noShowMinutes, row.noShowText, row.hoursTimeZone, row.hoursWeekly, row.hoursHolidays,
                row.hoursOutside, row.outOfHoursText, row.pageLabel, row.shareUserWords, row.updatedAt);
        return row.toDomain();
    }

    private static PageSettings toDomain(Sql.Row r) throws SQLException {
        return new Columns(r.string("page_id"), r.enumOf(Channel.class, "channel"), r.bool("handover_active"),
                r.enumOf(SetupKind.class, "setup_kind"), r.string("target_app_id"), r.string("question_text"),
                r.string("accept_title"), r.string("reject_title"), r.string("confirmation_text"),
                r.string("stay_with_bot_text"), r.string("bot_is_back_text"), r.string("handover_failed_text"),
                r.bool("honour_inbox_requests"), r.intOrNull("idle_timeout_minutes"), r.intOrNull("no_show_minutes"),
                r.string("no_show_text"), r.string("hours_time_zone"), r.string("hours_weekly"),
                r.string("hours_holidays"), r.enumOf(BusinessHours.Outside.class, "hours_outside"),
                r.string("out_of_hours_text"), r.string("page_label"), r.bool("share_user_words"),
                r.instant("updated_at")).toDomain();
    }

    /**
     * A row's values: what {@link #save} writes and the reads map, so that {@code save} answers what a read of the
     * row gives (durations in whole minutes, the hours as their stored text).
     */
    private record Columns(String pageId, Channel channel, boolean handoverActive, SetupKind setupKind,
            String targetAppId, String questionText, String acceptTitle, String rejectTitle, String confirmationText,
            String stayWithBotText, String botIsBackText, String handoverFailedText, boolean honourInboxRequests,
            Integer idleTimeoutMinutes, Integer noShowMinutes, String noShowText, String hoursTimeZone,
            String hoursWeekly, String hoursHolidays, BusinessHours.Outside hoursOutside, String outOfHoursText,
            String pageLabel, boolean shareUserWords, Instant updatedAt) {

        static Columns of(PageSettings s, Instant at) {
            BusinessHours hours = s.businessHours();
            return new Columns(s.pageId(), s.channel(), s.handoverActive(), s.setupKind(), s.targetAppId(),
                    s.questionText(), s.acceptTitle(), s.rejectTitle(), s.confirmationText(), s.stayWithBotText(),
                    s.botIsBackText(), s.handoverFailedText(), s.honourInboxRequests(),
                    s.idleTimeout() == null ? null : Math.toIntExact(s.idleTimeout().toMinutes()),
                    s.noShow() == null ? null : Math.toIntExact(s.noShow().toMinutes()), s.noShowText(),
                    hours == null ? null : hours.zone().getId(), hours == null ? null : hours.weeklyText(),
                    hours == null ? null : hours.holidaysText(), hours == null ? null : hours.outside(),
                    s.outOfHoursText(), s.pageLabel(), s.shareUserWords(), at);
        }

        PageSettings toDomain() {
            return new PageSettings(pageId, channel, handoverActive, setupKind, targetAppId, questionText,
                    acceptTitle, rejectTitle, confirmationText, stayWithBotText, botIsBackText, honourInboxRequests,
                    idleTimeoutMinutes == null ? null : Duration.ofMinutes(idleTimeoutMinutes), updatedAt,
                    handoverFailedText, noShowMinutes == null ? null : Duration.ofMinutes(noShowMinutes), noShowText,
                    hours(), outOfHoursText, pageLabel, shareUserWords);
        }

        /** The stored hours (written by {@link #of} from valid ones); null when the page has none. */
        private BusinessHours hours() {
            if (hoursTimeZone == null) {
                return null;
            }
            return BusinessHours.of(hoursTimeZone, BusinessHours.parseWeekly(hoursWeekly),
                    BusinessHours.holidayLines(hoursHolidays),
                    hoursOutside == null ? BusinessHours.Outside.NO_HANDOVER : hoursOutside);
        }
    }
}
