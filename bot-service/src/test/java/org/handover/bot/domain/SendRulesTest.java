package org.handover.bot.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.handover.contracts.OutboundReasons;
import org.handover.contracts.Owner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SendRulesTest {

    private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");
    private static final Instant RECENT = NOW.minus(Duration.ofMinutes(5));

    @Test
    void sendsWhenTheBotOwnsTheCurrentEpochInsideTheWindow() {
        assertThat(decide(3, new ConversationControlState(Owner.BOT, 3), RECENT, true, false, true))
                .isEqualTo(SendVerdict.SEND);
    }

    @Test
    void sendsToAConversationNeverSeenAtEpochZero() {
        assertThat(decide(0, ConversationControlState.UNSEEN, RECENT, true, false, true)).isEqualTo(SendVerdict.SEND);
    }

    @ParameterizedTest(name = "order epoch {0}, current {1} -> stale")
    @CsvSource({"0,1", "1,2", "2,1", "5,0"})
    void refusesAnyEpochThatIsNotTheCurrentOne(long orderEpoch, long currentEpoch) {
        assertThat(decide(orderEpoch, new ConversationControlState(Owner.BOT, currentEpoch), RECENT, true, false, true))
                .isEqualTo(SendVerdict.refuse(OutboundReasons.STALE_EPOCH));
    }

    @ParameterizedTest
    @CsvSource({"AGENT", "IDLE"})
    void refusesWhenTheBotIsNotTheOwner(Owner owner) {
        assertThat(decide(4, new ConversationControlState(owner, 4), RECENT, true, false, true))
                .isEqualTo(SendVerdict.refuse(OutboundReasons.NOT_OWNER));
    }

    @Test
    void aStaleEpochIsReportedBeforeTheOwner() {
        assertThat(decide(1, new ConversationControlState(Owner.AGENT, 2), RECENT, true, false, true))
                .isEqualTo(SendVerdict.refuse(OutboundReasons.STALE_EPOCH));
    }

    @ParameterizedTest(name = "user wrote {0} before -> inside {1}")
    @CsvSource({"PT0S,true", "PT23H59M59S,true", "PT24H,true", "PT24H0.001S,false", "PT25H,false", "P7D,false",
            "-PT1M,true"})
    void sendsOnlyWithinTwentyFourHoursOfTheUsersLastMessage(Duration ago, boolean inside) {
        SendVerdict verdict = decide(0, ConversationControlState.UNSEEN, NOW.minus(ago), true, false, true);
        assertThat(verdict).isEqualTo(inside ? SendVerdict.SEND : SendVerdict.refuse(OutboundReasons.OUTSIDE_WINDOW));
    }

    @Test
    void refusesWhenTheUsersLastMessageIsUnknown() {
        assertThat(decide(0, ConversationControlState.UNSEEN, null, true, false, true))
                .isEqualTo(SendVerdict.refuse(OutboundReasons.OUTSIDE_WINDOW));
    }

    @Test
    void refusesWhatCannotBeRenderedWithoutACatalog() {
        assertThat(decide(0, ConversationControlState.UNSEEN, RECENT, false, true, true))
                .isEqualTo(SendVerdict.refuse(SendRules.NO_CATALOG));
    }

    @Test
    void shadowModeRefusesAfterEveryOtherCheckAndWithoutNeedingAToken() {
        assertThat(decide(0, ConversationControlState.UNSEEN, RECENT, true, true, false))
                .isEqualTo(SendVerdict.refuse(OutboundReasons.SHADOW));
        assertThat(decide(0, new ConversationControlState(Owner.AGENT, 0), RECENT, true, true, true))
                .isEqualTo(SendVerdict.refuse(OutboundReasons.NOT_OWNER));
    }

    @Test
    void refusesAPageWithoutToken() {
        assertThat(decide(0, ConversationControlState.UNSEEN, RECENT, true, false, false))
                .isEqualTo(SendVerdict.refuse(OutboundReasons.NO_PAGE_TOKEN));
    }

    /** {@code shadow} and {@code hasToken} as the Send port refuses a page: shadow mode's first, then no token. */
    @ParameterizedTest(name = "decided {0} before, max age 2 min -> sent {1}")
    @CsvSource({"PT0S,true", "PT1M59.999S,true", "PT2M,true", "PT2M0.001S,false", "PT1H,false"})
    void refusesAnOrderDecidedLongerAgoThanTheMaximumAge(Duration ago, boolean sent) {
        SendVerdict verdict = SendRules.decide(0, ConversationControlState.UNSEEN, RECENT, NOW.minus(ago),
                Duration.ofMinutes(2), NOW, true, Optional.empty());

        assertThat(verdict).isEqualTo(sent ? SendVerdict.SEND : SendVerdict.refuse(SendRules.EXPIRED));
    }

    @Test
    void anOrderOfAnUnknownTimeOrWithoutMaximumAgeIsNotRefusedForItsAge() {
        assertThat(SendRules.decide(0, ConversationControlState.UNSEEN, RECENT, null, Duration.ofMinutes(2), NOW, true,
                Optional.empty())).isEqualTo(SendVerdict.SEND);
        assertThat(SendRules.decide(0, ConversationControlState.UNSEEN, RECENT, NOW.minus(Duration.ofDays(1)), null,
                NOW, true, Optional.empty())).isEqualTo(SendVerdict.SEND);
    }

    @Test
    void theOwnerIsCheckedBeforeTheAge() {
        assertThat(SendRules.decide(2, new ConversationControlState(Owner.AGENT, 2), RECENT,
                NOW.minus(Duration.ofHours(1)), Duration.ofMinutes(2), NOW, true, Optional.empty()))
                .isEqualTo(SendVerdict.refuse(OutboundReasons.NOT_OWNER));
    }

    private static SendVerdict decide(long orderEpoch, ConversationControlState current, Instant userMessageAt,
            boolean rendered, boolean shadow, boolean hasToken) {
        Optional<String> portRefusal = shadow ? Optional.of(OutboundReasons.SHADOW)
                : hasToken ? Optional.empty() : Optional.of(OutboundReasons.NO_PAGE_TOKEN);
        return SendRules.decide(orderEpoch, current, userMessageAt, NOW, rendered, portRefusal);
    }
}
