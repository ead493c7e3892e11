package org.handover.handover.rest;

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
        String outOfHoursText) {

    static PageSettingsView of(PageSettings s) {
        return new PageSettingsView(s.pageId(), s.handoverActive(), s.channel().name(), s.setupKind().name(),
                s.targetAppId(), s.questionText(), s.acceptTitle(), s.rejectTitle(), s.confirmationText(),
                s.stayWithBotText(), s.botIsBackText(), s.honourInboxRequests(),
                s.idleTimeout() == null ? null : Math.toIntExact(s.idleTimeout().toMinutes()), s.updatedAt(),
                s.handoverFailedText(), s.noShow() == null ? 0 : Math.toIntExact(s.noShow().toMinutes()),
                s.noShowText(), BusinessHoursBody.of(s.businessHours()), s.outOfHoursText());
    }
}
