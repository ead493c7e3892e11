package org.handover.handover.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.handover.contracts.Messenger;

/**
 * The handover settings of one page, as its admin set them. Immutable; {@link #defaults(String)} gives what a page
 * that nobody configured gets: handover off, the Page Inbox as target, English texts the admin is expected to adjust.
 *
 * @param pageId              the page
 * @param channel             where the page talks to its users
 * @param handoverActive      whether "Activate Handover Protocol" is ticked (and passed the activation checks)
 * @param setupKind           legacy roles or Conversation Routing
 * @param targetAppId         the app that receives the conversation: the Page Inbox or a customer-service app
 * @param questionText        the "Change to agent" question
 * @param acceptTitle         the quick reply that accepts (at most 20 characters)
 * @param rejectTitle         the quick reply that rejects (at most 20 characters)
 * @param confirmationText    sent before control passes to the agent
 * @param stayWithBotText     sent when the user rejects
 * @param botIsBackText       sent when control comes back to the bot; {@code null} to say nothing
 * @param honourInboxRequests whether a {@code request_thread_control} from the target app is honoured
 * @param idleTimeout         after this long without activity an agent-held conversation returns to the bot;
 *                            {@code null} for never
 * @param updatedAt           when the settings last changed
 * @param handoverFailedText  sent when control could not be passed after the user accepted (Meta refused, or kept
 *                            failing): the bot carries on; {@code null} to say nothing
 * @param noShow              after this long without a word of the agent following a pass the user accepted, the bot
 *                            takes the thread back ({@code no_show}); {@code null} for never
 * @param noShowText          sent when the bot took the thread back after an agent's no-show; {@code null} to say
 *                            nothing
 * @param businessHours       when the team answers; {@code null} for always
 * @param outOfHoursText      sent instead of the question outside the hours, when {@link BusinessHours#outside()}
 *                            says so
 * @param pageLabel           what the agent is told the page is called (the pass's metadata), instead of its name on
 *                            Facebook; {@code null} to use that name
 * @param shareUserWords      whether the agent is told the start of what the user last typed (the pass's metadata);
 *                            off unless the admin turns it on (the words are then kept at most a day, see
 *                            {@code ConversationWordsRepository})
 */
public record PageSettings(
        String pageId,
        Channel channel,
        boolean handoverActive,
        SetupKind setupKind,
        String targetAppId,
        String questionText,
        String acceptTitle,
        String rejectTitle,
        String confirmationText,
        String stayWithBotText,
        String botIsBackText,
        boolean honourInboxRequests,
        Duration idleTimeout,
        Instant updatedAt,
        String handoverFailedText,
        Duration noShow,
        String noShowText,
        BusinessHours businessHours,
        String outOfHoursText,
        String pageLabel,
        boolean shareUserWords) {

    /** Quick-reply titles are cut by Messenger beyond this many characters. */
    public static final int QUICK_REPLY_TITLE_MAX = 20;

    /**
     * Messenger's limit on a text message, in characters. bot-service sends every text of these settings as one
     * plain text message (the question with the two quick replies), so this is each text's limit: in the API, on the
     * settings page and in the database column.
     */
    public static final int TEXT_MAX = 2000;

    public static final String DEFAULT_QUESTION = "I could not find an answer to that. Would you like to talk to a person?";
    public static final String DEFAULT_ACCEPT = "Yes, an agent";
    public static final String DEFAULT_REJECT = "No, thanks";
    public static final String DEFAULT_CONFIRMATION = "Alright, a person from our team will answer you here shortly.";
    public static final String DEFAULT_STAY_WITH_BOT = "No problem, I am still here. Choose one of the options or ask me again.";
    public static final String DEFAULT_BOT_IS_BACK = "Our team has finished. I am back: ask me anything.";
    public static final String DEFAULT_HANDOVER_FAILED = "Sorry, nobody from our team can take over right now. I am still here: choose one of the options or ask me again.";
    public static final String DEFAULT_NO_SHOW = "Sorry, nobody from our team could answer you in time. I am back: choose one of the options or ask me again.";
    public static final String DEFAULT_OUT_OF_HOURS = "Our team is not available right now. I am still here: choose one of the options or ask me again.";

    /** The longest no-show wait in minutes: Meta makes a thread idle after 24 hours anyway. */
    public static final int NO_SHOW_MAX_MINUTES = 1440;

    /**
     * The longest page label, in characters: in the API, on the settings page and in the column; also where the
     * agent's context shortens a page's name from Facebook ({@link AgentContext}), so a label is never cut there.
     */
    public static final int PAGE_LABEL_MAX = 100;

    public PageSettings {
        Objects.requireNonNull(pageId, "pageId");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(setupKind, "setupKind");
        Objects.requireNonNull(targetAppId, "targetAppId");
    }

    /** Settings that do not share the user's words with the agent. */
    public PageSettings(String pageId, Channel channel, boolean handoverActive, SetupKind setupKind,
            String targetAppId, String questionText, String acceptTitle, String rejectTitle, String confirmationText,
            String stayWithBotText, String botIsBackText, boolean honourInboxRequests, Duration idleTimeout,
            Instant updatedAt, String handoverFailedText, Duration noShow, String noShowText,
            BusinessHours businessHours, String outOfHoursText, String pageLabel) {
        this(pageId, channel, handoverActive, setupKind, targetAppId, questionText, acceptTitle, rejectTitle,
                confirmationText, stayWithBotText, botIsBackText, honourInboxRequests, idleTimeout, updatedAt,
                handoverFailedText, noShow, noShowText, businessHours, outOfHoursText, pageLabel, false);
    }

    /** Settings without a page label: the agent is told the page's name on Facebook. */
    public PageSettings(String pageId, Channel channel, boolean handoverActive, SetupKind setupKind,
            String targetAppId, String questionText, String acceptTitle, String rejectTitle, String confirmationText,
            String stayWithBotText, String botIsBackText, boolean honourInboxRequests, Duration idleTimeout,
            Instant updatedAt, String handoverFailedText, Duration noShow, String noShowText,
            BusinessHours businessHours, String outOfHoursText) {
        this(pageId, channel, handoverActive, setupKind, targetAppId, questionText, acceptTitle, rejectTitle,
                confirmationText, stayWithBotText, botIsBackText, honourInboxRequests, idleTimeout, updatedAt,
                handoverFailedText, noShow, noShowText, businessHours, outOfHoursText, null);
    }

    /** Settings with the default {@link #DEFAULT_HANDOVER_FAILED} text (not edited by the admin API yet). */
    public PageSettings(String pageId, Channel channel, boolean handoverActive, SetupKind setupKind,
            String targetAppId, String questionText, String acceptTitle, String rejectTitle, String confirmationText,
            String stayWithBotText, String botIsBackText, boolean honourInboxRequests, Duration idleTimeout,
            Instant updatedAt) {
        this(pageId, channel, handoverActive, setupKind, targetAppId, questionText, acceptTitle, rejectTitle,
                confirmationText, stayWithBotText, botIsBackText, honourInboxRequests, idleTimeout, updatedAt,
                DEFAULT_HANDOVER_FAILED);
    }

    /** Settings without a no-show take-back or business hours, with the default texts for them. */
    public PageSettings(String pageId, Channel channel, boolean handoverActive, SetupKind setupKind,
            String targetAppId, String questionText, String acceptTitle, String rejectTitle, String confirmationText,
            String stayWithBotText, String botIsBackText, boolean honourInboxRequests, Duration idleTimeout,
            Instant updatedAt, String handoverFailedText) {
        this(pageId, channel, handoverActive, setupKind, targetAppId, questionText, acceptTitle, rejectTitle,
                confirmationText, stayWithBotText, botIsBackText, honourInboxRequests, idleTimeout, updatedAt,
                handoverFailedText, null, DEFAULT_NO_SHOW, null, DEFAULT_OUT_OF_HOURS);
    }

    /** What a page nobody configured gets. */
    public static PageSettings defaults(String pageId) {
        return new PageSettings(pageId, Channel.MESSENGER, false, SetupKind.LEGACY_ROLES, Messenger.PAGE_INBOX_APP_ID,
                DEFAULT_QUESTION, DEFAULT_ACCEPT, DEFAULT_REJECT, DEFAULT_CONFIRMATION, DEFAULT_STAY_WITH_BOT,
                DEFAULT_BOT_IS_BACK, true, null, null);
    }

    /** A copy activated or deactivated. */
    public PageSettings withHandoverActive(boolean active, Instant at) {
        return new PageSettings(pageId, channel, active, setupKind, targetAppId, questionText, acceptTitle, rejectTitle,
                confirmationText, stayWithBotText, botIsBackText, honourInboxRequests, idleTimeout, at,
                handoverFailedText, noShow, noShowText, businessHours, outOfHoursText, pageLabel, shareUserWords);
    }

    /** Whether the team answers at {@code at} (the event's time): always when the page has no business hours. */
    public boolean openAt(Instant at) {
        return businessHours == null || at == null || businessHours.openAt(at);
    }
}
