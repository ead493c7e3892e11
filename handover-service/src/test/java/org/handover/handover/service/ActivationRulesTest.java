package org.handover.handover.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.handover.handover.port.MetaGraphPort.AppsLookup;
import org.handover.handover.port.MetaGraphPort.AppsLookup.Answer;
import org.handover.handover.service.ActivationService.Outcome;
import org.handover.handover.service.ActivationService.Refusal;
import org.junit.jupiter.api.Test;

class ActivationRulesTest {

    private static final String US = "220000000000002";
    private static final String INBOX = "263902037430900";

    private static AppsLookup apps(String... ids) {
        return AppsLookup.listed(List.of(ids));
    }

    private static AppsLookup failed(Answer answer) {
        return new AppsLookup(answer, List.of(), "Meta says no");
    }

    private static String reason(Refusal refusal) {
        return refusal == null ? null : refusal.reason();
    }

    @Test
    void legacyRolesPassWhenTheTargetIsASecondaryReceiver() {
        assertThat(ActivationService.checkLegacyRoles(INBOX, apps("42", INBOX))).isNull();
    }

    @Test
    void legacyRolesRefuseAnAppThatIsNotThePrimaryReceiver() {
        Refusal refusal = ActivationService.checkLegacyRoles(INBOX, failed(Answer.NO_PERMISSION));

        assertThat(refusal).isEqualTo(new Refusal(Outcome.SETUP_REFUSED, "not_primary_receiver",
                "This app is not the Primary Receiver of the page. " + ActivationService.ROLES_ADVICE));
    }

    @Test
    void legacyRolesRefuseAPageWithoutSecondaryReceiverOrWithoutTheTarget() {
        assertThat(reason(ActivationService.checkLegacyRoles(INBOX, apps()))).isEqualTo("no_secondary_receiver");
        assertThat(reason(ActivationService.checkLegacyRoles(INBOX, apps("42"))))
                .isEqualTo("target_not_secondary_receiver");
    }

    @Test
    void conversationRoutingNeedsOurAppAndTheTargetSubscribed() {
        assertThat(ActivationService.checkConversationRouting(US, INBOX, apps(US, INBOX))).isNull();
        assertThat(reason(ActivationService.checkConversationRouting(US, INBOX, apps(INBOX))))
                .isEqualTo("app_not_subscribed");
        assertThat(reason(ActivationService.checkConversationRouting(US, INBOX, apps(US))))
                .isEqualTo("target_not_subscribed");
        assertThat(reason(ActivationService.checkConversationRouting(US, INBOX, failed(Answer.NO_PERMISSION))))
                .isEqualTo("missing_permission");
    }

    @Test
    void graphFailuresBecomeRefusalsOrUnavailability() {
        assertThat(ActivationService.checkLegacyRoles(INBOX, failed(Answer.UNAVAILABLE)).outcome())
                .isEqualTo(Outcome.UNAVAILABLE);
        assertThat(reason(ActivationService.checkLegacyRoles(INBOX, failed(Answer.NO_TOKEN))))
                .isEqualTo("no_page_token");
        assertThat(reason(ActivationService.checkLegacyRoles(INBOX, failed(Answer.BAD_TOKEN))))
                .isEqualTo("bad_page_token");
        assertThat(ActivationService.checkConversationRouting(US, INBOX, failed(Answer.REFUSED)))
                .isEqualTo(new Refusal(Outcome.SETUP_REFUSED, "graph_refused",
                        "Facebook refused the check of the page's setup: Meta says no"));
    }

    @Test
    void aLookupThatWasNotMadeRefusesNothing() {
        assertThat(ActivationService.checkLegacyRoles(INBOX, AppsLookup.notChecked())).isNull();
        assertThat(ActivationService.checkConversationRouting(US, INBOX, AppsLookup.notChecked())).isNull();
    }
}
