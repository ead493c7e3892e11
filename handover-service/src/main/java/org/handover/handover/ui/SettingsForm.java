package org.handover.handover.ui;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.handover.contracts.Messenger;
import org.handover.handover.domain.BusinessHours;
import org.handover.handover.domain.PageSettings;
import org.handover.handover.rest.BusinessHoursBody;
import org.handover.handover.rest.PageSettingsUpdate;
import org.jboss.resteasy.reactive.RestForm;

/**
 * The settings form as posted, and as shown: from the stored settings, or the values the admin sent back when they
 * could not all be applied (so that nothing typed is lost). Every value is a string as in the form; turning it into
 * a {@link PageSettingsUpdate} leaves every rule to {@link PageSettingsUpdate#validate()}.
 */
public class SettingsForm {

    /** {@code target} when the Page Inbox receives the conversations. */
    public static final String TARGET_INBOX = "inbox";
    /** {@code target} when another app (its id in {@code targetAppId}) receives them. */
    public static final String TARGET_APP = "app";

    /** "on" when "Activate Handover Protocol" is ticked; absent otherwise (and when the box is disabled). */
    @RestForm
    public String handoverActive;
    @RestForm
    public String setupKind;
    @RestForm
    public String target;
    @RestForm
    public String targetAppId;
    @RestForm
    public String questionText;
    @RestForm
    public String acceptTitle;
    @RestForm
    public String rejectTitle;
    @RestForm
    public String confirmationText;
    @RestForm
    public String stayWithBotText;
    @RestForm
    public String botIsBackText;
    @RestForm
    public String handoverFailedText;
    @RestForm
    public String honourInboxRequests;
    @RestForm
    public String idleTimeoutMinutes;
    @RestForm
    public String noShowMinutes;
    @RestForm
    public String noShowText;
    /** The business hours' time zone; empty (with no weekly hours) for always open. */
    @RestForm
    public String hoursTimeZone;
    /** One line per day: {@code Mon 09:00-12:00, 13:00-17:00}. */
    @RestForm
    public String hoursWeekly;
    /** One date per line: {@code 2026-12-25}. */
    @RestForm
    public String hoursHolidays;
    /** {@code NO_HANDOVER} or {@code OUT_OF_HOURS_TEXT}. */
    @RestForm
    public String hoursOutside;
    @RestForm
    public String outOfHoursText;
    /** What the agent is told the page is called; empty: its name on Facebook. */
    @RestForm
    public String pageLabel;
    /** "on" when the agent is told the start of what the user last typed. */
    @RestForm
    public String shareUserWords;

    /** The form filled with the stored settings. */
    public static SettingsForm of(PageSettings s) {
        SettingsForm form = new SettingsForm();
        form.handoverActive = s.handoverActive() ? "on" : null;
        form.setupKind = s.setupKind().name();
        boolean inbox = Messenger.PAGE_INBOX_APP_ID.equals(s.targetAppId());
        form.target = inbox ? TARGET_INBOX : TARGET_APP;
        form.targetAppId = inbox ? "" : s.targetAppId();
        form.questionText = s.questionText();
        form.acceptTitle = s.acceptTitle();
        form.rejectTitle = s.rejectTitle();
        form.confirmationText = s.confirmationText();
        form.stayWithBotText = s.stayWithBotText();
        form.botIsBackText = s.botIsBackText() == null ? "" : s.botIsBackText();
        form.handoverFailedText = s.handoverFailedText() == null ? "" : s.handoverFailedText();
        form.honourInboxRequests = s.honourInboxRequests() ? "on" : null;
        Duration idle = s.idleTimeout();
        form.idleTimeoutMinutes = idle == null ? "" : Long.toString(idle.toMinutes());
        form.noShowMinutes = s.noShow() == null ? "0" : Long.toString(s.noShow().toMinutes());
        form.noShowText = s.noShowText() == null ? "" : s.noShowText();
        BusinessHours hours = s.businessHours();
        form.hoursTimeZone = hours == null ? "" : hours.zone().getId();
        form.hoursWeekly = hours == null ? "" : hours.weeklyText();
        form.hoursHolidays = hours == null ? "" : hours.holidaysText();
        form.hoursOutside = hours == null ? BusinessHours.Outside.NO_HANDOVER.name() : hours.outside().name();
        form.outOfHoursText = s.outOfHoursText() == null ? "" : s.outOfHoursText();
        form.pageLabel = s.pageLabel() == null ? "" : s.pageLabel();
        form.shareUserWords = s.shareUserWords() ? "on" : null;
        return form;
    }

    public boolean activeTicked() {
        return handoverActive != null;
    }

    public boolean shareWordsTicked() {
        return shareUserWords != null;
    }

    public boolean honourTicked() {
        return honourInboxRequests != null;
    }

    /** Whether the out-of-hours text is chosen for outside the hours (else the question is not offered). */
    public boolean outsideSendsText() {
        return BusinessHours.Outside.OUT_OF_HOURS_TEXT.name().equals(hoursOutside);
    }

    public boolean targetIsInbox() {
        return !TARGET_APP.equals(target);
    }

    /** The form with "Activate Handover Protocol" shown unticked (after a refused activation). */
    public SettingsForm unticked() {
        handoverActive = null;
        return this;
    }

    /**
     * The update this form asks for on a page of {@code channel} (the channel is not edited here). A number that is
     * not a whole number, or a line of the weekly hours that cannot be read, is left out of it: {@link #formErrors()}
     * explains those, and the rest is checked by {@link PageSettingsUpdate#validate()}.
     */
    public PageSettingsUpdate toUpdate(String channel) {
        String target = targetIsInbox() ? Messenger.PAGE_INBOX_APP_ID : strip(targetAppId);
        String botIsBack = botIsBackText == null || botIsBackText.isBlank() ? null : botIsBackText;
        String failed = handoverFailedText == null || handoverFailedText.isBlank() ? null : handoverFailedText;
        String noShow = noShowText == null || noShowText.isBlank() ? null : noShowText;
        String outOfHours = outOfHoursText == null || outOfHoursText.isBlank() ? null : outOfHoursText;
        return new PageSettingsUpdate(channel, setupKind, target, questionText, acceptTitle, rejectTitle,
                confirmationText, stayWithBotText, botIsBack, honourTicked(), whole(idleTimeoutMinutes),
                failed, whole(noShowMinutes), noShow, hours(new ArrayList<>()), outOfHours,
                pageLabel == null || pageLabel.isBlank() ? null : pageLabel, shareWordsTicked());
    }

    /**
     * What the page itself cannot read, before {@link PageSettingsUpdate#validate()}: numbers that are not whole
     * numbers, lines of the weekly hours that are not {@code Day HH:MM-HH:MM, ...}. Empty when fine.
     */
    public List<String> formErrors() {
        List<String> errors = new ArrayList<>();
        if (notWhole(idleTimeoutMinutes)) {
            errors.add("idleTimeoutMinutes: must be a whole number of minutes, or empty for no idle timeout");
        }
        if (notWhole(noShowMinutes)) {
            errors.add("noShowMinutes: must be a whole number of minutes, 0 for off");
        }
        List<String> lines = new ArrayList<>();
        hours(lines);
        lines.forEach(line -> errors.add("businessHours.weekly: " + line));
        return errors;
    }

    /** The error line of an idle timeout that is not a whole number of minutes; {@code null} when it is fine. */
    public String idleTimeoutError() {
        return notWhole(idleTimeoutMinutes)
                ? "idleTimeoutMinutes: must be a whole number of minutes, or empty for no idle timeout" : null;
    }

    /** The hours typed; {@code null} when none (always open). Lines that cannot be read go to {@code errors}. */
    private BusinessHoursBody hours(List<String> errors) {
        boolean none = blank(hoursTimeZone) && blank(hoursWeekly) && blank(hoursHolidays);
        List<BusinessHours.Span> spans = BusinessHours.parseWeekly(hoursWeekly, errors);
        if (none) {
            return null;
        }
        List<BusinessHoursBody.SpanBody> weekly = spans.stream()
                .map(sp -> new BusinessHoursBody.SpanBody(sp.day().name(), hhmm(sp.fromMinute()), hhmm(sp.toMinute())))
                .toList();
        return new BusinessHoursBody(strip(hoursTimeZone), errors.isEmpty() || !weekly.isEmpty() ? weekly : null,
                BusinessHours.holidayLines(hoursHolidays), blank(hoursOutside) ? null : hoursOutside);
    }

    private static String hhmm(int minute) {
        return String.format(Locale.ROOT, "%02d:%02d", minute / 60, minute % 60);
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    private static boolean notWhole(String value) {
        String v = strip(value);
        if (v == null || v.isEmpty()) {
            return false;
        }
        try {
            Integer.parseInt(v);
            return false;
        } catch (NumberFormatException e) {
            return true;
        }
    }

    /** The number typed, {@code null} when empty or not a whole number. */
    private static Integer whole(String value) {
        String v = strip(value);
        if (v == null || v.isEmpty() || notWhole(v)) {
            return null;
        }
        return Integer.parseInt(v);
    }

    private static String strip(String value) {
        return value == null ? null : value.strip();
    }
}
