package org.handover.handover.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.handover.handover.domain.BusinessHours;
import org.handover.handover.domain.Channel;
import org.handover.handover.domain.PageIds;
import org.handover.handover.domain.PageSettings;
import org.handover.handover.domain.SetupKind;

/**
 * Row of {@code page_settings}; mapped to {@link PageSettings} at the repository. The lengths are
 * {@link PageSettings}' limits, the same the API and the settings page enforce (Flyway's {@code V4} set the columns
 * to them; {@code PageSettingsLimitsTest} checks the columns against the constants).
 */
@Entity
@Table(name = "page_settings")
public class PageSettingsEntity {

    @Id
    @Column(name = "page_id", length = PageIds.MAX)
    public String pageId;

    @Enumerated(EnumType.STRING)
    @Column(name = "channel", nullable = false, length = 16)
    public Channel channel;

    @Column(name = "handover_active", nullable = false)
    public boolean handoverActive;

    @Enumerated(EnumType.STRING)
    @Column(name = "setup_kind", nullable = false, length = 32)
    public SetupKind setupKind;

    @Column(name = "target_app_id", nullable = false, length = 64)
    public String targetAppId;

    @Column(name = "question_text", nullable = false, length = PageSettings.TEXT_MAX)
    public String questionText;

    @Column(name = "accept_title", nullable = false, length = PageSettings.QUICK_REPLY_TITLE_MAX)
    public String acceptTitle;

    @Column(name = "reject_title", nullable = false, length = PageSettings.QUICK_REPLY_TITLE_MAX)
    public String rejectTitle;

    @Column(name = "confirmation_text", nullable = false, length = PageSettings.TEXT_MAX)
    public String confirmationText;

    @Column(name = "stay_with_bot_text", nullable = false, length = PageSettings.TEXT_MAX)
    public String stayWithBotText;

    @Column(name = "bot_is_back_text", length = PageSettings.TEXT_MAX)
    public String botIsBackText;

    /** Told to a user whose accepted handover could not be carried out; null to say nothing. */
    @Column(name = "handover_failed_text", length = PageSettings.TEXT_MAX)
    public String handoverFailedText;

    @Column(name = "honour_inbox_requests", nullable = false)
    public boolean honourInboxRequests;

    @Column(name = "idle_timeout_minutes")
    public Integer idleTimeoutMinutes;

    /** The agent's no-show wait after a pass the user accepted; null for none. */
    @Column(name = "no_show_minutes")
    public Integer noShowMinutes;

    /** Told to the user when the bot took the thread back after an agent's no-show; null to say nothing. */
    @Column(name = "no_show_text", length = PageSettings.TEXT_MAX)
    public String noShowText;

    /** The business hours' time zone; null when the page has none (always open). */
    @Column(name = "hours_time_zone", length = 64)
    public String hoursTimeZone;

    /** The weekly spans, {@code BusinessHours.weeklyText()}. */
    @Column(name = "hours_weekly", length = BusinessHours.COLUMN_MAX)
    public String hoursWeekly;

    /** The holidays, one ISO date per line. */
    @Column(name = "hours_holidays", length = BusinessHours.COLUMN_MAX)
    public String hoursHolidays;

    @Enumerated(EnumType.STRING)
    @Column(name = "hours_outside", length = 24)
    public BusinessHours.Outside hoursOutside;

    @Column(name = "out_of_hours_text", length = PageSettings.TEXT_MAX)
    public String outOfHoursText;

    /** What the agent is told the page is called; null: its name on Facebook (Flyway {@code V24}). */
    @Column(name = "page_label", length = PageSettings.PAGE_LABEL_MAX)
    public String pageLabel;

    /** Whether the agent is told the start of the user's last typed words (Flyway {@code V26}). */
    @Column(name = "share_user_words", nullable = false)
    public boolean shareUserWords;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
