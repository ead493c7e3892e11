package org.handover.handover;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kafka.InjectKafkaCompanion;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.handover.contracts.ContractJson;
import org.handover.contracts.Decision;
import org.handover.contracts.DecisionType;
import org.handover.contracts.InboundEvent;
import org.handover.contracts.InboundEvents;
import org.handover.contracts.Messenger;
import org.handover.contracts.OrderKind;
import org.handover.contracts.OutboundOutcome;
import org.handover.contracts.OutboundResult;
import org.handover.contracts.Owner;
import org.handover.contracts.SchemaVersion;
import org.handover.contracts.Topics;
import org.handover.handover.client.ShadowGraphPort;
import org.handover.handover.domain.ConversationState;
import org.handover.handover.domain.ConversationStates;
import org.handover.handover.domain.PageSettings;
import org.handover.handover.domain.PageSettingsBuilder;
import org.handover.handover.domain.TransitionRecord;
import org.handover.handover.repository.ConversationRepository;
import org.handover.handover.repository.PageSettingsRepository;
import org.handover.handover.repository.TransitionRepository;
import org.handover.handover.service.ActivationService;
import org.handover.handover.service.ActivationService.Activation;
import org.handover.harness.ConsumerGroups;
import org.handover.service.support.jdbc.Sql;
import org.handover.testsupport.InjectMetaApi;
import org.handover.testsupport.KafkaAndPostgresResource;
import org.handover.testsupport.MetaApiResource;
import org.handover.testsupport.TopicReader;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * handover-service as a replay runs it (issue 8): shadow mode, in a topic namespace of its own, fed with events of
 * weeks ago within seconds. WireMock stands in for the Graph API with pages that have tokens, and answers every
 * thread-control call with success: it must receive no request at all. Each test's events happen one day after the
 * previous test's (the event-time clock never goes back), all weeks before the wall clock.
 */
@QuarkusTest
@TestProfile(ShadowReplayTest.Shadow.class)
@WithTestResource(value = KafkaAndPostgresResource.class, initArgs = {
        @ResourceArg(name = "postgres", value = "true"),
        @ResourceArg(name = "topicPrefix", value = ShadowReplayTest.PREFIX)})
@WithTestResource(MetaApiResource.class)
class ShadowReplayTest {

    static final String PREFIX = "shadow-h.";
    static final Duration WAIT = Duration.ofSeconds(20);
    static final String OUR_APP = "220000000000002";
    static final String INBOX = Messenger.PAGE_INBOX_APP_ID;
    /** Handover active, no idle timeout. */
    static final String PAGE = "930000000000001";
    /** Handover active, idle timeout of one minute. */
    static final String IDLE_PAGE = "930000000000002";
    /** Activated through the admin API. */
    static final String NEW_PAGE = "930000000000003";

    /** Shadow mode on; the test pages have page tokens, so nothing but shadow mode keeps the calls from Meta. */
    public static class Shadow implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("handover.shadow-mode", "true",
                    "messenger.page-tokens.\"" + PAGE + "\"", "test-token-shadow",
                    "messenger.page-tokens.\"" + IDLE_PAGE + "\"", "test-token-shadow",
                    "messenger.page-tokens.\"" + NEW_PAGE + "\"", "test-token-shadow");
        }
    }

    /** Event time of the first test: weeks before the wall clock; each test starts a day later. */
    private static Instant nextBase = Instant.now().minus(Duration.ofDays(30)).truncatedTo(ChronoUnit.SECONDS);

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
    ActivationService activation;

    String psid;
    /** The user's events; ids prefixed by the user, as the tests share one database. */
    InboundEvents events;
    Instant b;

    @BeforeEach
    void setUp() {
        psid = "user-" + UUID.randomUUID();
        events = InboundEvents.of(PAGE, psid).idPrefix(psid + ":");
        b = nextBase;
        nextBase = nextBase.plus(Duration.ofDays(1));
        QuarkusTransaction.requiringNew().run(() -> {
            pages.save(PageSettings.defaults(PAGE).withHandoverActive(true, b), b);
            pages.save(PageSettingsBuilder.page(IDLE_PAGE).activeSince(b).botIsBackText("Back!")
                    .idleTimeout(Duration.ofMinutes(1)).build(), b);
        });
        // Meta would accept everything: only shadow mode keeps these from being called.
        meta.stubFor(post(urlPathMatching("/.*_thread_control")).willReturn(okJson("{\"success\":true}")));
        // No secondary receiver: production would refuse the activation (no_secondary_receiver).
        meta.stubFor(get(urlPathMatching("/.*/secondary_receivers")).willReturn(okJson("{\"data\":[]}")));
    }

    @Test
    void aFullHandoverIsDecidedAsInProductionInEventTimeWithoutAGraphRequest() {
        double passes = shadowCalls("pass_thread_control");

        send(events.text("m1", b.plusSeconds(1)));
        send(events.guided("m2", Messenger.HANDOVER_ACCEPT_PAYLOAD, b.plusSeconds(2)));
        Decision confirm = decisions(PAGE, 2).get(1);
        assertThat(confirm.order().kind()).isEqualTo(OrderKind.CONFIRM_HANDOVER);
        // bot-service reports the confirmation sent; in shadow mode its results carry event time too.
        produce(Topics.MESSENGER_OUTBOUND, confirm.key(), new OutboundResult(SchemaVersion.CURRENT,
                confirm.decisionId(), PAGE, psid, confirm.epoch(), OrderKind.CONFIRM_HANDOVER, OutboundOutcome.REFUSED,
                "shadow", null, null, null, b.plusSeconds(3)));
        assertThat(decisions(PAGE, 3).get(2).control().owner()).isEqualTo(Owner.AGENT);
        // The agent is done a few seconds after our (shadow) pass: weeks before the wall clock, yet not stale.
        send(events.signal("h1", "pass_thread_control", OUR_APP, INBOX, null, b.plusSeconds(10)));

        List<Decision> all = decisions(PAGE, 5);
        assertThat(all).extracting(Decision::type, Decision::epoch, Decision::decidedAt).containsExactly(
                tuple(DecisionType.REPLY_ORDER, 0L, b.plusSeconds(1)),
                tuple(DecisionType.REPLY_ORDER, 0L, b.plusSeconds(2)),
                tuple(DecisionType.CONTROL_CHANGE, 1L, b.plusSeconds(3)),
                tuple(DecisionType.CONTROL_CHANGE, 2L, b.plusSeconds(10)),
                tuple(DecisionType.REPLY_ORDER, 2L, b.plusSeconds(10)));
        assertThat(all).filteredOn(d -> d.order() != null).extracting(d -> d.order().kind())
                .containsExactly(OrderKind.ASK_HANDOVER, OrderKind.CONFIRM_HANDOVER, OrderKind.BOT_IS_BACK);
        assertThat(history(PAGE)).extracting(TransitionRecord::from, TransitionRecord::to, TransitionRecord::ownerAppId,
                TransitionRecord::cause).containsExactly(
                        tuple(Owner.BOT, Owner.AGENT, INBOX, "user_accepted"),
                        tuple(Owner.AGENT, Owner.BOT, OUR_APP, "agent_done"));
        assertThat(shadowCalls("pass_thread_control")).isEqualTo(passes + 1);
        meta.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void anOwnerLookupInShadowModeKeepsOurState() {
        agentHolds(PAGE, b);
        double lookups = shadowCalls("thread_owner");

        // A user message while the agent holds the thread makes production ask Meta for the owner.
        send(events.guided("m1", "HOURS", b.plusSeconds(5)));

        assertThat(shadowCalls("thread_owner")).isEqualTo(lookups + 1);
        assertThat(state(PAGE)).extracting(ConversationState::owner, ConversationState::epoch)
                .containsExactly(Owner.AGENT, 1L);
        assertThat(history(PAGE)).isEmpty();
        meta.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void theIdleTimeoutFiresWhenEventTimePassesItNotTheWallClock() {
        agentHolds(IDLE_PAGE, b);
        double takes = shadowCalls("take_thread_control");

        // Another conversation moves event time 30 s on: within the page's minute (the wall clock is weeks later).
        send(other(b.plusSeconds(30)));
        assertThatThrownBy(() -> TopicReader.of(kafka, PREFIX + Topics.CONVERSATION_DECISIONS)
                .awaitKey(IDLE_PAGE + ":" + psid, 1, Duration.ofSeconds(3)))
                .as("not idle yet in event time").isInstanceOf(AssertionError.class);

        send(other(b.plusSeconds(300)));

        List<Decision> taken = decisions(IDLE_PAGE, 2);
        assertThat(taken).extracting(Decision::type, Decision::epoch, Decision::decidedAt).containsExactly(
                tuple(DecisionType.CONTROL_CHANGE, 2L, b.plusSeconds(300)),
                tuple(DecisionType.REPLY_ORDER, 2L, b.plusSeconds(300)));
        assertThat(taken.get(0).control().cause()).isEqualTo("idle_timeout");
        assertThat(taken.get(1).order().text()).isEqualTo("Back!");
        assertThat(shadowCalls("take_thread_control")).isEqualTo(takes + 1);
        meta.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void activationSucceedsWithoutCheckingTheRolesOrCallingTheGraphApi() {
        QuarkusTransaction.requiringNew().run(() -> pages.save(PageSettings.defaults(NEW_PAGE), b));
        double checks = shadowCalls("secondary_receivers");

        given().auth().oauth2("test-admin-token").post("/admin/pages/" + NEW_PAGE + "/activate")
                .then().statusCode(200);

        assertThat(QuarkusTransaction.requiringNew().call(() -> pages.findOrDefaults(NEW_PAGE)).handoverActive())
                .isTrue();
        assertThat(shadowCalls("secondary_receivers")).isEqualTo(checks + 1);
        assertThat(activation.activate(NEW_PAGE)).as("the result says what was not checked")
                .extracting(Activation::outcome, Activation::reason)
                .containsExactly(ActivationService.Outcome.ACTIVATED, ActivationService.SHADOW_UNCHECKED);
        meta.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void consumesDeadLettersAndGroupsInsideItsTopicNamespace() {
        String key = PAGE + ":" + psid;
        kafka.produceStrings().fromRecords(new ProducerRecord<>(PREFIX + Topics.CONVERSATION_INBOUND, key,
                "not an event")).awaitCompletion(WAIT);
        assertThat(TopicReader.of(kafka, PREFIX + Topics.deadLetter(Topics.CONVERSATION_INBOUND))
                .awaitKey(key, 1, WAIT)).singleElement()
                .satisfies(r -> assertThat(r.value()).isEqualTo("not an event"));

        send(events.text("m1", b.plusSeconds(1)));
        ConsumerGroups.awaitCommitted(kafka.getBootstrapServers(), PREFIX + "handover-service",
                PREFIX + Topics.CONVERSATION_INBOUND, WAIT);
        assertThatThrownBy(() -> TopicReader.of(kafka, Topics.CONVERSATION_DECISIONS).awaitKey(key, 1,
                Duration.ofSeconds(2))).as("nothing outside the namespace").isInstanceOf(AssertionError.class);
        assertThat(decisions(PAGE, 1)).extracting(d -> d.order().kind()).containsExactly(OrderKind.ASK_HANDOVER);
    }

    // --- helpers ---

    private double shadowCalls(String operation) {
        Counter counter = registry.find(ShadowGraphPort.COUNTER).tag("operation", operation).counter();
        return counter == null ? 0 : counter.count();
    }

    private void agentHolds(String page, Instant since) {
        QuarkusTransaction.requiringNew().run(() -> {
            conversations.lock(page, psid, OUR_APP, since);
            conversations.save(ConversationStates.agentOwned(page, psid, INBOX).epoch(1).since(since)
                    .lastAgentActivityAt(since).build(), since);
        });
    }

    private ConversationState state(String page) {
        return QuarkusTransaction.requiringNew().call(() -> conversations.find(page, psid)).orElseThrow();
    }

    private List<TransitionRecord> history(String page) {
        return QuarkusTransaction.requiringNew().call(() -> transitions.history(page, psid));
    }

    private List<Decision> decisions(String page, int count) {
        return TopicReader.of(kafka, PREFIX + Topics.CONVERSATION_DECISIONS).awaitKey(page + ":" + psid, count, WAIT)
                .stream().map(r -> ContractJson.fromJson(r.value(), Decision.class)).toList();
    }

    private void send(InboundEvent event) {
        produce(Topics.CONVERSATION_INBOUND, event.key(), event);
        // Each event is applied before the next is sent, as one partition would deliver them.
        await().atMost(WAIT).until(() -> QuarkusTransaction.requiringNew().call(
                () -> sql.count("select count(*) from processed_event where event_id = ?", event.eventId())) == 1);
    }

    private void produce(String topic, String key, Object value) {
        kafka.produceStrings().fromRecords(new ProducerRecord<>(PREFIX + topic, key, ContractJson.toJson(value)))
                .awaitCompletion(WAIT);
    }

    /**
     * An event of another conversation, only there to move event time: an agent's echo in standby (activity only,
     * recorded, so {@link #send} sees it applied; a delivery receipt is inert and leaves no row to wait for).
     */
    private static InboundEvent other(Instant at) {
        String user = "other-" + UUID.randomUUID();
        return InboundEvents.of(PAGE, user).idPrefix(user + ":").standby("x", "message_echo", INBOX, at);
    }
}
