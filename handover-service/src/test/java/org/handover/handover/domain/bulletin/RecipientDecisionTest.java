package org.handover.handover.domain.bulletin;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.handover.handover.domain.ConversationState;
import org.handover.handover.domain.ConversationStates;
import org.handover.handover.domain.PendingPass;
import org.junit.jupiter.api.Test;

class RecipientDecisionTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final Duration MAX_HOLD = Duration.ofDays(7);
    private static final String APP = "220000000000002";

    private static RecipientDecision decide(ConversationState state, Audience audience, boolean held,
            Instant heldSince) {
        return RecipientDecision.decide(state, audience, held, heldSince, MAX_HOLD, NOW);
    }

    @Test
    void aBotOwnedConversationInsideTheWindowIsOrdered() {
        ConversationState state = ConversationStates.botOwned("P", "U", APP).lastUserActivityAt(NOW.minusSeconds(60))
                .build();
        assertThat(decide(state, Audience.WINDOW, false, null))
                .isEqualTo(new RecipientDecision(RecipientDecision.Action.ORDER, null));
    }

    @Test
    void anAgentHeldConversationIsHeld() {
        ConversationState state = ConversationStates.agentOwned("P", "U", "263902037430900")
                .lastUserActivityAt(NOW.minusSeconds(60)).build();
        assertThat(decide(state, Audience.WINDOW, false, null)).isEqualTo(new RecipientDecision(
                RecipientDecision.Action.HOLD, BulletinReasons.AGENT_HOLDS_THREAD));
    }

    @Test
    void anOpenQuestionOrAPendingPassHoldsIt() {
        ConversationState asked = ConversationStates.botOwned("P", "U", APP).lastUserActivityAt(NOW.minusSeconds(5))
                .questionPending(true).build();
        ConversationState passing = ConversationStates.botOwned("P", "U", APP)
                .lastUserActivityAt(NOW.minusSeconds(5))
                .pendingPass(new PendingPass("d1", "263902037430900", NOW.plusSeconds(10), null, 0, "e1", NOW,
                        PendingPass.Reason.ACCEPTED)).build();
        assertThat(decide(asked, Audience.WINDOW, false, null).reason()).isEqualTo(BulletinReasons.HANDOVER_PENDING);
        assertThat(decide(passing, Audience.TAGGED, false, null).reason())
                .isEqualTo(BulletinReasons.HANDOVER_PENDING);
    }

    @Test
    void outsideTheWindowIsDroppedAndAHeldOneWhoseWindowClosedSaysSo() {
        ConversationState old = ConversationStates.agentOwned("P", "U", "263902037430900")
                .lastUserActivityAt(NOW.minus(Duration.ofHours(24)).minusMillis(1)).build();
        ConversationState never = ConversationStates.botOwned("P", "U", APP).build();
        assertThat(decide(old, Audience.WINDOW, false, null)).isEqualTo(new RecipientDecision(
                RecipientDecision.Action.DROP, BulletinReasons.OUTSIDE_WINDOW));
        assertThat(decide(old, Audience.WINDOW, true, NOW.minusSeconds(3600))).isEqualTo(new RecipientDecision(
                RecipientDecision.Action.DROP, BulletinReasons.WINDOW_CLOSED));
        assertThat(decide(never, Audience.WINDOW, false, null).action()).isEqualTo(RecipientDecision.Action.DROP);
    }

    @Test
    void exactlyTwentyFourHoursIsStillInside() {
        ConversationState edge = ConversationStates.botOwned("P", "U", APP)
                .lastUserActivityAt(NOW.minus(Duration.ofHours(24))).build();
        assertThat(decide(edge, Audience.WINDOW, false, null).action()).isEqualTo(RecipientDecision.Action.ORDER);
    }

    @Test
    void aTaggedUpdateIgnoresTheWindowButNotTheOwnerAndExpiresAfterTheLongestHold() {
        ConversationState old = ConversationStates.botOwned("P", "U", APP)
                .lastUserActivityAt(NOW.minus(Duration.ofDays(3))).build();
        ConversationState held = ConversationStates.agentOwned("P", "U", "263902037430900").build();
        assertThat(decide(old, Audience.TAGGED, false, null).action()).isEqualTo(RecipientDecision.Action.ORDER);
        assertThat(decide(held, Audience.TAGGED, true, NOW.minus(Duration.ofDays(6))).action())
                .isEqualTo(RecipientDecision.Action.HOLD);
        assertThat(decide(held, Audience.TAGGED, true, NOW.minus(Duration.ofDays(7)).minusSeconds(1)))
                .isEqualTo(new RecipientDecision(RecipientDecision.Action.DROP, BulletinReasons.HOLD_EXPIRED));
    }
}
