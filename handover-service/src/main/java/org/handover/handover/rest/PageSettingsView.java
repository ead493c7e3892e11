package org.handover.handover.rest;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.time.Instant;
import org.handover.handover.domain.PageSettings;

/** A page's handover settings as the admin API shows them. */
public record PageSettingsView(
        String pageId,
        boolean handoverActive,
        String channel,
        String setupKind,
        String targetAppId,
        String questionText,
        String acceptTitle,
        String rejectTitle,
        String confirmationText,
        String stayWithBotText,
        String botIsBackText,
        boolean honourInboxRequests,
        Integer idleTimeoutMinutes,
        Instant updatedAt,
        String handoverFailedText,
        int noShowMinutes,
        String noShowText,
        BusinessHoursBody businessHours,
        String outOfHoursText,
        String pageLabel,
        boolean shareUserWords) {

    @JsonCreator
    public PageSettingsView {
    }

    /** A view without a no-show take-back or business hours and without their texts (what a PUT without them stores). */
    public PageSettingsView(String pageId, boolean handoverActive, String channel, String setupKind,
            String targetAppId, String questionText, String acceptTitle, String rejectTitle, String confirmationText,
            String stayWithBotText, String botIsBackText, boolean honourInboxRequests, Integer idleTimeoutMinutes,
            Instant updatedAt, String handoverFailedText) {
        this(pageId, handoverActive, channel, setupKind, targetAppId, questionText, acceptTitle, rejectTitle,
                confirmationText, stayWithBotText, botIsBackText, honourInboxRequests, idleTimeoutMinutes, updatedAt,
                handoverFailedText, 0, null, null, null, null, false);
    }

    static PageSettingsView of(PageSettings s) {
        return new PageSettingsView(s.pageId(), s.handoverActive(), s.channel().name(), s.setupKind().name(),
                s.targetAppId(), s.questionText(), s.acceptTitle(), s.rejectTitle(), s.confirmationText(),
                s.stayWithBotText(), s.botIsBackText(), s.honourInboxRequests(),
                s.idleTimeout() == null ? null : Math.toIntExact(s.idleTimeout().toMinutes()), s.updatedAt(),
                s.handoverFailedText(), s.noShow() == null ? 0 : Math.toIntExact(s.noShow().toMinutes()),
                s.noShowText(), BusinessHoursBody.of(s.businessHours()), s.outOfHoursText(), s.pageLabel(),
                s.shareUserWords());
    }
}
