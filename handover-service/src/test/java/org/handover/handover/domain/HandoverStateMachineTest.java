package org.handover.handover.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.handover.contracts.EventClass;
import org.handover.contracts.HandoverSignal;
import org.handover.contracts.InboundEvent;
import org.handover.contracts.InboundEvents;
import org.handover.contracts.Messenger;
import org.handover.contracts.OrderKind;
import org.handover.contracts.Owner;
import org.handover.contracts.QuickReply;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class HandoverStateMachineTest {

    static final String OUR_APP = "220000000000002";
    static final String INBOX = Messenger.PAGE_INBOX_APP_ID;
    static final String CS_APP = "330000000000003";
    static final String PAGE = "110000000000001";
    static final String PSID = "user-1";
    static final Instant T0 = Instant.parse("2026-11-25T09:00:00Z");
    static final Duration BOUND = Duration.ofSeconds(5);

    static final InboundEvents EVENTS = InboundEvents.of(PAGE, PSID);

    final HandoverStateMachine machine = new HandoverStateMachine(OUR_APP, BOUND);

    static PageSettings active() {
        return PageSettings.defaults(PAGE).withHandoverActive(true, T0);
    }

    static PageSettings inactive() {
        return PageSettings.defaults(PAGE);
    }

    static ConversationState botOwned() {
        return ConversationState.fresh(PAGE, PSID, OUR_APP, T0);
    }

    static ConversationState agentOwned(long epoch, Instant since) {
        return ConversationStates.agentOwned(PAGE, PSID, INBOX).epoch(epoch).since(since).build();
    }

    static PageSettingsBuilder activePage() {
        return PageSettingsBuilder.page(PAGE).activeSince(T0);
    }

    /** Events that change nothing: delivery and read receipts, our own echoes, unknown kinds. */
    static Stream<InboundEvent> inertEvents() {
        return Stream.of(
                EVENTS.message("d1", EventClass.NOISE, T0).kind("delivery").build(),
                EVENTS.message("r1", EventClass.NOISE, T0).kind("read").build(),
                EVENTS.message("e1", EventClass.NOISE, T0).kind("message_echo").appId(OUR_APP).build(),
                EVENTS.message("u1", EventClass.UNKNOWN, T0).kind("something_new").build());
    }

    @Nested
    class WhileTheBotOwnsTheThread {

        @Test
        void answersAGuidedMessageUnderTheCurrentEpoch() {
            Step step = machine.onEvent(botOwned(), active(), EVENTS.guided("m1", "HOURS", T0), T0);

            assertThat(step.outcome()).isEqualTo("answered");
            assertThat(step.effects()).containsExactly(
                    new Effect.Order("m1#1", OrderKind.ANSWER_GUIDED, "HOURS", null, List.of(), 0));
            assertThat(step.state().lastUserActivityAt()).isEqualTo(T0);
        }

        @Test
        void asksTheQuestionOnFreeTextWhenHandoverIsActive() {
            PageSettings page = active();
            Step step = machine.onEvent(botOwned(), page, EVENTS.text("m1", T0), T0);

            assertThat(step.outcome()).isEqualTo("asked");
            assertThat(step.effects()).containsExactly(new Effect.Order("m1#1", OrderKind.ASK_HANDOVER, null,
                    page.questionText(), List.of(new QuickReply(page.acceptTitle(), Messenger.HANDOVER_ACCEPT_PAYLOAD),
                            new QuickReply(page.rejectTitle(), Messenger.HANDOVER_REJECT_PAYLOAD)),
                    0));
            assertThat(step.state().questionPending()).isTrue();
        }

        @Test
        void ordersTheFallbackOnFreeTextWhenHandoverIsNotActive() {
            Step step = machine.onEvent(botOwned(), inactive(), EVENTS.text("m1", T0), T0);

            assertThat(step.outcome()).isEqualTo("fallback");
            assertThat(step.effects()).extracting(e -> ((Effect.Order) e).kind()).containsExactly(OrderKind.FALLBACK);
            assertThat(step.state().questionPending()).isFalse();
        }

        @ParameterizedTest
        @EnumSource(value = Channel.class, names = {"TELEGRAM", "WHATSAPP"})
        void neverAsksOnChannelsWithoutHandover(Channel channel) {
            PageSettings page = activePage().channel(channel).build();

            Step step = machine.onEvent(botOwned(), page, EVENTS.text("m1", T0), T0);

            assertThat(step.outcome()).isEqualTo("fallback");
        }

        @Test
        void acceptingOrdersTheConfirmationAndWaitsForItBeforePassing() {
            ConversationState asked = machine.onEvent(botOwned(), active(), EVENTS.text("m1", T0), T0).state();
            Instant later = T0.plusSeconds(3);

            Step step = machine.onEvent(asked, active(), EVENTS.guided("m2", Messenger.HANDOVER_ACCEPT_PAYLOAD, later),
                    later);

            assertThat(step.outcome()).isEqualTo("accepted");
            assertThat(step.effects()).containsExactly(new Effect.Order("m2#1", OrderKind.CONFIRM_HANDOVER, null,
                    active().confirmationText(), List.of(), 0));
            assertThat(step.state().owner()).isEqualTo(Owner.BOT);
            assertThat(step.state().epoch()).isZero();
            assertThat(step.state().questionPending()).isFalse();
            assertThat(step.state().pendingPass()).isEqualTo(
                    new PendingPass("m2#1", INBOX, later.plus(BOUND), null, 0, "m2", later,
                            PendingPass.Reason.ACCEPTED));
            assertThat(step.state().outstandingOrderId()).isEqualTo("m2#1");
        }

        @Test
        void passingAfterTheConfirmationGivesTheAgentTheThreadUnderANewEpoch() {
            ConversationState accepted = machine.onEvent(botOwned(), active(),
                    EVENTS.guided("m2", Messenger.HANDOVER_ACCEPT_PAYLOAD, T0), T0).state();

            Step step = machine.onPassSucceeded(accepted, accepted.pendingPass(), active(), T0);

            assertThat(step.effects()).containsExactly(
                    new Effect.Transition("m2:pass#1", Owner.BOT, Owner.AGENT, INBOX, 1, "user_accepted", T0));
            assertThat(step.state()).extracting(ConversationState::owner, ConversationState::ownerAppId,
                    ConversationState::epoch, ConversationState::pendingPass, ConversationState::lastTransitionEventAt)
                    .containsExactly(Owner.AGENT, INBOX, 1L, null, T0);
        }

        @Test
        void aSignalThatHappenedBeforeOurPassSucceededIsReflectedAlreadyAndChangesNothing() {
            // The agent marked an earlier hand-over done just before our pass; its webhook is processed after it.
            ConversationState accepted = machine.onEvent(botOwned(), active(),
                    EVENTS.guided("m2", Messenger.HANDOVER_ACCEPT_PAYLOAD, T0), T0).state();
            Instant calledAt = T0.plusSeconds(5);
            ConversationState passed = machine.onPassSucceeded(accepted, accepted.pendingPass(), active(), calledAt)
                    .state();

            Step earlierDone = machine.onEvent(passed, active(),
                    EVENTS.signal("h1", "pass_thread_control", OUR_APP, INBOX, null, T0.plusSeconds(4)), calledAt);
            Step laterDone = machine.onEvent(passed, active(),
                    EVENTS.signal("h2", "pass_thread_control", OUR_APP, INBOX, null, T0.plusSeconds(6)), calledAt);

            assertThat(earlierDone.outcome()).isEqualTo("ignored_stale");
            assertThat(earlierDone.effects()).as("no bot-is-back to a thread the agent holds").isEmpty();
            assertThat(earlierDone.state().owner()).isEqualTo(Owner.AGENT);
            assertThat(laterDone.outcome()).isEqualTo("agent_done");
            assertThat(laterDone.state().owner()).isEqualTo(Owner.BOT);
            assertThat(machine.onPassSucceeded(accepted, accepted.pendingPass(), active(), calledAt).effects())
                    .as("the history keeps the time of the user's yes")
                    .containsExactly(new Effect.Transition("m2:pass#1", Owner.BOT, Owner.AGENT, INBOX, 1,
                            "user_accepted", T0));
        }

        @Test
        void passesToTheCustomerServiceAppThePageChose() {
            PageSettings page = activePage().setup(SetupKind.CONVERSATION_ROUTING, CS_APP).build();

            Step step = machine.onEvent(botOwned(), page, EVENTS.guided("m2", Messenger.HANDOVER_ACCEPT_PAYLOAD, T0),
                    T0);

            assertThat(step.state().pendingPass().targetAppId()).isEqualTo(CS_APP);
        }

        @Test
        void rejectingKeepsTheBotAndSaysSo() {
            ConversationState asked = machine.onEvent(botOwned(), active(), EVENTS.text("m1", T0), T0).state();

            Step step = machine.onEvent(asked, active(), EVENTS.guided("m2", Messenger.HANDOVER_REJECT_PAYLOAD, T0),
                    T0);

            assertThat(step.outcome()).isEqualTo("rejected");
            assertThat(step.effects()).containsExactly(new Effect.Order("m2#1", OrderKind.STAY_WITH_BOT, null,
                    active().stayWithBotText(), List.of(), 0));
            assertThat(step.state().owner()).isEqualTo(Owner.BOT);
            assertThat(step.state().questionPending()).isFalse();
        }

        @Test
        void acceptingWhileHandoverWasDeactivatedGetsTheFallback() {
            Step step = machine.onEvent(botOwned(), inactive(),
                    EVENTS.guided("m2", Messenger.HANDOVER_ACCEPT_PAYLOAD, T0), T0);

            assertThat(step.outcome()).isEqualTo("accept_while_inactive");
            assertThat(step.state().pendingPass()).isNull();
        }

        @Test
        void staysQuietWhileAnAcceptedHandoverWaitsForItsPass() {
            ConversationState accepted = machine.onEvent(botOwned(), active(),
                    EVENTS.guided("m2", Messenger.HANDOVER_ACCEPT_PAYLOAD, T0), T0).state();

            Step text = machine.onEvent(accepted, active(), EVENTS.text("m3", T0.plusSeconds(1)), T0);
            Step again = machine.onEvent(accepted, active(),
                    EVENTS.guided("m4", Messenger.HANDOVER_ACCEPT_PAYLOAD, T0.plusSeconds(1)), T0);
            // A guided answer would be sent after the pass: Meta would refuse it, so none is ordered.
            Step button = machine.onEvent(accepted, active(), EVENTS.guided("m5", "HOURS", T0.plusSeconds(1)), T0);

            assertThat(text.effects()).isEmpty();
            assertThat(text.outcome()).isEqualTo("awaiting_agent");
            assertThat(again.effects()).isEmpty();
            assertThat(again.outcome()).isEqualTo("already_accepted");
            assertThat(again.state().pendingPass()).isEqualTo(accepted.pendingPass());
            assertThat(button.effects()).isEmpty();
            assertThat(button.outcome()).isEqualTo("awaiting_agent");
            assertThat(button.state().outstandingOrderId()).isEqualTo("m2#1");
        }

        @Test
        void aUserMessageInStandbyMeansOurIdeaOfTheOwnerDrifted() {
            assertThat(machine.needsOwnerCheck(botOwned(), EVENTS.standby("s1", "message", null, T0))).isTrue();
            assertThat(machine.needsOwnerCheck(botOwned(), EVENTS.standby("s2", "read", null, T0))).isFalse();
            assertThat(machine.needsOwnerCheck(botOwned(), EVENTS.guided("m1", "HOURS", T0))).isFalse();
        }
    }

    @Nested
    class WhileAnAgentOwnsTheThread {

        final ConversationState agent = agentOwned(1, T0);

        @ParameterizedTest
        @MethodSource("org.handover.handover.domain.HandoverStateMachineTest#userMessages")
        void theBotStaysSilent(InboundEvent message) {
            Step step = machine.onEvent(agent, active(), message, T0.plusSeconds(10));

            assertThat(step.effects()).isEmpty();
            assertThat(step.state().owner()).isEqualTo(Owner.AGENT);
            assertThat(step.state().epoch()).isEqualTo(1);
        }

        @Test
        void standbyMessagesAndAgentEchoesOnlyCountAsActivity() {
            Instant userAt = T0.plusSeconds(20);
            Instant agentAt = T0.plusSeconds(30);

            ConversationState afterUser = machine.onEvent(agent, active(),
                    EVENTS.standby("s1", "message", null, userAt), userAt).state();
            Step afterAgent = machine.onEvent(afterUser, active(), EVENTS.standby("s2", "message_echo", INBOX, agentAt),
                    agentAt);

            assertThat(afterAgent.effects()).isEmpty();
            assertThat(afterAgent.state()).extracting(ConversationState::owner, ConversationState::epoch,
                    ConversationState::lastUserActivityAt, ConversationState::lastAgentActivityAt)
                    .containsExactly(Owner.AGENT, 1L, userAt, agentAt);
        }

        @Test
        void aUserMessageInMessagingMeansOurIdeaOfTheOwnerDrifted() {
            assertThat(machine.needsOwnerCheck(agent, EVENTS.text("m1", T0.plusSeconds(1)))).isTrue();
            assertThat(machine.needsOwnerCheck(agent, EVENTS.standby("s1", "message", null, T0.plusSeconds(1))))
                    .isFalse();
        }

        @Test
        void agentMarkingDoneGivesTheThreadBackAndTheBotSaysItIsBack() {
            Instant done = T0.plusSeconds(60);

            Step step = machine.onEvent(agent, active(),
                    EVENTS.signal("h1", "pass_thread_control", OUR_APP, INBOX, null, done), done);

            assertThat(step.outcome()).isEqualTo("agent_done");
            assertThat(step.effects()).containsExactly(
                    new Effect.Transition("h1#1", Owner.AGENT, Owner.BOT, OUR_APP, 2, "agent_done", done),
                    new Effect.Order("h1#2", OrderKind.BOT_IS_BACK, null, active().botIsBackText(), List.of(), 2));
            assertThat(step.state().owner()).isEqualTo(Owner.BOT);
        }

        @Test
        void noBotIsBackMessageWhenThePageHasNone() {
            PageSettings quiet = activePage().botIsBackText(null).build();

            Step step = machine.onEvent(agent, quiet, EVENTS.signal("h1", "pass_thread_control", OUR_APP, INBOX, null,
                    T0.plusSeconds(1)), T0);

            assertThat(step.effects()).hasOnlyElementsOfType(Effect.Transition.class).hasSize(1);
        }

        @Test
        void anEventOlderThanTheLatestTransitionNeverUndoesIt() {
            ConversationState back = machine.onEvent(agent, active(),
                    EVENTS.signal("h1", "pass_thread_control", OUR_APP, INBOX, null, T0.plusSeconds(60)), T0).state();

            // Meta redelivers, late, the take of the thread by the inbox that happened before the agent was done.
            Step late = machine.onEvent(back, active(), EVENTS.signal("h0", "take_thread_control", INBOX, OUR_APP, null,
                    T0.plusSeconds(30)), T0);
            Step lateText = machine.onEvent(back, active(), EVENTS.text("m0", T0.plusSeconds(30)), T0);

            assertThat(late.outcome()).isEqualTo("ignored_stale");
            assertThat(late.state()).isEqualTo(back);
            assertThat(lateText.outcome()).isEqualTo("ignored_stale");
            assertThat(lateText.effects()).isEmpty();
        }

        @Test
        void idleTimeoutTakesTheThreadBack() {
            PageSettings page = activePage().botIsBackText("back").idleTimeout(Duration.ofMinutes(30)).build();

            assertThat(HandoverStateMachine.idleExpired(agent, page, T0.plus(Duration.ofMinutes(29)))).isFalse();
            assertThat(HandoverStateMachine.idleExpired(agent, page, T0.plus(Duration.ofMinutes(30)))).isTrue();
            assertThat(HandoverStateMachine.idleExpired(agent, active(), T0.plus(Duration.ofDays(30)))).isFalse();

            Instant expired = T0.plus(Duration.ofMinutes(30));
            assertThat(machine.onIdleExpired(agent, page, expired.minusSeconds(1)).outcome()).isEqualTo("idle_not_due");
            Step due = machine.onIdleExpired(agent, page, expired);

            assertThat(due.outcome()).isEqualTo("idle_take_back_due");
            assertThat(due.effects()).isEmpty();
            assertThat(due.state().owner()).as("the agent's until Meta took it").isEqualTo(Owner.AGENT);
            assertThat(due.state().pendingPass()).isEqualTo(new PendingPass(null, OUR_APP, expired, null, 0,
                    "idle:" + agent.key() + ":1", T0, PendingPass.Reason.IDLE_TIMEOUT));

            Step step = machine.onPassSucceeded(due.state(), due.state().pendingPass(), page, expired);

            assertThat(step.outcome()).isEqualTo("idle_taken_back");
            assertThat(step.effects()).extracting(e -> e.getClass().getSimpleName())
                    .containsExactly("Transition", "Order");
            assertThat(step.effects(Effect.Transition.class)).extracting(Effect.Transition::cause,
                    Effect.Transition::occurredAt).containsExactly(tuple("idle_timeout", T0));
            assertThat(step.state()).extracting(ConversationState::owner, ConversationState::epoch,
                    ConversationState::pendingPass).containsExactly(Owner.BOT, 2L, null);
        }

        @Test
        void theAdminGivingTheThreadBackMakesTheBotTheOwnerAndSaysSo() {
            Instant calledAt = T0.plus(Duration.ofMinutes(3));

            Step requested = machine.onGiveBackRequested(agent, calledAt);
            assertThat(requested.outcome()).isEqualTo("give_back_requested");
            assertThat(requested.state().pendingPass()).isEqualTo(new PendingPass(null, OUR_APP, calledAt, null, 0,
                    "admin:" + agent.key() + ":1", calledAt, PendingPass.Reason.ADMIN_GIVE_BACK));
            // Asked twice (a double click) while the first is pending: once is enough.
            assertThat(machine.onGiveBackRequested(requested.state(), calledAt))
                    .extracting(Step::outcome, Step::state).containsExactly("take_back_pending", requested.state());

            Step step = machine.onPassSucceeded(requested.state(), requested.state().pendingPass(), active(),
                    calledAt);

            assertThat(step.outcome()).isEqualTo("admin_given_back");
            assertThat(step.state()).extracting(ConversationState::owner, ConversationState::ownerAppId,
                    ConversationState::epoch, ConversationState::ownerSince, ConversationState::lastTransitionEventAt)
                    .containsExactly(Owner.BOT, OUR_APP, 2L, calledAt, calledAt);
            Effect.Transition transition = step.effects(Effect.Transition.class).get(0);
            assertThat(transition).extracting(Effect.Transition::from, Effect.Transition::to,
                    Effect.Transition::cause).containsExactly(Owner.AGENT, Owner.BOT, "admin_give_back");
            assertThat(transition.decisionId()).startsWith("admin:" + agent.key() + ":1#");
            assertThat(step.effects(Effect.Order.class)).extracting(Effect.Order::kind)
                    .containsExactly(OrderKind.BOT_IS_BACK);
            // Given back again once the bot owns it: nothing to give back.
            assertThat(machine.onGiveBackRequested(step.state(), calledAt))
                    .extracting(Step::outcome, Step::state).containsExactly("not_agent_held", step.state());
        }
    }

    @Nested
    class HandoverSignals {

        @Test
        void theInboxTakingTheThreadMakesTheAgentTheOwner() {
            Step step = machine.onEvent(botOwned(), active(),
                    EVENTS.signal("h1", "take_thread_control", INBOX, OUR_APP, null, T0), T0);

            assertThat(step.effects()).containsExactly(
                    new Effect.Transition("h1#1", Owner.BOT, Owner.AGENT, INBOX, 1, "taken_by_other_app", T0));
        }

        @Test
        void aRepeatedPassToTheSameOwnerChangesNothing() {
            ConversationState agent = agentOwned(1, T0);

            Step step = machine.onEvent(agent, active(),
                    EVENTS.signal("h2", "pass_thread_control", INBOX, OUR_APP, null, T0.plusSeconds(1)), T0);

            assertThat(step.outcome()).isEqualTo("owner_unchanged");
            assertThat(step.effects()).isEmpty();
        }

        @Test
        void aRequestFromTheInboxIsHonouredByPassingControlWhenThePageSaysSo() {
            Step step = machine.onEvent(botOwned(), active(),
                    EVENTS.signal("h1", "request_thread_control", null, null, INBOX, T0), T0);

            assertThat(step.outcome()).isEqualTo("request_honoured");
            assertThat(step.effects()).isEmpty();
            assertThat(step.state().owner()).isEqualTo(Owner.BOT);
            assertThat(step.state().pendingPass()).extracting(PendingPass::targetAppId, PendingPass::deadline,
                    PendingPass::reason).containsExactly(INBOX, T0, PendingPass.Reason.INBOX_REQUEST);

            Step passed = machine.onPassSucceeded(step.state(), step.state().pendingPass(), active(), T0);
            assertThat(passed.effects()).containsExactly(
                    new Effect.Transition("h1:pass#1", Owner.BOT, Owner.AGENT, INBOX, 1, "inbox_request", T0));
        }

        @Test
        void aRequestIsDeclinedWhenThePageDoesNotHonourThemOrHandoverIsOff() {
            PageSettings noRequests = activePage().honourInboxRequests(false).build();

            assertThat(machine.onEvent(botOwned(), noRequests,
                    EVENTS.signal("h1", "request_thread_control", null, null, INBOX, T0), T0).outcome())
                    .isEqualTo("request_declined");
            assertThat(machine.onEvent(botOwned(), inactive(),
                    EVENTS.signal("h2", "request_thread_control", null, null, INBOX, T0), T0).effects())
                    .isEmpty();
        }

        @Test
        void releaseMakesTheThreadIdleAndTheNextMessageMakesItTheBotsAgain() {
            ConversationState idle = machine.onEvent(agentOwned(1, T0), active(),
                    EVENTS.signal("h1", "pass_thread_control", null, INBOX, null, T0.plusSeconds(1)), T0).state();
            assertThat(idle.owner()).isEqualTo(Owner.IDLE);

            Step step = machine.onEvent(idle, active(), EVENTS.guided("m9", "HOURS", T0.plusSeconds(2)), T0);

            assertThat(step.effects()).extracting(e -> e.getClass().getSimpleName())
                    .containsExactly("Transition", "Order");
            assertThat(step.effects(Effect.Order.class)).extracting(Effect.Order::epoch).containsExactly(3L);
            assertThat(step.state().owner()).isEqualTo(Owner.BOT);
        }

        @Test
        void appRolesAndUnknownSignalsChangeNothing() {
            InboundEvent roles = EVENTS.message("r1", EventClass.HANDOVER_SIGNAL, T0).kind("app_roles").messageId(null)
                    .handover(new HandoverSignal("app_roles", null, null, null, null,
                            Map.of(OUR_APP, List.of("primary_receiver"))))
                    .build();

            assertThat(machine.onEvent(botOwned(), active(), roles, T0).effects()).isEmpty();
            assertThat(machine.onEvent(botOwned(), active(),
                    EVENTS.signal("x1", "something_new", null, null, null, T0), T0).outcome())
                    .isEqualTo("ignored_unknown_signal");
        }
    }

    /** What a failed {@code pass_thread_control} leads to: decided here, not in the service. */
    @Nested
    class PassFailures {

        final HandoverStateMachine twoTries = new HandoverStateMachine(OUR_APP, BOUND, 3, Duration.ofSeconds(2));
        final Instant now = T0.plusSeconds(10);

        ConversationState accepted() {
            return twoTries.onEvent(botOwned(), active(), EVENTS.guided("m1", Messenger.HANDOVER_ACCEPT_PAYLOAD, T0),
                    T0).state();
        }

        ConversationState requested() {
            return twoTries.onEvent(botOwned(), active(),
                    EVENTS.signal("h1", "request_thread_control", null, null, INBOX, T0), T0).state();
        }

        @Test
        void aTemporaryFailureIsTriedAgainWithABackoffThatDoubles() {
            ConversationState state = accepted();

            Step first = twoTries.onPassFailed(state, state.pendingPass(), HandoverStateMachine.PassFailure.TEMPORARY,
                    active(), now);
            Step second = twoTries.onPassFailed(first.state(), first.state().pendingPass(),
                    HandoverStateMachine.PassFailure.TEMPORARY, active(), now);

            assertThat(first.outcome()).isEqualTo("pass_retry_scheduled");
            assertThat(first.effects()).isEmpty();
            assertThat(first.state().pendingPass()).extracting(PendingPass::attempts, PendingPass::deadline,
                    PendingPass::claimedUntil).containsExactly(1, now.plusSeconds(2), null);
            assertThat(second.state().pendingPass()).extracting(PendingPass::attempts, PendingPass::deadline)
                    .containsExactly(2, now.plusSeconds(4));
            assertThat(second.state().owner()).isEqualTo(Owner.BOT);
        }

        @Test
        void theLastTemporaryFailureGivesUpAndTellsTheUserWhoWasPromisedAPerson() {
            ConversationState state = accepted();
            PendingPass third = new PendingPass(state.pendingPass().awaitedDecisionId(), INBOX, now, null, 2, "m1", T0,
                    PendingPass.Reason.ACCEPTED);

            Step given = twoTries.onPassFailed(state.withPendingPass(third), third,
                    HandoverStateMachine.PassFailure.TEMPORARY, active(), now);

            assertThat(given.outcome()).isEqualTo("handover_given_up");
            assertThat(given.state()).extracting(ConversationState::owner, ConversationState::pendingPass)
                    .containsExactly(Owner.BOT, null);
            assertThat(given.effects()).containsExactly(new Effect.Order("m1:pass-failed#1", OrderKind.STAY_WITH_BOT,
                    null, PageSettings.DEFAULT_HANDOVER_FAILED, List.of(), 0));
            assertThat(given.state().outstandingOrderId()).isEqualTo("m1:pass-failed#1");
        }

        @Test
        void aRefusalGivesUpAtOnceWithThePagesText() {
            ConversationState state = accepted();
            PageSettings page = new PageSettings(PAGE, Channel.MESSENGER, true, SetupKind.LEGACY_ROLES, INBOX,
                    "q", "y", "n", "c", "s", null, true, null, T0, "Nobody can answer now.");

            Step refused = twoTries.onPassFailed(state, state.pendingPass(), HandoverStateMachine.PassFailure.REFUSED,
                    page, now);

            assertThat(refused.outcome()).isEqualTo("handover_refused");
            assertThat(refused.state().pendingPass()).isNull();
            assertThat(refused.effects(Effect.Order.class)).extracting(Effect.Order::text)
                    .containsExactly("Nobody can answer now.");
        }

        @Test
        void aGivenUpInboxRequestSaysNothingToTheUserWhoAskedForNothing() {
            ConversationState state = requested();

            Step refused = twoTries.onPassFailed(state, state.pendingPass(), HandoverStateMachine.PassFailure.REFUSED,
                    active(), now);

            assertThat(refused.outcome()).isEqualTo("handover_refused");
            assertThat(refused.effects()).isEmpty();
            assertThat(refused.state().pendingPass()).isNull();
        }

        @Test
        void anotherAppHoldingTheThreadDropsThePassSilently() {
            ConversationState state = accepted();

            Step other = twoTries.onPassFailed(state, state.pendingPass(),
                    HandoverStateMachine.PassFailure.OWNED_BY_ANOTHER_APP, active(), now);

            assertThat(other.outcome()).isEqualTo("pass_found_other_owner");
            assertThat(other.effects()).isEmpty();
            assertThat(other.state().pendingPass()).isNull();
        }
    }

    /**
     * Take-backs (the idle timeout, the admin's give-back) are pending passes too: their failures are decided here,
     * like a pass's.
     */
    @Nested
    class TakeBacks {

        final HandoverStateMachine twoTries = new HandoverStateMachine(OUR_APP, BOUND, 3, Duration.ofSeconds(2),
                Duration.ofMinutes(1), Duration.ofMinutes(3));
        final PageSettings idlePage = activePage().botIsBackText("back").idleTimeout(Duration.ofMinutes(30)).build();
        final Instant expired = T0.plus(Duration.ofMinutes(30));

        ConversationState idleDue(ConversationState agent, Instant now) {
            Step due = twoTries.onIdleExpired(agent, idlePage, now);
            assertThat(due.outcome()).isEqualTo("idle_take_back_due");
            return due.state();
        }

        @Test
        void aTemporaryFailureIsTriedAgainWithBackoffAndThenGivenUpWithTheIdleTimersWait() {
            ConversationState state = idleDue(agentOwned(1, T0), expired);

            Step first = twoTries.onPassFailed(state, state.pendingPass(), HandoverStateMachine.PassFailure.TEMPORARY,
                    idlePage, expired);
            Step second = twoTries.onPassFailed(first.state(), first.state().pendingPass(),
                    HandoverStateMachine.PassFailure.TEMPORARY, idlePage, expired);
            Step third = twoTries.onPassFailed(second.state(), second.state().pendingPass(),
                    HandoverStateMachine.PassFailure.TEMPORARY, idlePage, expired);

            assertThat(List.of(first, second, third)).extracting(Step::outcome).containsExactly(
                    "take_back_retry_scheduled", "take_back_retry_scheduled", "idle_take_back_given_up");
            assertThat(first.state().pendingPass()).extracting(PendingPass::attempts, PendingPass::deadline)
                    .containsExactly(1, expired.plusSeconds(2));
            assertThat(second.state().pendingPass()).extracting(PendingPass::attempts, PendingPass::deadline)
                    .containsExactly(2, expired.plusSeconds(4));
            assertThat(third.effects()).as("the agent holds the thread: the bot cannot write").isEmpty();
            assertThat(third.state()).extracting(ConversationState::owner, ConversationState::pendingPass,
                    ConversationState::takeBack).containsExactly(Owner.AGENT, null,
                    new ConversationState.TakeBackBackoff(expired.plus(Duration.ofMinutes(1)), 1));
            assertThat(twoTries.onIdleExpired(third.state(), idlePage, expired.plusSeconds(59)).outcome())
                    .as("waits for its backoff").isEqualTo("idle_not_due");
        }

        @Test
        void eachRefusalDoublesTheIdleTimersWaitUpToItsMaximum() {
            ConversationState state = agentOwned(1, T0);
            Instant now = expired;
            List<Duration> waits = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                ConversationState due = idleDue(state, now);
                Step refused = twoTries.onPassFailed(due, due.pendingPass(), HandoverStateMachine.PassFailure.REFUSED,
                        idlePage, now);
                assertThat(refused.outcome()).isEqualTo("idle_take_back_refused");
                waits.add(Duration.between(now, refused.state().takeBack().notBefore()));
                state = refused.state();
                now = state.takeBack().notBefore();
            }
            assertThat(waits).containsExactly(Duration.ofMinutes(1), Duration.ofMinutes(2), Duration.ofMinutes(3),
                    Duration.ofMinutes(3));
            assertThat(state.takeBack().failures()).isEqualTo(4);

            Step done = twoTries.onEvent(state, idlePage,
                    EVENTS.signal("h1", "pass_thread_control", OUR_APP, INBOX, null, now), now);
            assertThat(done.state().takeBack()).as("a new owner starts afresh")
                    .isEqualTo(ConversationState.TakeBackBackoff.NONE);
        }

        @Test
        void anAdminGiveBackThatFailsIsGivenUpWithoutAWaitForTheIdleTimer() {
            ConversationState agent = agentOwned(1, T0);
            ConversationState requested = twoTries.onGiveBackRequested(agent, T0).state();

            Step refused = twoTries.onPassFailed(requested, requested.pendingPass(),
                    HandoverStateMachine.PassFailure.REFUSED, active(), T0);
            Step other = twoTries.onPassFailed(requested, requested.pendingPass(),
                    HandoverStateMachine.PassFailure.OWNED_BY_ANOTHER_APP, active(), T0);

            assertThat(refused.outcome()).isEqualTo("admin_take_back_refused");
            assertThat(other.outcome()).isEqualTo("admin_take_back_found_other_owner");
            assertThat(List.of(refused, other)).allSatisfy(step -> {
                assertThat(step.effects()).isEmpty();
                assertThat(step.state().pendingPass()).isNull();
                assertThat(step.state().takeBack()).isEqualTo(ConversationState.TakeBackBackoff.NONE);
            });
        }

        @Test
        void activityWhileAFailedIdleTakeBackWaitsForItsRetryDropsIt() {
            ConversationState due = idleDue(agentOwned(1, T0), expired);
            ConversationState waiting = twoTries.onPassFailed(due, due.pendingPass(),
                    HandoverStateMachine.PassFailure.TEMPORARY, idlePage, expired).state();
            InboundEvent echo = EVENTS.standby("e1", "message_echo", INBOX, expired);

            Step step = twoTries.onEvent(waiting, idlePage, echo, expired.plusSeconds(1));

            assertThat(step.state().pendingPass()).isNull();
            assertThat(step.state().owner()).isEqualTo(Owner.AGENT);
        }

        @Test
        void aTakeBackBeingCalledIsNotDroppedByActivity() {
            ConversationState due = idleDue(agentOwned(1, T0), expired);
            ConversationState calling = due.withPendingPass(due.pendingPass().claimed(expired.plusSeconds(30)));

            Step step = twoTries.onEvent(calling, idlePage, EVENTS.text("m1", expired), expired.plusSeconds(1));

            assertThat(step.state().pendingPass()).as("its answer decides").isEqualTo(calling.pendingPass());
        }

        @Test
        void theAgentGivingTheThreadBackDropsAPendingTakeBack() {
            ConversationState requested = twoTries.onGiveBackRequested(agentOwned(1, T0), T0).state();

            Step done = twoTries.onEvent(requested, active(),
                    EVENTS.signal("h1", "pass_thread_control", OUR_APP, INBOX, null, T0.plusSeconds(1)), T0);

            assertThat(done.state()).extracting(ConversationState::owner, ConversationState::pendingPass)
                    .containsExactly(Owner.BOT, null);
        }

        @Test
        void noTakeBackIsDecidedForAConversationTheBotOwnsOrThatIsNotIdle() {
            assertThat(twoTries.onIdleExpired(botOwned(), idlePage, expired).outcome()).isEqualTo("idle_not_due");
            assertThat(twoTries.onIdleExpired(agentOwned(1, T0), idlePage, expired.minusSeconds(1)).outcome())
                    .isEqualTo("idle_not_due");
            assertThat(twoTries.onIdleExpired(agentOwned(1, T0), inactive(), expired.plusSeconds(3600)).outcome())
                    .isEqualTo("idle_not_due");
            assertThat(twoTries.onGiveBackRequested(botOwned(), T0).outcome()).isEqualTo("not_agent_held");
        }
    }

    /** An honoured inbox request waits for the bot's last order to be reported, so no reply follows the pass. */
    @Nested
    class DrainBeforePass {

        final Instant requestAt = T0.plusSeconds(2);
        final Instant now = T0.plusSeconds(3);

        ConversationState answered(String... ids) {
            ConversationState state = botOwned();
            for (String id : ids) {
                state = machine.onEvent(state, active(), EVENTS.guided(id, "HOURS", T0), T0).state();
            }
            return state;
        }

        Step request(ConversationState state, String id) {
            return machine.onEvent(state, active(),
                    EVENTS.signal(id, "request_thread_control", null, null, INBOX, requestAt), now);
        }

        @Test
        void everyOrderDecidedIsRememberedAsOutstanding() {
            ConversationState state = answered("m1");
            assertThat(state).extracting(ConversationState::lastOrderId, ConversationState::lastOrderReported,
                    ConversationState::outstandingOrderId).containsExactly("m1#1", false, "m1#1");

            Step back = machine.onEvent(agentOwned(1, T0), active(),
                    EVENTS.signal("h1", "pass_thread_control", OUR_APP, INBOX, null, T0.plusSeconds(1)), T0);
            assertThat(back.state().outstandingOrderId()).as("the bot-is-back message").isEqualTo("h1#2");

            ConversationState agent = agentOwned(1, T0);
            PendingPass take = machine.onGiveBackRequested(agent, T0).state().pendingPass();
            Step idle = machine.onPassSucceeded(agent.withPendingPass(take), take, active(), T0);
            assertThat(idle.state().outstandingOrderId())
                    .isEqualTo(idle.effects(Effect.Order.class).get(0).decisionId());
        }

        @Test
        void withNothingOutstandingTheRequestIsHonouredAtOnce() {
            ConversationState reported = machine.onOrderReported(answered("m1"), "m1#1").state();

            for (ConversationState state : List.of(botOwned(), reported)) {
                Step step = request(state, "h1");

                assertThat(step.outcome()).isEqualTo("request_honoured");
                assertThat(step.effects()).isEmpty();
                assertThat(step.state().pendingPass()).as("persisted, due at once, awaiting nothing").isEqualTo(
                        new PendingPass(null, INBOX, now, null, 0, "h1", requestAt, PendingPass.Reason.INBOX_REQUEST));
            }
        }

        @Test
        void withAnOrderOutstandingTheRequestWaitsForItsReport() {
            Step step = request(answered("m1"), "h1");

            assertThat(step.outcome()).isEqualTo("request_awaiting_order");
            assertThat(step.effects()).isEmpty();
            assertThat(step.state().owner()).isEqualTo(Owner.BOT);
            assertThat(step.state().pendingPass()).isEqualTo(new PendingPass("m1#1", INBOX, now.plus(BOUND), null, 0,
                    "h1", requestAt, PendingPass.Reason.INBOX_REQUEST));
        }

        @Test
        void theReportReleasesThePassWhichIsRecordedAsAnInboxRequest() {
            ConversationState waiting = request(answered("m1"), "h1").state();

            Step reported = machine.onOrderReported(waiting, "m1#1");
            assertThat(reported.outcome()).isEqualTo("order_reported");
            assertThat(reported.state().outstandingOrderId()).isNull();
            assertThat(reported.state().pendingPass()).isEqualTo(waiting.pendingPass());

            Step passed = machine.onPassSucceeded(reported.state(), reported.state().pendingPass(), active(), T0);
            assertThat(passed.outcome()).isEqualTo("passed_on_request");
            assertThat(passed.effects()).containsExactly(
                    new Effect.Transition("h1:pass#1", Owner.BOT, Owner.AGENT, INBOX, 1, "inbox_request", requestAt));
            assertThat(passed.state()).extracting(ConversationState::owner, ConversationState::pendingPass)
                    .containsExactly(Owner.AGENT, null);
        }

        @Test
        void aLateReportOfAnOlderOrderLeavesTheNewerOneOutstanding() {
            ConversationState state = answered("m1", "m2");

            Step late = machine.onOrderReported(state, "m1#1");

            assertThat(late.outcome()).isEqualTo("earlier_order_reported");
            assertThat(late.state()).isEqualTo(state);
            assertThat(late.state().outstandingOrderId()).isEqualTo("m2#1");
            assertThat(request(late.state(), "h1").state().pendingPass().awaitedDecisionId()).isEqualTo("m2#1");
            // A report repeated after the last one changes nothing either.
            ConversationState done = machine.onOrderReported(state, "m2#1").state();
            assertThat(machine.onOrderReported(done, "m2#1").state()).isEqualTo(done);
            assertThat(machine.onOrderReported(done, "m1#1").state()).isEqualTo(done);
        }

        @ParameterizedTest
        @MethodSource("org.handover.handover.domain.HandoverStateMachineTest#botUserMessages")
        void theBotOrdersNothingWhileTheRequestedPassWaits(InboundEvent message) {
            ConversationState waiting = request(answered("m1"), "h1").state();

            Step step = machine.onEvent(waiting, active(), message, now);

            assertThat(step.effects()).isEmpty();
            assertThat(step.outcome()).isEqualTo("awaiting_agent");
            assertThat(step.state().pendingPass()).isEqualTo(waiting.pendingPass());
            assertThat(step.state().outstandingOrderId()).isEqualTo("m1#1");
            assertThat(step.state().lastUserActivityAt()).isEqualTo(message.occurredAt());
        }

        @Test
        void aRequestWhileAPassIsPendingChangesNothing() {
            ConversationState waiting = request(answered("m1"), "h1").state();
            ConversationState accepted = machine.onEvent(botOwned(), active(),
                    EVENTS.guided("m2", Messenger.HANDOVER_ACCEPT_PAYLOAD, T0), T0).state();

            Step again = request(waiting, "h2");
            Step duringAccepted = request(accepted, "h2");

            assertThat(again.outcome()).isEqualTo("request_while_pass_pending");
            assertThat(again.state()).isEqualTo(waiting);
            // Passing now would beat the confirmation to the Send API: the accepted handover passes as planned.
            assertThat(duringAccepted.outcome()).isEqualTo("request_while_pass_pending");
            assertThat(duringAccepted.effects()).isEmpty();
            assertThat(duringAccepted.state()).isEqualTo(accepted);
        }

        @Test
        void theInboxTakingTheThreadMeanwhileDropsThePendingPass() {
            ConversationState waiting = request(answered("m1"), "h1").state();

            Step taken = machine.onEvent(waiting, active(),
                    EVENTS.signal("h2", "take_thread_control", INBOX, OUR_APP, null, requestAt.plusSeconds(1)), now);

            assertThat(taken.state()).extracting(ConversationState::owner, ConversationState::pendingPass)
                    .containsExactly(Owner.AGENT, null);
        }

        @Test
        void aRequestAfterTheAgentGaveTheThreadBackWaitsForTheBotIsBackMessage() {
            ConversationState back = machine.onEvent(agentOwned(1, T0), active(),
                    EVENTS.signal("h1", "pass_thread_control", OUR_APP, INBOX, null, T0.plusSeconds(1)), T0).state();

            Step step = request(back, "h2");

            assertThat(step.effects()).isEmpty();
            assertThat(step.state().pendingPass().awaitedDecisionId()).isEqualTo("h1#2");
        }
    }

    @Nested
    class Drift {

        @Test
        void learningThatWeOwnTheThreadMakesTheBotTheOwnerSilently() {
            Step step = machine.onOwnerLearned(agentOwned(1, T0), OUR_APP, "m5", T0.plusSeconds(5));

            assertThat(step.outcome()).isEqualTo("drift_reconciled");
            assertThat(step.effects()).containsExactly(new Effect.Transition("m5:owner#1", Owner.AGENT, Owner.BOT,
                    OUR_APP, 2, "drift_reconciled", T0.plusSeconds(5)));
        }

        @Test
        void learningThatAnotherAppOwnsTheThreadSilencesTheBot() {
            Step step = machine.onOwnerLearned(botOwned(), CS_APP, "d1", null);

            assertThat(step.state()).extracting(ConversationState::owner, ConversationState::ownerAppId,
                    ConversationState::epoch).containsExactly(Owner.AGENT, CS_APP, 1L);
        }

        @Test
        void learningWhatWeAlreadyKnewChangesNothing() {
            assertThat(machine.onOwnerLearned(botOwned(), OUR_APP, "d1", null).effects()).isEmpty();
            assertThat(machine.onOwnerLearned(agentOwned(1, T0), INBOX, "d1", null).effects()).isEmpty();
        }
    }

    @Nested
    class OneStepPerInboundEvent {

        @Test
        void anEventThatRevealsADriftAsksForTheOwnerFirstAndDecidesNothing() {
            InboundStep step = machine.onInbound(botOwned(), active(), EVENTS.standby("s1", "message", null, T0),
                    InboundStep.OwnerAnswer.NOT_READ, T0);

            assertThat(step.readOwnerFirst()).isTrue();
            assertThat(step.step()).isNull();
            assertThat(step.effects()).isEmpty();
        }

        @Test
        void givenMetasAnswerTheOwnerIsRecordedAndThenTheEventApplied() {
            Instant at = T0.plusSeconds(5);
            InboundStep step = machine.onInbound(botOwned(), active(), EVENTS.standby("s1", "message", null, at),
                    InboundStep.OwnerAnswer.of(INBOX), at);

            assertThat(step.readOwnerFirst()).isFalse();
            assertThat(step.reconciliation().outcome()).isEqualTo("drift_reconciled");
            assertThat(step.step().outcome()).isEqualTo("standby");
            assertThat(step.effects()).containsExactly(new Effect.Transition("s1:owner#1", Owner.BOT, Owner.AGENT,
                    INBOX, 1, "drift_reconciled", at));
            assertThat(step.state()).extracting(ConversationState::owner, ConversationState::epoch,
                    ConversationState::lastUserActivityAt).containsExactly(Owner.AGENT, 1L, at);
            // the same as the two steps taken one after the other
            Step reconciled = machine.onOwnerLearned(botOwned(), INBOX, "s1", at);
            assertThat(step.step()).isEqualTo(machine.onEvent(reconciled.state(), active(),
                    EVENTS.standby("s1", "message", null, at), at));
        }

        @Test
        void withoutAnAnswerTheEventIsAppliedWithWhatWeKnow() {
            InboundEvent standby = EVENTS.standby("s1", "message", null, T0);

            InboundStep step = machine.onInbound(botOwned(), active(), standby, InboundStep.OwnerAnswer.UNKNOWN, T0);

            assertThat(step.reconciliation()).isNull();
            assertThat(step.step()).isEqualTo(machine.onEvent(botOwned(), active(), standby, T0));
        }

        @Test
        void anEventThatCannotRevealADriftIsAppliedAtOnce() {
            InboundEvent text = EVENTS.text("m1", T0);

            InboundStep step = machine.onInbound(botOwned(), active(), text, InboundStep.OwnerAnswer.NOT_READ, T0);

            assertThat(step.readOwnerFirst()).isFalse();
            assertThat(step.reconciliation()).isNull();
            assertThat(step.step()).isEqualTo(machine.onEvent(botOwned(), active(), text, T0));
            assertThat(step.step().outcome()).isEqualTo("asked");
        }

        @ParameterizedTest
        @MethodSource("org.handover.handover.domain.HandoverStateMachineTest#inertEvents")
        void inertEventsChangeNothingWhateverTheState(InboundEvent event) {
            PageSettings idlePage = activePage().idleTimeout(Duration.ofMinutes(30)).build();
            ConversationState accepted = machine.onEvent(botOwned(), active(),
                    EVENTS.guided("m2", Messenger.HANDOVER_ACCEPT_PAYLOAD, T0), T0).state();
            ConversationState agentIdle = agentOwned(1, T0.minus(Duration.ofHours(2)));
            ConversationState takingBack = machine.onIdleExpired(agentIdle, idlePage, T0).state();

            assertThat(HandoverStateMachine.isInert(event)).isTrue();
            for (ConversationState state : List.of(botOwned(), accepted, agentOwned(1, T0), takingBack)) {
                for (PageSettings page : List.of(active(), inactive(), idlePage)) {
                    Step step = machine.onEvent(state, page, event, T0.plusSeconds(1));
                    assertThat(step.state()).isSameAs(state);
                    assertThat(step.effects()).isEmpty();
                    assertThat(step.outcome()).isEqualTo(HandoverStateMachine.inertOutcome(event));
                }
            }
            assertThat(StepFact.of(event, "noise", T0)).as("no analytics fact").isEmpty();
        }

        @Test
        void userMessagesSignalsAndEchoesOfAgentsAreNotInert() {
            assertThat(HandoverStateMachine.isInert(EVENTS.text("m1", T0))).isFalse();
            assertThat(HandoverStateMachine.isInert(EVENTS.standby("s1", "message_echo", INBOX, T0))).isFalse();
            assertThat(HandoverStateMachine.isInert(
                    EVENTS.signal("h1", "pass_thread_control", INBOX, OUR_APP, null, T0))).isFalse();
        }
    }

    @Nested
    class Epochs {

        @Test
        void decisionIdsAreTheSameWhenTheSameInputIsAppliedAgain() {
            Step first = machine.onEvent(botOwned(), active(), EVENTS.text("m1", T0), T0);
            Step again = machine.onEvent(botOwned(), active(), EVENTS.text("m1", T0), T0.plusSeconds(9));

            assertThat(again.effects()).isEqualTo(first.effects());
        }

        @Test
        void everyOrderCarriesTheEpochItWasDecidedUnder() {
            ConversationState state = botOwned();
            // user asks, accepts, agent takes over and gives back, user writes again
            state = machine.onEvent(state, active(), EVENTS.text("m1", T0), T0).state();
            state = machine.onEvent(state, active(),
                    EVENTS.guided("m2", Messenger.HANDOVER_ACCEPT_PAYLOAD, T0.plusSeconds(1)), T0).state();
            state = machine.onPassSucceeded(state, state.pendingPass(), active(), T0.plusSeconds(2)).state();
            Step back = machine.onEvent(state, active(),
                    EVENTS.signal("h1", "pass_thread_control", OUR_APP, INBOX, null, T0.plusSeconds(60)), T0);
            Step answer = machine.onEvent(back.state(), active(), EVENTS.guided("m3", "HOURS", T0.plusSeconds(61)), T0);

            assertThat(back.effects()).extracting(e -> e instanceof Effect.Order o ? o.epoch()
                    : ((Effect.Transition) e).epoch()).containsExactly(2L, 2L);
            assertThat(answer.effects()).extracting(e -> tuple(((Effect.Order) e).kind(), ((Effect.Order) e).epoch()))
                    .containsExactly(tuple(OrderKind.ANSWER_GUIDED, 2L));
        }
    }

    static Stream<Arguments> botUserMessages() {
        Instant at = T0.plusSeconds(4);
        return Stream.of(
                Arguments.of(EVENTS.text("m7", at)),
                Arguments.of(EVENTS.guided("m8", "HOURS", at)),
                Arguments.of(EVENTS.guided("m9", Messenger.HANDOVER_ACCEPT_PAYLOAD, at)),
                Arguments.of(EVENTS.guided("m10", Messenger.HANDOVER_REJECT_PAYLOAD, at)));
    }

    static Stream<Arguments> userMessages() {
        return Stream.of(
                Arguments.of(EVENTS.text("m1", T0.plusSeconds(5))),
                Arguments.of(EVENTS.guided("m2", "HOURS", T0.plusSeconds(5))),
                Arguments.of(EVENTS.guided("m3", Messenger.HANDOVER_ACCEPT_PAYLOAD, T0.plusSeconds(5))),
                Arguments.of(EVENTS.standby("s1", "message", null, T0.plusSeconds(5))),
                Arguments.of(EVENTS.standby("s2", "postback", null, T0.plusSeconds(5))));
    }
}
