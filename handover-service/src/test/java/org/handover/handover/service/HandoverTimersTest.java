package org.handover.handover.service;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.matching.StringValuePattern;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.handover.contracts.Messenger;
import org.handover.contracts.Owner;
import org.handover.handover.domain.ConversationState;
import org.handover.handover.domain.ConversationStates;
import org.handover.handover.domain.PageSettingsBuilder;
import org.handover.handover.repository.ConversationRepository;
import org.handover.handover.repository.PageSettingsRepository;
import org.handover.testsupport.InjectMetaApi;
import org.handover.testsupport.KafkaAndPostgresResource;
import org.handover.testsupport.MetaApiResource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The idle timer with several replicas on the real PostgreSQL (issue 18, item 4): two sweeps running at once (and
 * the scheduled one of this process) act once per conversation, and a take-back Meta refuses for good is not tried
 * again on every run.
 */
@QuarkusTest
@WithTestResource(value = KafkaAndPostgresResource.class, initArgs = @ResourceArg(name = "postgres", value = "true"))
@WithTestResource(MetaApiResource.class)
class HandoverTimersTest {

    static final Duration WAIT = Duration.ofSeconds(30);
    static final String OUR_APP = "220000000000002";
    static final String INBOX = Messenger.PAGE_INBOX_APP_ID;
    /** Handover active, idle timeout of one minute (also a page of {@code HandoverFlowTest}). */
    static final String IDLE_PAGE = "900000000000002";

    @InjectMetaApi
    WireMockServer meta;

    @Inject
    HandoverTimers timers;

    @Inject
    PageSettingsRepository pages;

    @Inject
    ConversationRepository conversations;

    String prefix;
    Instant t0;

    @BeforeEach
    void setUp() {
        prefix = "timer-" + UUID.randomUUID() + "-";
        t0 = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        QuarkusTransaction.requiringNew().run(() -> pages.save(PageSettingsBuilder.page(IDLE_PAGE).activeSince(t0)
                .botIsBackText("Back!").idleTimeout(Duration.ofMinutes(1)).build(), t0));
    }

    @Test
    void twoSweepsAtOnceTakeEachIdleConversationBackOnce() throws Exception {
        // Slow enough that both sweeps are at work on the same candidates.
        meta.stubFor(post(urlPathEqualTo("/" + IDLE_PAGE + "/take_thread_control")).atPriority(1)
                .withRequestBody(matchingJsonPath("$.recipient.id", matchingPrefix()))
                .willReturn(okJson("{\"success\":true}").withFixedDelay(150)));
        List<String> users = IntStream.range(0, 12).mapToObj(i -> prefix + i).toList();
        users.forEach(psid -> agentHolds(psid, t0.minus(Duration.ofMinutes(5))));

        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<Void>> sweeps = IntStream.range(0, 2).mapToObj(i -> CompletableFuture.runAsync(() -> {
            try {
                start.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            timers.takeBackIdleConversations();
        })).toList();
        start.countDown();
        CompletableFuture.allOf(sweeps.toArray(CompletableFuture[]::new)).get();

        await().atMost(WAIT).until(() -> users.stream().allMatch(psid -> state(psid).owner() == Owner.BOT));
        await().during(Duration.ofSeconds(2)).atMost(WAIT)
                .until(() -> users.stream().allMatch(psid -> takeCalls(psid) == 1));
        assertThat(users).allSatisfy(psid -> assertThat(state(psid).epoch()).isEqualTo(2L));
    }

    @Test
    void aTakeBackMetaRefusesForGoodIsNotTriedOnEveryRun() {
        String psid = prefix + "refused";
        meta.stubFor(post(urlPathEqualTo("/" + IDLE_PAGE + "/take_thread_control")).atPriority(1)
                .withRequestBody(matchingJsonPath("$.recipient.id", equalTo(psid)))
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                        .withBody("{\"error\":{\"message\":\"Invalid parameter\",\"type\":\"OAuthException\","
                                + "\"code\":100}}")));
        agentHolds(psid, t0.minus(Duration.ofMinutes(5)));

        await().atMost(WAIT).until(() -> takeCalls(psid) == 1);
        // The test profile sweeps every second: without a backoff this would be a call per run.
        await().during(Duration.ofSeconds(4)).atMost(WAIT).until(() -> takeCalls(psid) == 1);
        assertThat(state(psid).owner()).isEqualTo(Owner.AGENT);
    }

    private StringValuePattern matchingPrefix() {
        return matching(Pattern.quote(prefix) + "\\d+");
    }

    private void agentHolds(String psid, Instant since) {
        QuarkusTransaction.requiringNew().run(() -> {
            conversations.lock(IDLE_PAGE, psid, OUR_APP, since);
            conversations.save(ConversationStates.agentOwned(IDLE_PAGE, psid, INBOX).epoch(1).since(since)
                    .lastAgentActivityAt(since).build(), since);
        });
    }

    private ConversationState state(String psid) {
        return QuarkusTransaction.requiringNew().call(() -> conversations.find(IDLE_PAGE, psid)).orElseThrow();
    }

    private int takeCalls(String psid) {
        return meta.findAll(postRequestedFor(urlPathEqualTo("/" + IDLE_PAGE + "/take_thread_control"))
                .withRequestBody(matchingJsonPath("$.recipient.id", equalTo(psid)))).size();
    }
}
