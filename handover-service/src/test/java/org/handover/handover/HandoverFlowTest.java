package org.handover.handover;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kafka.InjectKafkaCompanion;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.handover.contracts.ContractJson;
import org.handover.contracts.Decision;
import org.handover.contracts.DecisionType;
import org.handover.contracts.InboundEvent;
import org.handover.contracts.InboundEvents;
import org.handover.contracts.Messenger;
import org.handover.contracts.OrderKind;
import org.handover.contracts.OutboundOutcome;
import org.handover.contracts.OutboundReasons;
import org.handover.contracts.OutboundResult;
import org.handover.contracts.Owner;
import org.handover.contracts.SchemaVersion;
import org.handover.contracts.ThreadControl;
import org.handover.contracts.Topics;
import org.handover.handover.domain.ConversationState;
import org.handover.handover.domain.ConversationStates;
import org.handover.handover.domain.PageSettings;
import org.handover.handover.domain.PageSettingsBuilder;
import org.handover.handover.domain.PendingPass;
import org.handover.handover.domain.TransitionRecord;
import org.handover.handover.port.MetaGraphPort;
import org.handover.handover.repository.ConversationRepository;
import org.handover.handover.repository.PageSettingsRepository;
import org.handover.handover.repository.TransitionRepository;
import org.handover.handover.service.ConversationService;
import org.handover.service.support.jdbc.Sql;
import org.handover.testsupport.InjectMetaApi;
import org.handover.testsupport.KafkaAndPostgresResource;
import org.handover.testsupport.MetaApiResource;
import org.handover.testsupport.OutcomeCounters;
import org.handover.testsupport.TopicReader;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The handover flows on a real broker and a real PostgreSQL, with WireMock standing in for the Graph API. Every test
 * uses its own user on one of the pages that have a page token in the test profile.
 */
@QuarkusTest
@WithTestResource(value = KafkaAndPostgresResource.class, initArgs = @ResourceArg(name = "postgres", value = "true"))
@WithTestResource(MetaApiResource.class)
class HandoverFlowTest {

    static final Duration WAIT = Duration.ofSeconds(20);
    /** {@code handover.confirmation-bound} of the test profile: how long a pending pass waits for its order. */
    static final Duration BOUND = Duration.ofSeconds(3);
    static final String OUR_APP = "220000000000002";
    static final String INBOX = Messenger.PAGE_INBOX_APP_ID;
    /** Handover active, default texts. */
    static final String PAGE = "900000000000001";
    /** Handover active, idle timeout of one minute. */
    static final String IDLE_PAGE = "900000000000002";

    @InjectKafkaCompanion
    KafkaCompanion kafka;

    @InjectMetaApi
    WireMockServer meta;

    @Inject
    PageSettingsRepository pages;

    @Inject
    ConversationRepository conversations;

    @Inject
    TransitionRepository transitions;

    @Inject
    MeterRegistry registry;

    @Inject
    Sql sql;

    @Inject
    ConversationService service;

    String psid;
    /** The user's events; ids prefixed by the user, as the tests share one database. */
    InboundEvents events;
    Instant t0;

    @BeforeEach
    void setUp() {
        psid = "user-" + UUID.randomUUID();
        events = InboundEvents.of(PAGE, psid).idPrefix(psid + ":");
        // Meta's timestamps are milliseconds; PostgreSQL keeps microseconds.
        t0 = Instant.now().minusSeconds(60).truncatedTo(ChronoUnit.MILLIS);
        QuarkusTransaction.requiringNew().run(() -> {
            pages.save(PageSettings.defaults(PAGE).withHandoverActive(true, t0), t0);
            pages.save(PageSettingsBuilder.page(IDLE_PAGE).activeSince(t0).botIsBackText("Back!")
                    .idleTimeout(Duration.ofMinutes(1)).build(), t0);
        });
        for (String page : List.of(PAGE, IDLE_PAGE)) {
            meta.stubFor(post(urlPathEqualTo("/" + page + "/pass_thread_control")).willReturn(okJson("{\"success\":true}")));
            meta.stubFor(post(urlPathEqualTo("/" + page + "/take_thread_control")).willReturn(okJson("{\"success\":true}")));
        }
    }

    @Test
    void acceptedHandoverIsConfirmedBeforeControlPassesToTheInbox() {
        send(events.text("m1", at(1)));
        assertThat(orderKinds(1)).containsExactly(OrderKind.ASK_HANDOVER);

        send(events.guided("m2", Messenger.HANDOVER_ACCEPT_PAYLOAD, at(2)));
        Decision confirm = decisions(2).get(1);
        assertThat(confirm.order().kind()).isEqualTo(OrderKind.CONFIRM_HANDOVER);
        assertThat(passCalls()).as("no pass before the confirmation is reported").isEmpty();

        Instant reported = Instant.now();
        produce(Topics.MESSENGER_OUTBOUND, new OutboundResult(SchemaVersion.CURRENT, confirm.decisionId(), PAGE, psid,
                confirm.epoch(), OrderKind.CONFIRM_HANDOVER, OutboundOutcome.SENT, null, "mid.1", null, null,
                reported));

        List<Decision> all = decisions(3);
        assertThat(all.get(2)).extracting(Decision::type, Decision::epoch, d -> d.control().owner(),
                d -> d.control().ownerAppId(), d -> d.control().cause())
                .containsExactly(DecisionType.CONTROL_CHANGE, 1L, Owner.AGENT, INBOX, "user_accepted");
        List<LoggedRequest> passes = passCalls();
        assertThat(passes).hasSize(1);
        assertThat(passes.get(0).getLoggedDate().toInstant()).isAfterOrEqualTo(reported.minusMillis(5));
        meta.verify(postRequestedFor(urlPathEqualTo("/" + PAGE + "/pass_thread_control"))
                .withRequestBody(matchingJsonPath("$.recipient.id", equalTo(psid)))
                .withRequestBody(matchingJsonPath("$.target_app_id", equalTo(INBOX))));
        assertThat(latestControl()).extracting(ThreadControl::owner, ThreadControl::epoch)
                .containsExactly(Owner.AGENT, 1L);
    }

    @Test
    void anAcceptedHandoverPassesAfterTheBoundWhenNoConfirmationIsReported() {
        send(events.guided("m1", Messenger.HANDOVER_ACCEPT_PAYLOAD, at(1)));

        List<Decision> all = decisions(2);
        assertThat(all).extracting(Decision::type).containsExactly(DecisionType.REPLY_ORDER,
                DecisionType.CONTROL_CHANGE);
        assertThat(Duration.between(all.get(0).decidedAt(), all.get(1).decidedAt()))
                .isGreaterThanOrEqualTo(BOUND);
    }

    @Test
    void rejectingKeepsTheBotInControl() {
        send(events.text("m1", at(1)));
        send(events.guided("m2", Messenger.HANDOVER_REJECT_PAYLOAD, at(2)));

        assertThat(orderKinds(2)).containsExactly(OrderKind.ASK_HANDOVER, OrderKind.STAY_WITH_BOT);
        assertThat(state()).extracting(ConversationState::owner, ConversationState::epoch,
                ConversationState::questionPending).containsExactly(Owner.BOT, 0L, false);
        assertThat(passCalls()).isEmpty();
    }

    @Test
    void agentMarkingDoneGivesTheConversationBackToTheBot() {
        agentHolds(PAGE, t0);

        send(events.signal("h1", "pass_thread_control", OUR_APP, INBOX, null, at(5)));

        List<Decision> all = decisions(2);
        assertThat(all).extracting(Decision::type, Decision::epoch)
                .containsExactly(tuple(DecisionType.CONTROL_CHANGE, 2L), tuple(DecisionType.REPLY_ORDER, 2L));
        assertThat(all.get(1).order().kind()).isEqualTo(OrderKind.BOT_IS_BACK);
        assertThat(history()).extracting(TransitionRecord::from, TransitionRecord::to, TransitionRecord::cause)
                .containsExactly(tuple(Owner.AGENT, Owner.BOT, "agent_done"));
    }

    @Test
    void theBotStaysSilentWhileTheAgentOwnsTheThread() {
        agentHolds(PAGE, t0);

        send(events.standby("s1", "message", null, at(5)));
        send(events.standby("s2", "message_echo", INBOX, at(6)));
        send(events.signal("h1", "pass_thread_control", OUR_APP, INBOX, null, at(7)));

        // The only decisions are those of the agent being done: nothing was ordered for the standby messages.
        assertThat(decisions(2)).extracting(Decision::type)
                .containsExactly(DecisionType.CONTROL_CHANGE, DecisionType.REPLY_ORDER);
        assertThat(state().lastAgentActivityAt()).isEqualTo(t0.plusSeconds(6));
    }

    @Test
    void anInboxRequestIsHonouredByPassingControl() {
        send(events.signal("h1", "request_thread_control", null, null, INBOX, at(1)));

        Decision change = decisions(1).get(0);
        assertThat(change.control()).extracting(c -> c.owner(), c -> c.cause())
                .containsExactly(Owner.AGENT, "inbox_request");
        assertThat(passCalls()).hasSize(1);
    }

    @Test
    void anInboxRequestWaitsForTheBotsLastOrderToBeReportedBeforePassing() {
        send(events.guided("m1", "HOURS", at(1)));
        send(events.guided("m2", "PRICES", at(2)));
        List<Decision> answers = decisions(2);

        // A late report of the older answer leaves the newer one outstanding.
        double earlier = steps("earlier_order_reported");
        produce(Topics.MESSENGER_OUTBOUND, result(answers.get(0), OutboundOutcome.SENT));
        await().atMost(WAIT).until(() -> steps("earlier_order_reported") > earlier);

        send(events.signal("h1", "request_thread_control", null, null, INBOX, at(3)));
        PendingPass waiting = state().pendingPass();
        assertThat(waiting).extracting(PendingPass::reason, PendingPass::awaitedDecisionId, PendingPass::targetAppId)
                .containsExactly(PendingPass.Reason.INBOX_REQUEST, answers.get(1).decisionId(), INBOX);
        // While the pass waits, the bot orders nothing more.
        send(events.guided("m3", "HOURS", at(4)));
        assertThat(passCalls()).as("no pass while the last answer is in flight").isEmpty();

        Instant reported = Instant.now();
        produce(Topics.MESSENGER_OUTBOUND, result(answers.get(1), OutboundOutcome.REFUSED));

        List<Decision> all = decisions(3);
        assertThat(all).extracting(Decision::type).containsExactly(DecisionType.REPLY_ORDER,
                DecisionType.REPLY_ORDER, DecisionType.CONTROL_CHANGE);
        assertThat(all.get(2).control()).extracting(c -> c.owner(), c -> c.ownerAppId(), c -> c.cause())
                .containsExactly(Owner.AGENT, INBOX, "inbox_request");
        assertThat(all.get(2).decidedAt()).as("released by the report, not by the deadline")
                .isBefore(waiting.deadline());
        List<LoggedRequest> passes = passCalls();
        assertThat(passes).hasSize(1);
        assertThat(passes.get(0).getLoggedDate().toInstant()).isAfterOrEqualTo(reported.minusMillis(5));
        meta.verify(postRequestedFor(urlPathEqualTo("/" + PAGE + "/pass_thread_control"))
                .withRequestBody(matchingJsonPath("$.recipient.id", equalTo(psid)))
                .withRequestBody(matchingJsonPath("$.target_app_id", equalTo(INBOX))));
        assertThat(history()).extracting(TransitionRecord::to, TransitionRecord::cause, TransitionRecord::causeEventId)
                .containsExactly(tuple(Owner.AGENT, "inbox_request", psid + ":h1"));
        assertThat(state()).extracting(ConversationState::owner, ConversationState::pendingPass)
                .containsExactly(Owner.AGENT, null);
    }

    @Test
    void anInboxRequestPassesAfterTheBoundWhenTheLastOrderIsNeverReported() {
        send(events.guided("m1", "HOURS", at(1)));
        send(events.signal("h1", "request_thread_control", null, null, INBOX, at(2)));

        List<Decision> all = decisions(2);
        assertThat(all).extracting(Decision::type).containsExactly(DecisionType.REPLY_ORDER,
                DecisionType.CONTROL_CHANGE);
        assertThat(all.get(1).control().cause()).isEqualTo("inbox_request");
        assertThat(Duration.between(all.get(0).decidedAt(), all.get(1).decidedAt()))
                .isGreaterThanOrEqualTo(BOUND);
        assertThat(passCalls()).hasSize(1);
    }

    @Test
    void anInboxRequestPassesAtOnceWhenTheLastOrderWasAlreadyReported() {
        send(events.guided("m1", "HOURS", at(1)));
        Decision answer = decisions(1).get(0);
        produce(Topics.MESSENGER_OUTBOUND, result(answer, OutboundOutcome.SENT));
        await().atMost(WAIT).until(() -> state().lastOrderReported());
        double honoured = steps("request_honoured");

        send(events.signal("h1", "request_thread_control", null, null, INBOX, at(2)));

        assertThat(steps("request_honoured")).isEqualTo(honoured + 1);
        assertThat(decisions(2).get(1).control()).extracting(c -> c.owner(), c -> c.cause())
                .containsExactly(Owner.AGENT, "inbox_request");
        assertThat(passCalls()).hasSize(1);
    }

    @Test
    void anInboxRequestWhosePassFailsForAWhileIsPassedOnALaterTry() {
        // Meta is away for the first call (the client's own three attempts), then accepts.
        String scenario = "flaky-pass-" + psid;
        String[] states = {Scenario.STARTED, "second", "third", "back"};
        for (int i = 0; i < 3; i++) {
            meta.stubFor(post(urlPathEqualTo("/" + PAGE + "/pass_thread_control")).atPriority(1)
                    .withRequestBody(matchingJsonPath("$.recipient.id", equalTo(psid)))
                    .inScenario(scenario).whenScenarioStateIs(states[i]).willSetStateTo(states[i + 1])
                    .willReturn(aResponse().withStatus(503)));
        }
        double retries = steps("pass_retry_scheduled");

        send(events.signal("h1", "request_thread_control", null, null, INBOX, at(1)));

        Decision change = decisions(1).get(0);
        assertThat(change.control()).extracting(c -> c.owner(), c -> c.ownerAppId(), c -> c.cause())
                .containsExactly(Owner.AGENT, INBOX, "inbox_request");
        assertThat(passCalls()).as("three failed attempts of the first call, then the retry").hasSize(4);
        assertThat(steps("pass_retry_scheduled")).isEqualTo(retries + 1);
        assertThat(state()).extracting(ConversationState::owner, ConversationState::pendingPass)
                .containsExactly(Owner.AGENT, null);
    }

    @Test
    void aGiveBackWhoseTakeFailsForAWhileIsTakenOnALaterTry() {
        agentHolds(PAGE, t0);
        // Meta is away for the first call (the client's own three attempts), then accepts.
        String scenario = "flaky-take-" + psid;
        String[] states = {Scenario.STARTED, "second", "third", "back"};
        for (int i = 0; i < 3; i++) {
            meta.stubFor(post(urlPathEqualTo("/" + PAGE + "/take_thread_control")).atPriority(1)
                    .withRequestBody(matchingJsonPath("$.recipient.id", equalTo(psid)))
                    .inScenario(scenario).whenScenarioStateIs(states[i]).willSetStateTo(states[i + 1])
                    .willReturn(aResponse().withStatus(503)));
        }
        double retries = steps("take_back_retry_scheduled");

        assertThat(service.giveBackToBot(PAGE, psid)).contains(MetaGraphPort.Result.TEMPORARY_FAILURE);
        assertThat(steps("take_back_retry_scheduled")).isEqualTo(retries + 1);

        // The pass timer tries again after handover.pass-retry-delay (1 s here), and Meta accepts.
        List<Decision> all = decisions(2);
        assertThat(all).extracting(d -> d.type(), d -> d.control() == null ? null : d.control().cause(),
                d -> d.order() == null ? null : d.order().kind())
                .containsExactly(tuple(DecisionType.CONTROL_CHANGE, "admin_give_back", null),
                        tuple(DecisionType.REPLY_ORDER, null, OrderKind.BOT_IS_BACK));
        assertThat(takeCalls()).as("three failed attempts of the first call, then the retry").hasSize(4);
        assertThat(state()).extracting(ConversationState::owner, ConversationState::epoch,
                ConversationState::pendingPass).containsExactly(Owner.BOT, 2L, null);
        assertThat(history()).extracting(TransitionRecord::cause).containsExactly("admin_give_back");
    }

    @Test
    void aGiveBackOfAConversationNoAgentHoldsChangesNothing() {
        send(events.guided("m1", "HOURS", at(1)));

        assertThat(service.giveBackToBot(PAGE, psid)).isEmpty();
        assertThat(service.giveBackToBot(PAGE, psid + "-unknown")).isEmpty();
        assertThat(takeCalls()).isEmpty();
        assertThat(state()).extracting(ConversationState::owner, ConversationState::pendingPass)
                .containsExactly(Owner.BOT, null);
    }

    @Test
    void aUserWhoseAcceptedHandoverIsRefusedIsToldSo() {
        meta.stubFor(post(urlPathEqualTo("/" + PAGE + "/pass_thread_control")).atPriority(1)
                .withRequestBody(matchingJsonPath("$.recipient.id", equalTo(psid)))
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                        .withBody("{\"error\":{\"message\":\"Invalid parameter\",\"code\":100}}")));

        send(events.guided("m1", Messenger.HANDOVER_ACCEPT_PAYLOAD, at(1)));
        Decision confirm = decisions(1).get(0);
        produce(Topics.MESSENGER_OUTBOUND, result(confirm, OutboundOutcome.SENT));

        List<Decision> all = decisions(2);
        assertThat(all.get(1).order()).extracting(o -> o.kind(), o -> o.text())
                .containsExactly(OrderKind.STAY_WITH_BOT, PageSettings.DEFAULT_HANDOVER_FAILED);
        assertThat(state()).extracting(ConversationState::owner, ConversationState::pendingPass)
                .containsExactly(Owner.BOT, null);
        assertThat(history()).isEmpty();
    }

    @Test
    void anIdleConversationReturnsToTheBotAfterThePagesTimeout() {
        agentHolds(IDLE_PAGE, Instant.now().minus(Duration.ofMinutes(5)));

        List<Decision> all = TopicReader.of(kafka, Topics.CONVERSATION_DECISIONS)
                .awaitKey(IDLE_PAGE + ":" + psid, 2, WAIT).stream()
                .map(r -> ContractJson.fromJson(r.value(), Decision.class)).toList();

        assertThat(all).extracting(d -> d.type(), d -> d.control() == null ? null : d.control().cause(),
                d -> d.order() == null ? null : d.order().text())
                .containsExactly(tuple(DecisionType.CONTROL_CHANGE, "idle_timeout", null),
                        tuple(DecisionType.REPLY_ORDER, null, "Back!"));
        meta.verify(postRequestedFor(urlPathEqualTo("/" + IDLE_PAGE + "/take_thread_control"))
                .withRequestBody(matchingJsonPath("$.recipient.id", equalTo(psid))));
    }

    @Test
    void aDuplicateEventMakesNoSecondTransitionOrOrder() {
        agentHolds(PAGE, t0);
        InboundEvent done = events.signal("h1", "pass_thread_control", OUR_APP, INBOX, null, at(5));

        send(done);
        send(done);
        send(events.guided("m9", "HOURS", at(9)));

        // Exactly: the change, bot-is-back, the answer; the duplicate produced nothing in between.
        assertThat(decisions(3)).extracting(Decision::type).containsExactly(DecisionType.CONTROL_CHANGE,
                DecisionType.REPLY_ORDER, DecisionType.REPLY_ORDER);
        assertThat(history()).hasSize(1);
    }

    @Test
    void aUserMessageWhileWeThinkTheAgentOwnsTheThreadIsReconciledWithMeta() {
        agentHolds(PAGE, t0);
        meta.stubFor(get(urlPathEqualTo("/" + PAGE + "/thread_owner"))
                .withQueryParam("recipient", equalTo(psid))
                .willReturn(okJson("{\"data\":[{\"thread_owner\":{\"app_id\":\"" + OUR_APP + "\"}}]}")));

        send(events.guided("m5", "HOURS", at(5)));

        List<Decision> all = decisions(2);
        assertThat(all).extracting(Decision::type, Decision::epoch)
                .containsExactly(tuple(DecisionType.CONTROL_CHANGE, 2L), tuple(DecisionType.REPLY_ORDER, 2L));
        assertThat(all.get(0).control().cause()).isEqualTo("drift_reconciled");
        assertThat(all.get(1).order().kind()).isEqualTo(OrderKind.ANSWER_GUIDED);
    }

    @Test
    void aSendApiOwnershipErrorMakesTheServiceReadTheRealOwner() {
        meta.stubFor(get(urlPathEqualTo("/" + PAGE + "/thread_owner"))
                .withQueryParam("recipient", equalTo(psid))
                .willReturn(okJson("{\"data\":[{\"thread_owner\":{\"app_id\":\"" + INBOX + "\"}}]}")));

        produce(Topics.MESSENGER_OUTBOUND, new OutboundResult(SchemaVersion.CURRENT, "d-x", PAGE, psid, 0,
                OrderKind.ANSWER_GUIDED, OutboundOutcome.FAILED, OutboundReasons.THREAD_OWNED_BY_ANOTHER_APP, null,
                10, 2018300, Instant.now()));

        assertThat(decisions(1).get(0).control()).extracting(c -> c.owner(), c -> c.ownerAppId(), c -> c.cause())
                .containsExactly(Owner.AGENT, INBOX, "drift_reconciled");
    }

    @Test
    void aConversationContinuesFromTheDatabaseAfterARestart() {
        // What an earlier process left: the agent holds the thread at epoch 4. Nothing else is kept in memory.
        agentHolds(PAGE, t0, 4);

        send(events.signal("h1", "pass_thread_control", OUR_APP, INBOX, null, at(5)));
        send(events.text("m6", at(6)));

        assertThat(decisions(3)).extracting(Decision::type, Decision::epoch).containsExactly(
                tuple(DecisionType.CONTROL_CHANGE, 5L), tuple(DecisionType.REPLY_ORDER, 5L),
                tuple(DecisionType.REPLY_ORDER, 5L));
    }

    @Test
    void ordersCarryTheUsersLastMessageTimeForTheTwentyFourHourWindow() {
        send(events.guided("m1", "HOURS", at(1)));

        assertThat(decisions(1).get(0).order().userMessageAt()).isEqualTo(t0.plusSeconds(1));
    }

    // --- helpers ---

    private void agentHolds(String page, Instant since) {
        agentHolds(page, since, 1);
    }

    private void agentHolds(String page, Instant since, long epoch) {
        QuarkusTransaction.requiringNew().run(() -> {
            ConversationState fresh = conversations.lock(page, psid, OUR_APP, since);
            conversations.save(ConversationStates.agentOwned(page, psid, INBOX).epoch(epoch).since(since)
                    .lastAgentActivityAt(since).build(), since);
        });
    }

    private ConversationState state() {
        return QuarkusTransaction.requiringNew().call(() -> conversations.find(PAGE, psid)).orElseThrow();
    }

    private List<TransitionRecord> history() {
        return QuarkusTransaction.requiringNew().call(() -> transitions.history(PAGE, psid));
    }

    private List<Decision> decisions(int count) {
        List<ConsumerRecord<String, String>> records = TopicReader.of(kafka, Topics.CONVERSATION_DECISIONS)
                .awaitKey(PAGE + ":" + psid, count, WAIT);
        return records.stream().map(r -> ContractJson.fromJson(r.value(), Decision.class)).toList();
    }

    private List<OrderKind> orderKinds(int count) {
        return decisions(count).stream().filter(d -> d.type() == DecisionType.REPLY_ORDER)
                .map(d -> d.order().kind()).toList();
    }

    private ThreadControl latestControl() {
        List<ConsumerRecord<String, String>> records = TopicReader.of(kafka, Topics.THREAD_CONTROL)
                .awaitKey(PAGE + ":" + psid, 1, WAIT);
        return ContractJson.fromJson(records.get(records.size() - 1).value(), ThreadControl.class);
    }

    private List<LoggedRequest> passCalls() {
        return meta.findAll(postRequestedFor(urlPathEqualTo("/" + PAGE + "/pass_thread_control"))
                .withRequestBody(matchingJsonPath("$.recipient.id", equalTo(psid))));
    }

    private List<LoggedRequest> takeCalls() {
        return meta.findAll(postRequestedFor(urlPathEqualTo("/" + PAGE + "/take_thread_control"))
                .withRequestBody(matchingJsonPath("$.recipient.id", equalTo(psid))));
    }

    private OutboundResult result(Decision order, OutboundOutcome outcome) {
        return new OutboundResult(SchemaVersion.CURRENT, order.decisionId(), PAGE, psid, order.epoch(),
                order.order().kind(), outcome, outcome == OutboundOutcome.SENT ? null : "not_owner",
                outcome == OutboundOutcome.SENT ? "mid." + order.decisionId() : null, null, null, Instant.now());
    }

    private double steps(String outcome) {
        return OutcomeCounters.count(registry, "handover.steps", outcome);
    }

    private void send(InboundEvent event) {
        produce(Topics.CONVERSATION_INBOUND, event);
        // Each event is applied before the next is sent, as one partition would deliver them.
        await().atMost(WAIT).until(() -> QuarkusTransaction.requiringNew().call(
                () -> sql.count("select count(*) from processed_event where event_id = ?", event.eventId())) == 1);
    }

    private void produce(String topic, Object value) {
        String key = value instanceof InboundEvent e ? e.key() : ((OutboundResult) value).key();
        kafka.produceStrings().fromRecords(new ProducerRecord<>(topic, key, ContractJson.toJson(value)))
                .awaitCompletion(WAIT);
    }

    /** Meta's time of an event, {@code second}s after the test's start. */
    private Instant at(int second) {
        return t0.plusSeconds(second);
    }
}
