package org.handover.handover.domain;

import java.time.Duration;
import java.time.Instant;

/**
 * {@link PageSettings} for tests without its fourteen positional arguments: starts from
 * {@link PageSettings#defaults(String)} (handover off, the Page Inbox as target, the default texts) and changes only
 * what the test is about.
 */
public final class PageSettingsBuilder {

    private final String pageId;
    private Channel channel;
    private boolean handoverActive;
    private SetupKind setupKind;
    private String targetAppId;
    private String questionText;
    private String acceptTitle;
    private String rejectTitle;
    private String confirmationText;
    private String stayWithBotText;
    private String botIsBackText;
    private boolean honourInboxRequests;
    private Duration idleTimeout;
    private Instant updatedAt;
    private String handoverFailedText;
    private Duration noShow;
    private String noShowText;
    private BusinessHours businessHours;
    private String outOfHoursText;

    private PageSettingsBuilder(PageSettings from) {
        pageId = from.pageId();
        channel = from.channel();
        handoverActive = from.handoverActive();
        setupKind = from.setupKind();
        targetAppId = from.targetAppId();
        questionText = from.questionText();
        acceptTitle = from.acceptTitle();
        rejectTitle = from.rejectTitle();
        confirmationText = from.confirmationText();
        stayWithBotText = from.stayWithBotText();
        botIsBackText = from.botIsBackText();
        honourInboxRequests = from.honourInboxRequests();
        idleTimeout = from.idleTimeout();
        updatedAt = from.updatedAt();
        handoverFailedText = from.handoverFailedText();
        noShow = from.noShow();
        noShowText = from.noShowText();
        businessHours = from.businessHours();
        outOfHoursText = from.outOfHoursText();
    }

    /** The defaults of {@code pageId}. */
    public static PageSettingsBuilder page(String pageId) {
        return new PageSettingsBuilder(PageSettings.defaults(pageId));
    }

    /** Handover activated at {@code at} (which is also when the settings last changed). */
    public PageSettingsBuilder activeSince(Instant at) {
        handoverActive = true;
        updatedAt = at;
        return this;
    }

    public PageSettingsBuilder handoverActive(boolean value) {
        handoverActive = value;
        return this;
    }

    public PageSettingsBuilder updatedAt(Instant value) {
        updatedAt = value;
        return this;
    }

    public PageSettingsBuilder channel(Channel value) {
        channel = value;
        return this;
    }

    /** Conversation Routing or legacy roles, passing to {@code appId}. */
    public PageSettingsBuilder setup(SetupKind kind, String appId) {
        setupKind = kind;
        targetAppId = appId;
        return this;
    }

    /** The question and its two quick replies. */
    public PageSettingsBuilder question(String question, String accept, String reject) {
        questionText = question;
        acceptTitle = accept;
        rejectTitle = reject;
        return this;
    }

    /** What the bot says on accepting, on rejecting, and when the thread comes back ({@code null}: nothing). */
    public PageSettingsBuilder answers(String confirmation, String stayWithBot, String botIsBack) {
        confirmationText = confirmation;
        stayWithBotText = stayWithBot;
        botIsBackText = botIsBack;
        return this;
    }

    public PageSettingsBuilder botIsBackText(String value) {
        botIsBackText = value;
        return this;
    }

    public PageSettingsBuilder honourInboxRequests(boolean value) {
        honourInboxRequests = value;
        return this;
    }

    public PageSettingsBuilder idleTimeout(Duration value) {
        idleTimeout = value;
        return this;
    }

    /** What the bot says when a pass the user accepted is given up; {@code null} to say nothing. */
    public PageSettingsBuilder handoverFailedText(String value) {
        handoverFailedText = value;
        return this;
    }

    /** The agent's no-show wait after a pass the user accepted ({@code null}: never) and what the bot then says. */
    public PageSettingsBuilder noShow(Duration wait, String text) {
        noShow = wait;
        noShowText = text;
        return this;
    }

    /** The page's business hours ({@code null}: always open) and its out-of-hours text. */
    public PageSettingsBuilder businessHours(BusinessHours hours, String text) {
        businessHours = hours;
        outOfHoursText = text;
        return this;
    }

    public PageSettings build() {
        return new PageSettings(pageId, channel, handoverActive, setupKind, targetAppId, questionText, acceptTitle,
                rejectTitle, confirmationText, stayWithBotText, botIsBackText, honourInboxRequests, idleTimeout,
                updatedAt, handoverFailedText, noShow, noShowText, businessHours, outOfHoursText);
    }
}
