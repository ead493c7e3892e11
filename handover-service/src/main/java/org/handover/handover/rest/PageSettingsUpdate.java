package org.handover.handover.rest;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.handover.handover.domain.BusinessHours;
import org.handover.handover.domain.Channel;
import org.handover.handover.domain.PageSettings;
import org.handover.handover.domain.SetupKind;

/**
 * The body of {@code PUT /admin/pages/{pageId}/settings}: every editable setting (activation has its own endpoints).
 * Enums arrive as strings so that a wrong value is reported like any other invalid field. {@code botIsBackText} and
 * {@code handoverFailedText} may be null: the bot then says nothing at that moment; so may {@code noShowText} and
 * {@code outOfHoursText} (the latter is required when the hours send it). {@code noShowMinutes} null or 0 is off;
 * {@code businessHours} null is always open ({@link BusinessHoursBody}). {@code pageLabel} (one line, at most
 * {@link PageSettings#PAGE_LABEL_MAX} characters) is what the agent is told the page is called; null or empty: the
 * page's name on Facebook. {@code shareUserWords} (null: false) tells the agent the start of what the user last typed.
 */
public record PageSettingsUpdate(
        String channel,
        String setupKind,
        String targetAppId,
        String questionText,
        String acceptTitle,
        String rejectTitle,
        String confirmationText,
        String stayWithBotText,
        String botIsBackText,
        Boolean honourInboxRequests,
        Integer idleTimeoutMinutes,
        String handoverFailedText,
        Integer noShowMinutes,
        String noShowText,
        BusinessHoursBody businessHours,
        String outOfHoursText,
        String pageLabel,
        Boolean shareUserWords) {

    /** An update without a no-show take-back or business hours (and without their texts). */
    public PageSettingsUpdate(String channel, String setupKind, String targetAppId, String questionText,
            String acceptTitle, String rejectTitle, String confirmationText, String stayWithBotText,
            String botIsBackText, Boolean honourInboxRequests, Integer idleTimeoutMinutes, String handoverFailedText) {
        this(channel, setupKind, targetAppId, questionText, acceptTitle, rejectTitle, confirmationText,
                stayWithBotText, botIsBackText, honourInboxRequests, idleTimeoutMinutes, handoverFailedText, null, null,
                null, null);
    }

    /** An update that does not share the user's words with the agent. */
    public PageSettingsUpdate(String channel, String setupKind, String targetAppId, String questionText,
            String acceptTitle, String rejectTitle, String confirmationText, String stayWithBotText,
            String botIsBackText, Boolean honourInboxRequests, Integer idleTimeoutMinutes, String handoverFailedText,
            Integer noShowMinutes, String noShowText, BusinessHoursBody businessHours, String outOfHoursText,
            String pageLabel) {
        this(channel, setupKind, targetAppId, questionText, acceptTitle, rejectTitle, confirmationText,
                stayWithBotText, botIsBackText, honourInboxRequests, idleTimeoutMinutes, handoverFailedText,
                noShowMinutes, noShowText, businessHours, outOfHoursText, pageLabel, null);
    }

    /** An update without a page label. */
    public PageSettingsUpdate(String channel, String setupKind, String targetAppId, String questionText,
            String acceptTitle, String rejectTitle, String confirmationText, String stayWithBotText,
            String botIsBackText, Boolean honourInboxRequests, Integer idleTimeoutMinutes, String handoverFailedText,
            Integer noShowMinutes, String noShowText, BusinessHoursBody businessHours, String outOfHoursText) {
        this(channel, setupKind, targetAppId, questionText, acceptTitle, rejectTitle, confirmationText,
                stayWithBotText, botIsBackText, honourInboxRequests, idleTimeoutMinutes, handoverFailedText,
                noShowMinutes, noShowText, businessHours, outOfHoursText, null);
    }

    @JsonCreator
    public PageSettingsUpdate {
    }

    /** Each text's limit: {@link PageSettings#TEXT_MAX}, Messenger's limit on the plain text message it is sent as. */
    public static final int TEXT_MAX = PageSettings.TEXT_MAX;

    /** One line per invalid field; empty when the update may be applied. */
    public List<String> validate() {
        List<String> errors = new ArrayList<>();
        oneOf(errors, "channel", channel, Channel.values());
        oneOf(errors, "setupKind", setupKind, SetupKind.values());
        if (targetAppId == null || !targetAppId.matches("[0-9]{1,20}")) {
            errors.add("targetAppId: must be a numeric app id (the Page Inbox is 263902037430900)");
        }
        text(errors, "questionText", questionText, TEXT_MAX);
        text(errors, "acceptTitle", acceptTitle, PageSettings.QUICK_REPLY_TITLE_MAX);
        text(errors, "rejectTitle", rejectTitle, PageSettings.QUICK_REPLY_TITLE_MAX);
        if (acceptTitle != null && rejectTitle != null && !acceptTitle.isBlank()
                && acceptTitle.strip().equalsIgnoreCase(rejectTitle.strip())) {
            errors.add("rejectTitle: must differ from acceptTitle");
        }
        text(errors, "confirmationText", confirmationText, TEXT_MAX);
        text(errors, "stayWithBotText", stayWithBotText, TEXT_MAX);
        if (botIsBackText != null) {
            text(errors, "botIsBackText", botIsBackText, TEXT_MAX);
        }
        if (handoverFailedText != null) {
            text(errors, "handoverFailedText", handoverFailedText, TEXT_MAX);
        }
        if (honourInboxRequests == null) {
            errors.add("honourInboxRequests: required (true or false)");
        }
        if (idleTimeoutMinutes != null && idleTimeoutMinutes < 1) {
            errors.add("idleTimeoutMinutes: must be at least 1, or null for no idle timeout");
        }
        if (noShowMinutes != null && (noShowMinutes < 0 || noShowMinutes > PageSettings.NO_SHOW_MAX_MINUTES)) {
            errors.add("noShowMinutes: 0 (off) to " + PageSettings.NO_SHOW_MAX_MINUTES + " minutes");
        }
        if (noShowText != null) {
            text(errors, "noShowText", noShowText, TEXT_MAX);
        }
        if (outOfHoursText != null) {
            text(errors, "outOfHoursText", outOfHoursText, TEXT_MAX);
        }
        if (pageLabel != null && !pageLabel.isBlank()) {
            text(errors, "pageLabel", pageLabel, PageSettings.PAGE_LABEL_MAX);
            if (pageLabel.strip().chars().anyMatch(c -> c == '\n' || c == '\r' || c == '\t')) {
                errors.add("pageLabel: one line, without line breaks or tabs");
            }
        }
        if (businessHours != null) {
            List<String> hours = businessHours.validate("businessHours");
            errors.addAll(hours);
            if (hours.isEmpty() && businessHours.outsideMode() == BusinessHours.Outside.OUT_OF_HOURS_TEXT
                    && (outOfHoursText == null || outOfHoursText.isBlank())) {
                errors.add("outOfHoursText: required when the out-of-hours text is sent outside the hours");
            }
        }
        return errors;
    }

    /**
     * The page's settings with this update applied. A change of channel, setup kind or target app deactivates an
     * active page: the activation checks must run again for the new setup. Call only when {@link #validate()} is
     * empty.
     */
    public PageSettings applyTo(PageSettings current, Instant at) {
        Channel newChannel = Channel.valueOf(channel.strip().toUpperCase(Locale.ROOT));
        SetupKind newSetup = SetupKind.valueOf(setupKind.strip().toUpperCase(Locale.ROOT));
        boolean setupChanged = newChannel != current.channel() || newSetup != current.setupKind()
                || !targetAppId.equals(current.targetAppId());
        return new PageSettings(current.pageId(), newChannel, current.handoverActive() && !setupChanged, newSetup,
                targetAppId, questionText.strip(), acceptTitle.strip(), rejectTitle.strip(), confirmationText.strip(),
                stayWithBotText.strip(), botIsBackText == null ? null : botIsBackText.strip(), honourInboxRequests,
                idleTimeoutMinutes == null ? null : Duration.ofMinutes(idleTimeoutMinutes), at,
                handoverFailedText == null ? null : handoverFailedText.strip(),
                noShowMinutes == null || noShowMinutes == 0 ? null : Duration.ofMinutes(noShowMinutes),
                noShowText == null ? null : noShowText.strip(),
                businessHours == null ? null : businessHours.toDomain(),
                outOfHoursText == null ? null : outOfHoursText.strip(),
                pageLabel == null || pageLabel.isBlank() ? null : pageLabel.strip(),
                Boolean.TRUE.equals(shareUserWords));
    }

    private static void text(List<String> errors, String field, String value, int max) {
        if (value == null || value.isBlank()) {
            errors.add(field + ": must not be blank");
            return;
        }
        String stripped = value.strip();
        int length = stripped.codePointCount(0, stripped.length());
        if (length > max) {
            errors.add(field + ": at most " + max + " characters");
        } else if (!plainText(stripped)) {
            // PostgreSQL cannot store U+0000, and a lone surrogate is no character at all: refuse both here, with
            // the other control characters that have no place in a chat message, rather than fail on the column.
            errors.add(field + ": must be text without control characters (line breaks and tabs are fine)");
        }
    }

    /** Whether {@code text} is whole Unicode characters without C0/C1 controls other than tab and line breaks. */
    static boolean plainText(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)
                    || Character.isISOControl(c) && c != '\t' && c != '\n' && c != '\r') {
                return false;
            }
        }
        return true;
    }

    private static void oneOf(List<String> errors, String field, String value, Enum<?>[] allowed) {
        boolean known = value != null && Arrays.stream(allowed)
                .anyMatch(e -> e.name().equals(value.strip().toUpperCase(Locale.ROOT)));
        if (!known) {
            errors.add(field + ": must be one of " + Arrays.toString(allowed));
        }
    }
}
