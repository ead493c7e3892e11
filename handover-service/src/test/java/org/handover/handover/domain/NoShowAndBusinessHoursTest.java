package org.handover.handover.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.handover.contracts.InboundEvent;
import org.handover.contracts.InboundEvents;
import org.handover.contracts.Messenger;
import org.handover.contracts.OrderKind;
import org.handover.contracts.Owner;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Issue 21, items 3 and 4 in the state machine: the agent's no-show take-back, the idle timeout that only the
 * agent's activity keeps alive, and the business hours, all judged on the times given (Meta's timestamps, the
 * service's clock), so that a replay decides the same.
 */
class NoShowAndBusinessHoursTest {

    static final String OUR_APP = "220000000000002";
    static final String INBOX = Messenger.PAGE_INBOX_APP_ID;
    static final String PAGE = "110000000000001";
    static final String PSID = "user-1";
    static final Instant T0 = Instant.parse("2026-11-25T09:00:00Z"); // a Wednesday
    static final InboundEvents EVENTS = InboundEvents.of(PAGE, PSID);

    final HandoverStateMachine machine = new HandoverStateMachine(OUR_APP, Duration.ofSeconds(5));

    static final PageSettings NO_SHOW_PAGE = PageSettingsBuilder.page(PAGE).activeSince(T0).botIsBackText("Back!")
            .noShow(Duration.ofMinutes(10), "Sorry, nobody answered.").build();

    /** The user asked, accepted at T0 + 2 s, the confirmation was reported and our pass succeeded at T0 + 3 s. */
    ConversationState passedAfterYes(PageSettings page) {
        ConversationState asked = machine.onEvent(ConversationState.fresh(PAGE, PSID, OUR_APP, T0), page,
                EVENTS.text("m1", T0.plusSeconds(1)), T0.plusSeconds(1)).state();
        Step accepted = machine.onEvent(asked, page,
                EVENTS.guided("m2", Messenger.HANDOVER_ACCEPT_PAYLOAD, T0.plusSeconds(2)), T0.plusSeconds(2));
        ConversationState reported = machine.onOrderReported(accepted.state(),
                accepted.state().pendingPass().awaitedDecisionId()).state();
        Step passed = machine.onPassSucceeded(reported, reported.pendingPass(), page, T0.plusSeconds(3));
        assertThat(passed.outcome()).isEqualTo("passed_to_agent");
        return passed.state();
    }

    @Nested
    class AgentNoShow {

        @Test
        void takesTheThreadBackNMinutesAfterTheYesAndSaysThePagesWords() {
            ConversationState agent = passedAfterYes(NO_SHOW_PAGE);
            Instant due = T0.plusSeconds(2).plus(Duration.ofMinutes(10));

            assertThat(agent.ownerCause()).isEqualTo("user_accepted");
            assertThat(machine.onIdleExpired(agent, NO_SHOW_PAGE, due.minusMillis(1)).outcome())
                    .isEqualTo("idle_not_due");
            Step decided = machine.onIdleExpired(agent, NO_SHOW_PAGE, due);

            assertThat(decided.outcome()).isEqualTo("no_show_take_back_due");
            assertThat(decided.effects()).isEmpty();
            assertThat(decided.state().pendingPass()).isEqualTo(new PendingPass(null, OUR_APP, due, null, 0,
                    "no-show:" + PAGE + ":" + PSID + ":1", due, PendingPass.Reason.NO_SHOW));

            Step back = machine.onPassSucceeded(decided.state(), decided.state().pendingPass(), NO_SHOW_PAGE,
                    due.plusSeconds(1));

            assertThat(back.outcome()).isEqualTo("no_show_taken_back");
            assertThat(back.effects(Effect.Transition.class)).extracting(Effect.Transition::to,
                    Effect.Transition::cause, Effect.Transition::epoch).containsExactly(tuple(Owner.BOT, "no_show", 2L));
            assertThat(back.effects(Effect.Order.class)).extracting(Effect.Order::kind, Effect.Order::text,
                    Effect.Order::epoch).containsExactly(tuple(OrderKind.BOT_IS_BACK, "Sorry, nobody answered.", 2L));
            assertThat(back.state()).extracting(ConversationState::owner, ConversationState::ownerCause,
                    ConversationState::pendingPass).containsExactly(Owner.BOT, "no_show", null);
        }

        @Test
        void theUsersOwnMessagesDoNotCountAsTheAgentShowingUp() {
            ConversationState agent = passedAfterYes(NO_SHOW_PAGE);
            Instant due = T0.plusSeconds(2).plus(Duration.ofMinutes(10));
            for (int i = 1; i <= 5; i++) {
                Instant at = T0.plus(Duration.ofMinutes(i * 2L));
                agent = machine.onEvent(agent, NO_SHOW_PAGE, EVENTS.standby("hello" + i, "message", null, at), at)
                        .state();
            }

            assertThat(agent.lastUserActivityAt()).isEqualTo(T0.plus(Duration.ofMinutes(10)));
            assertThat(machine.onIdleExpired(agent, NO_SHOW_PAGE, due).outcome()).isEqualTo("no_show_take_back_due");
        }

        @Test
        void anAgentsReplyFromTheInboxMeansTheAgentShowedUpButOurOwnEchoDoesNot() {
            ConversationState agent = passedAfterYes(NO_SHOW_PAGE);
            Instant due = T0.plusSeconds(2).plus(Duration.ofMinutes(10));
            Instant replied = T0.plus(Duration.ofMinutes(3));

            ConversationState ownEcho = machine.onEvent(agent, NO_SHOW_PAGE,
                    EVENTS.standby("e0", "message_echo", OUR_APP, replied), replied).state();
            ConversationState inboxReply = machine.onEvent(agent, NO_SHOW_PAGE,
                    EVENTS.standby("e1", "message_echo", INBOX, replied), replied).state();
            ConversationState pageAdminReply = machine.onEvent(agent, NO_SHOW_PAGE,
                    EVENTS.standby("e2", "message_echo", null, replied), replied).state();

            assertThat(ownEcho.lastAgentActivityAt()).isNull();
            assertThat(machine.onIdleExpired(ownEcho, NO_SHOW_PAGE, due).outcome()).isEqualTo("no_show_take_back_due");
            assertThat(List.of(inboxReply, pageAdminReply)).allSatisfy(state -> {
                assertThat(state.lastAgentActivityAt()).isEqualTo(replied);
                assertThat(machine.onIdleExpired(state, NO_SHOW_PAGE, due.plus(Duration.ofDays(1))).outcome())
                        .isEqualTo("idle_not_due");
            });
        }

        @Test
        void followsOnlyAPassTheUserAcceptedNotAnInboxRequestOrAnotherAppsTake() {
            ConversationState requested = ConversationStates.agentOwned(PAGE, PSID, INBOX).epoch(1).since(T0)
                    .ownerCause("inbox_request").build();
            ConversationState taken = ConversationStates.agentOwned(PAGE, PSID, INBOX).epoch(1).since(T0)
                    .ownerCause("taken_by_other_app").build();
            ConversationState unknown = ConversationStates.agentOwned(PAGE, PSID, INBOX).epoch(1).since(T0).build();

            assertThat(List.of(requested, taken, unknown)).allSatisfy(state -> assertThat(
                    machine.onIdleExpired(state, NO_SHOW_PAGE, T0.plus(Duration.ofHours(5))).outcome())
                    .isEqualTo("idle_not_due"));
        }

        @Test
        void isOffWithoutTheSettingAndSaysNothingWithoutAText() {
            PageSettings off = PageSettingsBuilder.page(PAGE).activeSince(T0).build();
            PageSettings silent = PageSettingsBuilder.page(PAGE).activeSince(T0).botIsBackText("Back!")
                    .noShow(Duration.ofMinutes(1), null).build();
            ConversationState agent = passedAfterYes(off);

            assertThat(machine.onIdleExpired(agent, off, T0.plus(Duration.ofDays(1))).outcome())
                    .isEqualTo("idle_not_due");
            Step decided = machine.onIdleExpired(agent, silent, T0.plus(Duration.ofMinutes(2)));
            Step back = machine.onPassSucceeded(decided.state(), decided.state().pendingPass(), silent,
                    T0.plus(Duration.ofMinutes(2)));
            assertThat(back.effects()).extracting(e -> e.getClass().getSimpleName()).containsExactly("Transition");
        }

        @Test
        void aFailedNoShowTakeBackWaitsLikeAnIdleOneAndTheAgentsReplyDropsIt() {
            HandoverStateMachine twoTries = new HandoverStateMachine(OUR_APP, Duration.ofSeconds(5), 2,
                    Duration.ofSeconds(10));
            ConversationState agent = passedAfterYes(NO_SHOW_PAGE);
            Instant due = T0.plusSeconds(2).plus(Duration.ofMinutes(10));
            ConversationState decided = twoTries.onIdleExpired(agent, NO_SHOW_PAGE, due).state();

            Step retry = twoTries.onPassFailed(decided, decided.pendingPass(),
                    HandoverStateMachine.PassFailure.TEMPORARY, NO_SHOW_PAGE, due);
            Step refused = twoTries.onPassFailed(decided, decided.pendingPass(),
                    HandoverStateMachine.PassFailure.REFUSED, NO_SHOW_PAGE, due);
            Step reply = twoTries.onEvent(retry.state(), NO_SHOW_PAGE,
                    EVENTS.standby("e1", "message_echo", INBOX, due.plusSeconds(1)), due.plusSeconds(1));

            assertThat(retry.outcome()).isEqualTo("take_back_retry_scheduled");
            assertThat(refused.outcome()).isEqualTo("no_show_take_back_refused");
            assertThat(refused.state().takeBack().notBefore()).isEqualTo(due.plus(Duration.ofMinutes(1)));
            assertThat(twoTries.onIdleExpired(refused.state(), NO_SHOW_PAGE, due.plusSeconds(59)).outcome())
                    .isEqualTo("idle_not_due");
            assertThat(reply.state().pendingPass()).as("the agent showed up").isNull();
            assertThat(reply.state().owner()).isEqualTo(Owner.AGENT);
        }

        @Test
        void aReplayOfTheSameInputsDecidesTheSame() {
            ConversationState first = passedAfterYes(NO_SHOW_PAGE);
            ConversationState second = passedAfterYes(NO_SHOW_PAGE);
            Instant due = T0.plusSeconds(2).plus(Duration.ofMinutes(10));

            Step a = machine.onIdleExpired(first, NO_SHOW_PAGE, due);
            Step b = machine.onIdleExpired(second, NO_SHOW_PAGE, due);
            Step backA = machine.onPassSucceeded(a.state(), a.state().pendingPass(), NO_SHOW_PAGE, due);
            Step backB = machine.onPassSucceeded(b.state(), b.state().pendingPass(), NO_SHOW_PAGE, due);

            assertThat(first).isEqualTo(second);
            assertThat(a).isEqualTo(b);
            assertThat(backA).isEqualTo(backB);
        }
    }

    @Nested
    class IdleCountsTheAgent {

        final PageSettings idlePage = PageSettingsBuilder.page(PAGE).activeSince(T0).botIsBackText("Back!")
                .idleTimeout(Duration.ofMinutes(30)).build();

        @Test
        void aUserWritingHelloToAnAgentWhoNeverAnswersDoesNotKeepTheAgent() {
            ConversationState agent = ConversationStates.agentOwned(PAGE, PSID, INBOX).epoch(1).since(T0).build();
            for (int minute = 5; minute <= 40; minute += 5) {
                Instant at = T0.plus(Duration.ofMinutes(minute));
                agent = machine.onEvent(agent, idlePage, EVENTS.standby("hello" + minute, "message", null, at), at)
                        .state();
            }

            assertThat(HandoverStateMachine.idleExpired(agent, idlePage, T0.plus(Duration.ofMinutes(30)))).isTrue();
            Step decided = machine.onIdleExpired(agent, idlePage, T0.plus(Duration.ofMinutes(41)));
            assertThat(decided.outcome()).isEqualTo("idle_take_back_due");
            assertThat(decided.state().pendingPass().causeOccurredAt()).as("idle since the agent got the thread")
                    .isEqualTo(T0);
        }

        @Test
        void theAgentsMessagesKeepItAlive() {
            ConversationState agent = ConversationStates.agentOwned(PAGE, PSID, INBOX).epoch(1).since(T0).build();
            Instant replied = T0.plus(Duration.ofMinutes(20));
            agent = machine.onEvent(agent, idlePage, EVENTS.standby("e1", "message_echo", INBOX, replied), replied)
                    .state();

            assertThat(HandoverStateMachine.idleExpired(agent, idlePage, T0.plus(Duration.ofMinutes(49)))).isFalse();
            assertThat(HandoverStateMachine.idleExpired(agent, idlePage, T0.plus(Duration.ofMinutes(50)))).isTrue();
        }

        @Test
        void aUsersMessageWhileAFailedIdleTakeBackWaitsDoesNotDropIt() {
            HandoverStateMachine twoTries = new HandoverStateMachine(OUR_APP, Duration.ofSeconds(5), 2,
                    Duration.ofSeconds(10));
            ConversationState agent = ConversationStates.agentOwned(PAGE, PSID, INBOX).epoch(1).since(T0).build();
            Instant expired = T0.plus(Duration.ofMinutes(30));
            ConversationState decided = twoTries.onIdleExpired(agent, idlePage, expired).state();
            ConversationState waiting = twoTries.onPassFailed(decided, decided.pendingPass(),
                    HandoverStateMachine.PassFailure.TEMPORARY, idlePage, expired).state();

            Step hello = twoTries.onEvent(waiting, idlePage, EVENTS.standby("s1", "message", null, expired),
                    expired.plusSeconds(1));

            assertThat(hello.state().pendingPass()).isNotNull();
        }
    }

    @Nested
    class BusinessHoursOfThePage {

        /** Weekdays 09:00-17:00 in Paris (UTC+1 in November), Christmas off. */
        final BusinessHours hours = BusinessHoursTest.hours("Europe/Paris",
                "Mon 09:00-17:00\nTue 09:00-17:00\nWed 09:00-17:00\nThu 09:00-17:00\nFri 09:00-17:00", "2026-12-25");
        final Instant open = Instant.parse("2026-11-25T10:00:00Z"); // Wednesday 11:00 in Paris
        final Instant evening = Instant.parse("2026-11-25T18:00:00Z"); // Wednesday 19:00 in Paris
        final Instant christmas = Instant.parse("2026-12-25T10:00:00Z"); // a Friday, a holiday

        PageSettings page(BusinessHours.Outside outside, String text) {
            return PageSettingsBuilder.page(PAGE).activeSince(T0)
                    .businessHours(new BusinessHours(hours.zone(), hours.weekly(), hours.holidays(), outside), text)
                    .build();
        }

        @Test
        void insideTheHoursTheQuestionIsAsked() {
            Step step = machine.onEvent(bot(), page(BusinessHours.Outside.NO_HANDOVER, null),
                    EVENTS.text("m1", open), open);

            assertThat(step.outcome()).isEqualTo("asked");
        }

        @Test
        void outsideThemTheBotAnswersAsIfHandoverWereOff() {
            PageSettings page = page(BusinessHours.Outside.NO_HANDOVER, "unused");

            for (Instant at : List.of(evening, christmas)) {
                Step step = machine.onEvent(bot(), page, EVENTS.text("m1", at), at);

                assertThat(step.outcome()).isEqualTo("out_of_hours_fallback");
                assertThat(step.effects(Effect.Order.class)).extracting(Effect.Order::kind)
                        .containsExactly(OrderKind.FALLBACK);
                assertThat(step.state().questionPending()).isFalse();
                assertThat(step.state().pendingPass()).isNull();
            }
        }

        @Test
        void orSendThePagesOutOfHoursText() {
            PageSettings page = page(BusinessHours.Outside.OUT_OF_HOURS_TEXT, "We answer on weekdays, 9 to 5.");

            Step step = machine.onEvent(bot(), page, EVENTS.text("m1", evening), evening);

            assertThat(step.outcome()).isEqualTo("out_of_hours_text");
            assertThat(step.effects(Effect.Order.class)).extracting(Effect.Order::kind, Effect.Order::text)
                    .containsExactly(tuple(OrderKind.STAY_WITH_BOT, "We answer on weekdays, 9 to 5."));
        }

        @Test
        void aYesTappedAfterClosingPassesNothing() {
            PageSettings page = page(BusinessHours.Outside.OUT_OF_HOURS_TEXT, "Closed now.");
            ConversationState asked = machine.onEvent(bot(), page, EVENTS.text("m1", open), open).state();
            Instant late = Instant.parse("2026-11-25T16:00:01Z"); // 17:00:01 in Paris

            Step step = machine.onEvent(asked, page, EVENTS.guided("m2", Messenger.HANDOVER_ACCEPT_PAYLOAD, late),
                    late);

            assertThat(step.outcome()).isEqualTo("out_of_hours_text");
            assertThat(step.state().pendingPass()).isNull();
            assertThat(step.state().questionPending()).isFalse();
        }

        @Test
        void judgedOnTheEventsTimeNotTheClock() {
            PageSettings page = page(BusinessHours.Outside.NO_HANDOVER, null);
            InboundEvent duringHours = EVENTS.text("m1", open);

            // processed long after, at night (a replay, a backlog): the event's time decides
            Step replayed = machine.onEvent(bot(), page, duringHours, evening.plus(Duration.ofDays(30)));
            Step live = machine.onEvent(bot(), page, duringHours, open);

            assertThat(replayed.outcome()).isEqualTo("asked");
            assertThat(replayed).isEqualTo(live);
        }

        @Test
        void guidedAnswersAndInboxRequestsAreNotAffected() {
            PageSettings page = page(BusinessHours.Outside.OUT_OF_HOURS_TEXT, "Closed now.");

            assertThat(machine.onEvent(bot(), page, EVENTS.guided("m1", "HOURS", evening), evening).outcome())
                    .isEqualTo("answered");
            assertThat(machine.onEvent(bot(), page,
                    EVENTS.signal("r1", "request_thread_control", null, null, INBOX, evening), evening).outcome())
                    .isEqualTo("request_honoured");
        }

        ConversationState bot() {
            return ConversationState.fresh(PAGE, PSID, OUR_APP, T0);
        }
    }
}
