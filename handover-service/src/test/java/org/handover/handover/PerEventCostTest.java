package org.handover.handover;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.arjuna.ats.arjuna.common.arjPropertyManager;
import com.arjuna.ats.arjuna.coordinator.TxStats;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.handover.contracts.EventClass;
import org.handover.contracts.InboundEvent;
import org.handover.contracts.InboundEvents;
import org.handover.contracts.Messenger;
import org.handover.contracts.OrderKind;
import org.handover.contracts.OutboundOutcome;
import org.handover.contracts.OutboundResult;
import org.handover.contracts.Owner;
import org.handover.contracts.SchemaVersion;
import org.handover.handover.domain.ConversationState;
import org.handover.handover.domain.PageSettings;
import org.handover.handover.repository.ConversationRepository;
import org.handover.handover.repository.PageSettingsRepository;
import org.handover.handover.service.ConversationService;
import org.handover.handover.service.PageHealthService;
import org.handover.service.support.jdbc.Sql;
import org.handover.testsupport.InjectMetaApi;
import org.handover.testsupport.KafkaAndPostgresResource;
import org.handover.testsupport.MetaApiResource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What one input costs the database and the Graph API (issue 19, item 5): the transactions, the SQL statements and
 * the Graph calls of each kind of inbound event and of bot-service's reports: the transactions begun as Narayana's
 * statistics count them, the statements the repositories' {@link Sql} ran, and WireMock's journal. The inputs are
 * applied on the test's thread with the timers off, so nothing else runs meanwhile. Counts, not times: they do not depend on the machine.
 */
@QuarkusTest
@TestProfile(PerEventCostTest.Counting.class)
@WithTestResource(value = KafkaAndPostgresResource.class, initArgs = @ResourceArg(name = "postgres", value = "true"))
@WithTestResource(MetaApiResource.class)
class PerEventCostTest {

    static final String OUR_APP = "220000000000002";
    static final String INBOX = Messenger.PAGE_INBOX_APP_ID;
    static final String PAGE = "950000000000001";

    /** The timers (outbox sweep, pass and idle timers, bulletins) off. */
    public static class Counting implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.scheduler.enabled", "false",
                    "messenger.page-tokens.\"" + PAGE + "\"", "test-token-costs");
        }
    }

    /** What one input cost. */
    record Cost(long transactions, long statements, int graphCalls) {
    }

    @InjectMetaApi
    WireMockServer meta;

    @Inject
    Sql sql;

    @Inject
    ConversationService service;

    @Inject
    ConversationRepository conversations;

    @Inject
    PageSettingsRepository pages;

    @Inject
    PageHealthService health;

    String psid;
    InboundEvents events;
    Instant t0;

    @BeforeEach
    void setUp() {
        // Narayana counts transactions only while its statistics are on; they are read on every begin and end.
        arjPropertyManager.getCoordinatorEnvironmentBean().setEnableStatistics(true);
        psid = "user-" + UUID.randomUUID();
        events = InboundEvents.of(PAGE, psid).idPrefix(psid + ":");
        t0 = Instant.now().minusSeconds(60).truncatedTo(ChronoUnit.MILLIS);
        QuarkusTransaction.requiringNew().run(() -> pages.save(PageSettings.defaults(PAGE)
                .withHandoverActive(true, t0), t0));
        meta.stubFor(post(urlPathEqualTo("/" + PAGE + "/pass_thread_control"))
                .willReturn(okJson("{\"success\":true}")));
        meta.stubFor(get(urlPathEqualTo("/" + PAGE + "/thread_owner"))
                .willReturn(okJson("{\"data\":[{\"thread_owner\":{\"app_id\":\"" + INBOX + "\"}}]}")));
    }

    @Test
    void theCountersCount() {
        Cost cost = cost(() -> QuarkusTransaction.requiringNew().run(() -> pages.find(PAGE)));

        assertThat(cost).isEqualTo(new Cost(1, 1, 0));
    }

    @Test
    void aUserTextToTheBotIsOneTransactionAndOnePublish() {
        service.onInbound(events.text("warm", at(1)));

        Cost cost = cost(() -> service.onInbound(events.text("m1", at(2))));

        report("user text (bot owns, ASK_HANDOVER)", cost);
        // the step (lock, event id, page, state, outbox, analytics), then the outbox's publish (lock, read, mark)
        assertThat(cost.transactions()).isEqualTo(2);
        assertThat(cost.statements()).isLessThanOrEqualTo(6 + 3);
        assertThat(cost.graphCalls()).isZero();
    }

    @Test
    void aFirstMessageOfANewConversation() {
        Cost cost = cost(() -> service.onInbound(events.text("m1", at(1))));

        report("first user text of a conversation", cost);
        assertThat(cost.transactions()).isEqualTo(2);
        assertThat(cost.graphCalls()).isZero();
    }

    @Test
    void deliveryReadAndOwnEchoesWriteNothing() {
        service.onInbound(events.text("m1", at(1)));
        ConversationState before = state();

        Cost delivery = cost(() -> service.onInbound(noise("d1", "delivery", at(2))));
        Cost read = cost(() -> service.onInbound(noise("r1", "read", at(3))));
        Cost echo = cost(() -> service.onInbound(events.message("e1", EventClass.NOISE, at(4)).kind("message_echo")
                .appId(OUR_APP).build()));

        report("delivery", delivery);
        report("read", read);
        report("own echo", echo);
        for (Cost cost : new Cost[] {delivery, read, echo}) {
            assertThat(cost).isEqualTo(new Cost(0, 0, 0));
        }
        assertThat(state()).isEqualTo(before);
    }

    @Test
    void noiseOfAConversationNeverSeenCreatesNothing() {
        Cost cost = cost(() -> service.onInbound(noise("d1", "delivery", at(1))));

        report("delivery, unknown conversation", cost);
        assertThat(cost).isEqualTo(new Cost(0, 0, 0));
        assertThat(QuarkusTransaction.requiringNew().call(() -> conversations.find(PAGE, psid))).isEmpty();
    }

    @Test
    void aDuplicateIsOneTransactionAndNoGraphCall() {
        InboundEvent m1 = events.text("m1", at(1));
        service.onInbound(m1);

        Cost cost = cost(() -> service.onInbound(m1));

        report("duplicate user text", cost);
        // the step finds the event id recorded; the flush finds nothing left to publish
        assertThat(cost.transactions()).isLessThanOrEqualTo(2);
        assertThat(cost.graphCalls()).isZero();
    }

    @Test
    void threadControlSignals() {
        service.onInbound(events.text("m1", at(1)));

        Cost toInbox = cost(() -> service.onInbound(events.signal("h1", "pass_thread_control", INBOX, OUR_APP, null,
                at(2))));
        Cost standby = cost(() -> service.onInbound(events.standby("s1", "message", null, at(3))));
        Cost agentEcho = cost(() -> service.onInbound(events.standby("s2", "message_echo", INBOX, at(4))));
        Cost back = cost(() -> service.onInbound(events.signal("h2", "pass_thread_control", OUR_APP, INBOX, null,
                at(5))));

        report("pass_thread_control to the inbox", toInbox);
        report("standby user message (agent owns)", standby);
        report("standby agent echo", agentEcho);
        report("pass_thread_control back to the bot", back);
        assertThat(state()).extracting(ConversationState::owner, ConversationState::epoch)
                .containsExactly(Owner.BOT, 2L);
        assertThat(toInbox.transactions()).isEqualTo(2);
        assertThat(standby.transactions()).isEqualTo(1);
        assertThat(standby.statements()).isLessThanOrEqualTo(5);
        assertThat(agentEcho.transactions()).isEqualTo(1);
        assertThat(back.transactions()).isEqualTo(2);
        for (Cost cost : new Cost[] {toInbox, standby, agentEcho, back}) {
            assertThat(cost.graphCalls()).isZero();
        }
    }

    @Test
    void aDriftIsReadOnceAndApplied() {
        service.onInbound(events.text("m1", at(1)));
        // The bot owns the thread on our side; a user message in standby says another app has it.
        Cost cost = cost(() -> service.onInbound(events.standby("s1", "message", null, at(2))));

        report("standby user message revealing a drift", cost);
        // The bot held the conversation since it began (epoch 0, no pass): the page's setup is told, from the
        // state the step locked (no read of its own).
        assertThat(health.problem(PAGE)).get().extracting(p -> p.evidence()).asString()
                .contains("reached this app as standby");
        assertThat(state()).extracting(ConversationState::owner, ConversationState::ownerAppId)
                .containsExactly(Owner.AGENT, INBOX);
        assertThat(cost.graphCalls()).isEqualTo(1);
        // the step that asks for the owner (rolled back), the page-health finding (its own transaction, and only
        // because this conversation was never passed on), the page token's read behind the Graph call (cached for
        // page-token.cache-ttl), the step with the answer, and the publish
        assertThat(cost.transactions()).isLessThanOrEqualTo(5);
    }

    @Test
    void aReportOfTheLastOrder() {
        service.onInbound(events.text("m1", at(1)));
        String decisionId = state().lastOrderId();

        Cost cost = cost(() -> service.onOutbound(new OutboundResult(SchemaVersion.CURRENT, decisionId, PAGE, psid,
                0, OrderKind.ASK_HANDOVER, OutboundOutcome.SENT, null, "mid.1", null, null, Instant.now())));
        Cost again = cost(() -> service.onOutbound(new OutboundResult(SchemaVersion.CURRENT, decisionId, PAGE, psid,
                0, OrderKind.ASK_HANDOVER, OutboundOutcome.SENT, null, "mid.1", null, null, Instant.now())));

        report("bot-service report of the last order", cost);
        report("the same report again", again);
        assertThat(state().lastOrderReported()).isTrue();
        assertThat(cost.transactions()).isEqualTo(1);
        assertThat(again.transactions()).isEqualTo(1);
        assertThat(again.statements()).as("nothing changed: no UPDATE").isEqualTo(1);
        assertThat(cost.graphCalls()).isZero();
    }

    private Cost cost(Runnable input) {
        long transactions = TxStats.getInstance().getNumberOfTransactions();
        long statements = sql.statements();
        int calls = meta.findAll(anyRequestedFor(anyUrl())).size();
        input.run();
        return new Cost(TxStats.getInstance().getNumberOfTransactions() - transactions, sql.statements() - statements,
                meta.findAll(anyRequestedFor(anyUrl())).size() - calls);
    }

    private static void report(String input, Cost cost) {
        System.out.printf("COST %-45s transactions=%d statements=%d graph=%d%n", input, cost.transactions(),
                cost.statements(), cost.graphCalls());
    }

    private InboundEvent noise(String id, String kind, Instant at) {
        return events.message(id, EventClass.NOISE, at).kind(kind).messageId(null).build();
    }

    private ConversationState state() {
        Supplier<ConversationState> read = () -> conversations.find(PAGE, psid).orElseThrow();
        return QuarkusTransaction.requiringNew().call(read::get);
    }

    private Instant at(int seconds) {
        return t0.plusSeconds(seconds);
    }
}
