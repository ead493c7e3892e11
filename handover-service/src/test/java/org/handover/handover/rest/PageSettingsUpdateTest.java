package org.handover.handover.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.handover.handover.domain.Channel;
import org.handover.handover.domain.PageSettings;
import org.handover.handover.domain.PageSettingsBuilder;
import org.handover.handover.domain.SetupKind;
import org.junit.jupiter.api.Test;

class PageSettingsUpdateTest {

    private static final Instant AT = Instant.parse("2026-11-25T10:00:00Z");

    private static PageSettingsUpdate valid() {
        return new PageSettingsUpdate("MESSENGER", "LEGACY_ROLES", "263902037430900", "Talk to a person?", "Yes please",
                "No thanks", "Connecting you", "Staying with you", null, true, null,
                "Nobody is free");
    }

    @Test
    void acceptsCompleteSettings() {
        assertThat(valid().validate()).isEmpty();
    }

    @Test
    void listsEveryInvalidField() {
        PageSettingsUpdate update = new PageSettingsUpdate("FAX", null, "inbox", " ", "An accept title far too long",
                "", null, "ok", "  ", null, 0, "\u0000");

        assertThat(update.validate()).containsExactly(
                "channel: must be one of [MESSENGER, TELEGRAM, WHATSAPP]",
                "setupKind: must be one of [LEGACY_ROLES, CONVERSATION_ROUTING]",
                "targetAppId: must be a numeric app id (the Page Inbox is 263902037430900)",
                "questionText: must not be blank",
                "acceptTitle: at most 20 characters",
                "rejectTitle: must not be blank",
                "confirmationText: must not be blank",
                "botIsBackText: must not be blank",
                "handoverFailedText: must be text without control characters (line breaks and tabs are fine)",
                "honourInboxRequests: required (true or false)",
                "idleTimeoutMinutes: must be at least 1, or null for no idle timeout");
    }

    @Test
    void countsTitleLengthInCharactersNotBytes() {
        PageSettingsUpdate update = new PageSettingsUpdate("MESSENGER", "LEGACY_ROLES", "1", "Q", "Oui, un conseiller é",
                "Non", "C", "S", null, true, 1, null);

        assertThat(update.validate()).isEmpty();
    }

    @Test
    void refusesIdenticalAcceptAndRejectTitles() {
        PageSettingsUpdate update = new PageSettingsUpdate("MESSENGER", "LEGACY_ROLES", "1", "Q", "Yes", " yes ", "C",
                "S", null, true, null, null);

        assertThat(update.validate()).containsExactly("rejectTitle: must differ from acceptTitle");
    }

    @Test
    void keepsAnActivePageActiveWhenOnlyTextsChange() {
        PageSettings active = PageSettings.defaults("P").withHandoverActive(true, AT);

        PageSettings updated = valid().applyTo(active, AT);

        assertThat(updated).isEqualTo(PageSettingsBuilder.page("P").channel(Channel.MESSENGER).activeSince(AT)
                .setup(SetupKind.LEGACY_ROLES, "263902037430900")
                .question("Talk to a person?", "Yes please", "No thanks")
                .answers("Connecting you", "Staying with you", null).honourInboxRequests(true).idleTimeout(null)
                .handoverFailedText("Nobody is free")
                // an update without the no-show and the hours turns them off and clears their texts, as a PUT does
                .noShow(null, null).businessHours(null, null).build());
    }

    @Test
    void deactivatesAnActivePageWhoseSetupChanges() {
        PageSettings active = PageSettings.defaults("P").withHandoverActive(true, AT);
        PageSettingsUpdate toRouting = new PageSettingsUpdate("messenger", "conversation_routing", "263902037430900",
                "Q", "Y", "N", "C", "S", "Back", false, 30, "Sorry");
        PageSettingsUpdate toOtherTarget = new PageSettingsUpdate("MESSENGER", "LEGACY_ROLES", "42", "Q", "Y", "N",
                "C", "S", null, true, null, null);
        PageSettingsUpdate toTelegram = new PageSettingsUpdate("TELEGRAM", "LEGACY_ROLES", "263902037430900", "Q", "Y",
                "N", "C", "S", null, true, null, null);

        PageSettings routing = toRouting.applyTo(active, AT);
        assertThat(routing.handoverActive()).isFalse();
        assertThat(routing.setupKind()).isEqualTo(SetupKind.CONVERSATION_ROUTING);
        assertThat(routing.idleTimeout()).isEqualTo(Duration.ofMinutes(30));
        assertThat(routing.botIsBackText()).isEqualTo("Back");
        assertThat(routing.handoverFailedText()).isEqualTo("Sorry");
        assertThat(toOtherTarget.applyTo(active, AT).handoverFailedText()).as("null says nothing").isNull();
        assertThat(toOtherTarget.applyTo(active, AT).handoverActive()).isFalse();
        assertThat(toTelegram.applyTo(active, AT).handoverActive()).isFalse();
    }
}
