package org.handover.handover;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.handover.contracts.InboundEvent;
import org.handover.contracts.InboundEvents;
import org.handover.contracts.OrderKind;
import org.handover.contracts.OutboundOutcome;
import org.handover.contracts.OutboundReasons;
import org.handover.contracts.OutboundResult;
import org.handover.contracts.Owner;
import org.handover.contracts.SchemaVersion;
import org.handover.contracts.Topics;
import org.handover.handover.domain.ConversationState;
import org.handover.handover.domain.ConversationStates;
import org.handover.handover.domain.TransitionRecord;
import org.handover.testsupport.KafkaAndPostgresResource;
import org.handover.testsupport.MetaApiResource;
import org.handover.testsupport.OutcomeCounters;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Drift reconciliation against slow {@code GET thread_owner} answers and redeliveries (issue 18, item 3): an answer
 * read before a newer change of owner never overwrites it, and a duplicate event makes no Graph call.
 */
@QuarkusTest
@WithTestResource(value = KafkaAndPostgresResource.class, initArgs = @ResourceArg(name = "postgres", value = "true"))
@WithTestResource(MetaApiResource.class)
class ReconciliationTest extends FlowFixture {

    static final String PAGE = "900000000000001";

    String psid;
    InboundEvents events;
    Instant t0;

    @BeforeEach
    void setUp() {
        psid = "recon-" + UUID.randomUUID();
        events = InboundEvents.of(PAGE, psid).idPrefix(psid + ":");
        t0 = Instant.now().minusSeconds(60).truncatedTo(ChronoUnit.MILLIS);
        activateWithDefaults(t0, PAGE);
    }

    @Test
    void anOwnerReadBeforeTheAgentsDoneNeverOverwritesIt() {
        agentHolds(1);
        // Meta's first answer is read while the agent still holds the thread and arrives after their "done" was
        // applied; asked again, Meta names our app.
        String scenario = "slow-owner-" + psid;
        meta.stubFor(get(urlPathEqualTo("/" + PAGE + "/thread_owner")).withQueryParam("recipient", equalTo(psid))
                .inScenario(scenario).whenScenarioStateIs(Scenario.STARTED).willSetStateTo("answered")
                .willReturn(okJson(owner(INBOX)).withFixedDelay(3000)));
        meta.stubFor(get(urlPathEqualTo("/" + PAGE + "/thread_owner")).withQueryParam("recipient", equalTo(psid))
                .inScenario(scenario).whenScenarioStateIs("answered").willReturn(okJson(owner(OUR_APP))));

        // A late Send API ownership error of an order from before the agent took over makes the service ask Meta.
        OutboundResult refused = new OutboundResult(SchemaVersion.CURRENT, psid + ":old#1", PAGE, psid, 0,
                OrderKind.ANSWER_GUIDED, OutboundOutcome.FAILED, OutboundReasons.THREAD_OWNED_BY_ANOTHER_APP, null, 10,
                2018300, Instant.now());
        produce(Topics.MESSENGER_OUTBOUND, refused.key(), refused);
        await().atMost(WAIT).until(() -> ownerReads() == 1);
        // While the answer is on its way, the agent marks the conversation done.
        send(events.signal("h1", "pass_thread_control", OUR_APP, INBOX, null, t0.plusSeconds(5)));
        assertThat(state()).extracting(ConversationState::owner, ConversationState::epoch)
                .containsExactly(Owner.BOT, 2L);

        // The old answer is not applied: the epoch moved while it was read, so Meta is asked again.
        await().during(Duration.ofSeconds(4)).atMost(WAIT).until(() -> state().owner() == Owner.BOT);
        assertThat(state().epoch()).isEqualTo(2L);
        assertThat(ownerReads()).isEqualTo(2);
        assertThat(history()).extracting(TransitionRecord::cause).containsExactly("agent_done");
    }

    @Test
    void aRedeliveredUserMessageMakesNoSecondOwnerRead() {
        agentHolds(1);
        meta.stubFor(get(urlPathEqualTo("/" + PAGE + "/thread_owner")).withQueryParam("recipient", equalTo(psid))
                .willReturn(okJson(owner(INBOX))));
        InboundEvent message = events.guided("m5", "HOURS", t0.plusSeconds(5));

        send(message);
        assertThat(ownerReads()).as("the agent's thread as we believed: Meta confirms").isEqualTo(1);
        double duplicates = OutcomeCounters.count(registry, "handover.inbound.records", "duplicate");
        send(message);
        await().atMost(WAIT).until(
                () -> OutcomeCounters.count(registry, "handover.inbound.records", "duplicate") > duplicates);

        assertThat(ownerReads()).as("no Graph call for a duplicate").isEqualTo(1);
    }

    private static String owner(String appId) {
        return "{\"data\":[{\"thread_owner\":{\"app_id\":\"" + appId + "\"}}]}";
    }

    private int ownerReads() {
        return meta.findAll(getRequestedFor(urlPathEqualTo("/" + PAGE + "/thread_owner"))
                .withQueryParam("recipient", equalTo(psid))).size();
    }

    private void agentHolds(long epoch) {
        QuarkusTransaction.requiringNew().run(() -> {
            conversations.lock(PAGE, psid, OUR_APP, t0);
            conversations.save(ConversationStates.agentOwned(PAGE, psid, INBOX).epoch(epoch).since(t0)
                    .lastAgentActivityAt(t0).build(), t0);
        });
    }

    private ConversationState state() {
        return state(PAGE, psid);
    }

    private List<TransitionRecord> history() {
        return history(PAGE, psid);
    }
}
