package org.handover.bot;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.handover.bot.repository.OutboundOrder;
import org.handover.bot.repository.OutboundOrderRepository;
import org.handover.bot.service.OutboundService;
import org.handover.contracts.Decision;
import org.handover.contracts.OutboundOutcome;
import org.handover.contracts.OutboundReasons;
import org.handover.contracts.OutboundResult;
import org.handover.service.support.jdbc.Sql;
import org.handover.testsupport.InjectMetaApi;
import org.handover.testsupport.KafkaAndPostgresResource;
import org.handover.testsupport.MetaApiResource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An order delivered to two replicas at once, as after a rebalance while the first is still in the Send API call:
 * two handlings of the one {@link OutboundService} with different replica ids, on the real PostgreSQL, the Send API
 * stubbed slow by WireMock. One Send API call, and one outcome reported by both, whichever way it goes.
 */
@QuarkusTest
@WithTestResource(value = KafkaAndPostgresResource.class, initArgs = @ResourceArg(name = "postgres", value = "true"))
@WithTestResource(MetaApiResource.class)
class LeasedSendTest {

    private static final String PAGE = Orders.DEMO_PAGE;
    private static final String MESSAGES = "/" + PAGE + "/messages";
    /** How long Meta takes to answer here: well inside the test profile's read timeout (6 s), even on a loaded box. */
    private static final int SLOW_MS = 1500;
    /** As slow, for a replica that must still be in the call when another has taken its send over. */
    private static final int SLOWER_MS = 4000;
    private static final Duration WAIT = Duration.ofSeconds(20);

    @InjectMetaApi
    WireMockServer meta;

    @Inject
    OutboundService outbound;

    @Inject
    OutboundOrderRepository orders;

    @Inject
    Sql sql;

    private final ExecutorService replicas = Executors.newFixedThreadPool(2);

    @AfterEach
    void stopReplicas() {
        replicas.shutdownNow();
    }

    @Test
    void aRedeliveryWhileTheSendIsInFlightWaitsForItsOutcomeAndReportsItAgain() throws Exception {
        String psid = Orders.newPsid();
        meta.stubFor(to(psid).willReturn(slowlySent(psid, SLOW_MS)));
        Decision order = Orders.guided(PAGE, psid, 0, "RETURNS", Instant.now());

        CompletableFuture<Optional<OutboundResult>> first = handleAs("replica-a", order);
        awaitCallReachedMeta(psid);
        CompletableFuture<Optional<OutboundResult>> second = handleAs("replica-b", order);

        // Replica b finds the order SENDING, leased to a: it waits, it does not declare it lost.
        await().during(Duration.ofMillis(SLOW_MS / 3)).atMost(WAIT).until(() -> !second.isDone() || first.isDone());
        assertThat(results(first, second))
                .extracting(OutboundResult::outcome, OutboundResult::reason, OutboundResult::messageId)
                .containsExactly(tuple(OutboundOutcome.SENT, null, "mid.slow"),
                        tuple(OutboundOutcome.SENT, null, "mid.slow"));
        assertThat(state(order)).isEqualTo(OutboundOrder.State.SENT);
        assertOneCall(psid);
    }

    @Test
    void aSendDeclaredLostOnceItsLeaseEndedIsNotPublishedAgainByItsLateFinish() throws Exception {
        String psid = Orders.newPsid();
        meta.stubFor(to(psid).willReturn(slowlySent(psid, SLOWER_MS)));
        Decision order = Orders.guided(PAGE, psid, 0, "RETURNS", Instant.now());

        CompletableFuture<Optional<OutboundResult>> first = handleAs("replica-a", order);
        awaitCallReachedMeta(psid);
        // Replica a stalls past its lease (a pause longer than any call can take): its lease ends under it.
        endLease(order);
        CompletableFuture<Optional<OutboundResult>> second = handleAs("replica-b", order);

        Optional<OutboundResult> taken = second.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(taken).get().extracting(OutboundResult::outcome, OutboundResult::reason)
                .containsExactly(OutboundOutcome.FAILED, OutboundReasons.OUTCOME_UNKNOWN);
        assertThat(first.isDone()).as("replica a is still in the call").isFalse();
        // Replica a's call then succeeds: its finish records nothing, and there is nothing for it to publish.
        assertThat(first.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEmpty();
        assertThat(state(order)).isEqualTo(OutboundOrder.State.FAILED);
        assertOneCall(psid);
    }

    @Test
    void aRedeliveryWaitsForTheLeaseOfAReplicaThatStoppedAndOnlyThenDeclaresTheSendLost() throws Exception {
        String psid = Orders.newPsid();
        Decision order = Orders.guided(PAGE, psid, 0, "RETURNS", Instant.now());
        // Replica a claimed it and stopped (a crash) inside a lease that runs for another two seconds.
        claimAs("replica-a/crashed-handling", order, Duration.ofSeconds(2));

        CompletableFuture<Optional<OutboundResult>> redelivered = handleAs("replica-b", order);

        await().during(Duration.ofSeconds(1)).atMost(WAIT).until(() -> !redelivered.isDone());
        assertThat(redelivered.get(WAIT.toSeconds(), TimeUnit.SECONDS)).get()
                .extracting(OutboundResult::outcome, OutboundResult::reason)
                .containsExactly(OutboundOutcome.FAILED, OutboundReasons.OUTCOME_UNKNOWN);
        assertThat(state(order)).isEqualTo(OutboundOrder.State.FAILED);
        meta.verify(0, postRequestedFor(urlPathEqualTo(MESSAGES))
                .withRequestBody(matchingJsonPath("$.recipient.id", equalTo(psid))));
    }

    @Test
    void aSendOfThisReplicaWhoseHandlingEndedIsDeclaredLostAtOnce() throws Exception {
        String psid = Orders.newPsid();
        Decision order = Orders.guided(PAGE, psid, 0, "RETURNS", Instant.now());
        // This replica's own handling claimed it and ended without a record (the database failed after the call):
        // its lease runs for an hour, but nobody here is sending it any more.
        claimAs("replica-c/ended-handling", order, Duration.ofHours(1));

        assertThat(handleAs("replica-c", order).get(WAIT.toSeconds(), TimeUnit.SECONDS)).get()
                .extracting(OutboundResult::outcome, OutboundResult::reason)
                .containsExactly(OutboundOutcome.FAILED, OutboundReasons.OUTCOME_UNKNOWN);
        meta.verify(0, postRequestedFor(urlPathEqualTo(MESSAGES))
                .withRequestBody(matchingJsonPath("$.recipient.id", equalTo(psid))));
    }

    @Test
    void aRedeliveryAfterTheOutcomeWasRecordedButNeverPublishedReportsThatOutcome() throws Exception {
        String psid = Orders.newPsid();
        meta.stubFor(to(psid).willReturn(slowlySent(psid, 0)));
        Decision order = Orders.guided(PAGE, psid, 0, "RETURNS", Instant.now());
        // Replica a sent it and recorded SENT, then died before its result reached the topic: the record comes again.
        assertThat(handleAs("replica-a", order).get(WAIT.toSeconds(), TimeUnit.SECONDS)).isPresent();

        // The redelivery reports what happened (a bulletin's progress and a pending pass wait for it), not duplicate.
        assertThat(handleAs("replica-b", order).get(WAIT.toSeconds(), TimeUnit.SECONDS)).get()
                .extracting(OutboundResult::outcome, OutboundResult::reason, OutboundResult::messageId)
                .containsExactly(OutboundOutcome.SENT, null, "mid.slow");
        assertOneCall(psid);
    }

    @Test
    void leasesASendForLongerThanTheLongestCall() {
        // Test profile: 4 attempts of (5 s permit wait + 2 s connect + 6 s read), backoffs 10+20+40 ms, 5 s margin.
        assertThat(outbound.lease()).isEqualTo(Duration.ofSeconds(4 * 13 + 5).plusMillis(70));
    }

    private CompletableFuture<Optional<OutboundResult>> handleAs(String replica, Decision order) {
        return CompletableFuture.supplyAsync(() -> outbound.handle(order, replica), replicas);
    }

    private void awaitCallReachedMeta(String psid) {
        await().atMost(WAIT).until(() -> !meta.findAll(postRequestedFor(urlPathEqualTo(MESSAGES))
                .withRequestBody(matchingJsonPath("$.recipient.id", equalTo(psid)))).isEmpty());
    }

    private void assertOneCall(String psid) {
        meta.verify(1, postRequestedFor(urlPathEqualTo(MESSAGES))
                .withRequestBody(matchingJsonPath("$.recipient.id", equalTo(psid))));
    }

    private static List<OutboundResult> results(CompletableFuture<Optional<OutboundResult>> first,
            CompletableFuture<Optional<OutboundResult>> second) throws Exception {
        return List.of(first.get(WAIT.toSeconds(), TimeUnit.SECONDS).orElseThrow(),
                second.get(WAIT.toSeconds(), TimeUnit.SECONDS).orElseThrow());
    }

    private void claimAs(String owner, Decision order, Duration lease) {
        OutboundOrder row = new OutboundOrder();
        row.decisionId = order.decisionId();
        row.pageId = order.pageId();
        row.psid = order.psid();
        row.epoch = order.epoch();
        row.kind = order.order().kind();
        row.state = OutboundOrder.State.SENDING;
        row.leaseOwner = owner;
        row.createdAt = Instant.now();
        row.updatedAt = row.createdAt;
        QuarkusTransaction.requiringNew().run(() -> orders.claim(row, lease));
    }

    private void endLease(Decision order) {
        assertThat(sql.update("update outbound_order set lease_until = clock_timestamp() where decision_id = ?",
                order.decisionId())).isEqualTo(1);
    }

    private OutboundOrder.State state(Decision order) {
        return QuarkusTransaction.requiringNew().call(() -> orders.findByIdOptional(order.decisionId()))
                .orElseThrow().state;
    }

    private static MappingBuilder to(String psid) {
        return post(urlPathEqualTo(MESSAGES)).withRequestBody(matchingJsonPath("$.recipient.id", equalTo(psid)));
    }

    private static ResponseDefinitionBuilder slowlySent(String psid, int delayMs) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withFixedDelay(delayMs).withBody("{\"recipient_id\":\"" + psid + "\",\"message_id\":\"mid.slow\"}");
    }
}
