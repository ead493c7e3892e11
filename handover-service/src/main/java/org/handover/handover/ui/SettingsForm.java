package org.handover.handover.ui;

import java.time.Duration;
import org.handover.contracts.Messenger;
import org.handover.handover.domain.PageSettings;
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
        return form;
    }

    public boolean activeTicked() {
        return handoverActive != null;
    }

    public boolean honourTicked() {
        return honourInboxRequests != null;
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
     * The update this form asks for on a page of {@code channel} (the channel is not edited here); {@code null} when
     * the idle timeout is not a whole number, which {@link #idleTimeoutError()} then explains.
     */
    public PageSettingsUpdate toUpdate(String channel) {
        String target = targetIsInbox() ? Messenger.PAGE_INBOX_APP_ID : strip(targetAppId);
        String botIsBack = botIsBackText == null || botIsBackText.isBlank() ? null : botIsBackText;
        String failed = handoverFailedText == null || handoverFailedText.isBlank() ? null : handoverFailedText;
        return new PageSettingsUpdate(channel, setupKind, target, questionText, acceptTitle, rejectTitle,
                confirmationText, stayWithBotText, botIsBack, honourTicked(), idleMinutes(), failed);
    }

    /** The error line of an idle timeout that is not a whole number of minutes; {@code null} when it is fine. */
    public String idleTimeoutError() {
        String value = strip(idleTimeoutMinutes);
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            Integer.parseInt(value);
            return null;
        } catch (NumberFormatException e) {
            return "idleTimeoutMinutes: must be a whole number of minutes, or empty for no idle timeout";
        }
    }

    private Integer idleMinutes() {
        String value = strip(idleTimeoutMinutes);
        if (value == null || value.isEmpty() || idleTimeoutError() != null) {
            return null;
        }
        return Integer.parseInt(value);
    }

    private static String strip(String value) {
        return value == null ? null : value.strip();
    }
}
