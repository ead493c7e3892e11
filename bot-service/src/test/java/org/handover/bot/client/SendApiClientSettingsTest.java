package org.handover.bot.client;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.handover.bot.client.SendApiClientTest.ALL_ATTEMPTS;
import static org.handover.bot.client.SendApiClientTest.metaError;
import static org.handover.bot.client.SendApiClientTest.sent;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.handover.bot.domain.OutgoingMessage;
import org.handover.bot.domain.SendOutcome;
import org.handover.contracts.OutboundReasons;
import org.handover.testsupport.InjectMetaApi;
import org.handover.testsupport.KafkaAndPostgresResource;
import org.handover.testsupport.MetaApiResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Send API client with its two settings turned: ambiguous failures retried ({@code bot.send.retry-ambiguous})
 * and a low per-page rate limit, so that a page over its limit shows. The default settings are
 * {@link SendApiClientTest}'s.
 */
@QuarkusTest
@TestProfile(SendApiClientSettingsTest.RetryAmbiguousAndLowRate.class)
@WithTestResource(value = KafkaAndPostgresResource.class, initArgs = @ResourceArg(name = "postgres", value = "true"))
@WithTestResource(MetaApiResource.class)
class SendApiClientSettingsTest {

    /** Calls per second and page of this profile. */
    private static final int RATE = 5;

    /** Ambiguous failures retried; five calls per second and page. */
    public static class RetryAmbiguousAndLowRate implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("bot.send.retry-ambiguous", "true", "bot.send.rate-limit-per-second", String.valueOf(RATE));
        }
    }

    @InjectMetaApi
    WireMockServer meta;

    @Inject
    SendApiClient client;

    /** Each ambiguous failure of {@link SendApiClientTest#ambiguous()}, now retried: the second call gets through. */
    static Stream<Arguments> ambiguousRetried() {
        return SendApiClientTest.ambiguous().map(arguments -> {
            SendApiClientTest.Case c = (SendApiClientTest.Case) arguments.get()[0];
            return Arguments.of(new SendApiClientTest.Case(c.name() + " is retried", c.answers(),
                    SendOutcome.sent("mid.second"), 2));
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ambiguousRetried")
    void retriesAnAmbiguousFailureWhenAskedTo(SendApiClientTest.Case c) {
        SendApiClientTest.assertSends(meta, client, c);
    }

    @Test
    void reportsASendThatFailedAfterAnAmbiguousAttemptAsOutcomeUnknown() {
        // The first attempt may have delivered it; the clear refusals after it do not say it was not.
        SendApiClientTest.assertSends(meta, client, new SendApiClientTest.Case("502, then 2 until exhausted",
                List.of(aResponse().withStatus(502), metaError(500, 2, null)),
                SendOutcome.failed(OutboundReasons.OUTCOME_UNKNOWN, 2, null), ALL_ATTEMPTS));
    }

    @Test
    void aPageOverItsLimitWaitsForPermitsWithoutFailingAndDoesNotSlowAnotherPage() throws Exception {
        String busy = "120000000000" + (100 + (int) (Math.random() * 800));
        String quiet = "130000000000" + (100 + (int) (Math.random() * 800));
        meta.stubFor(post(urlPathEqualTo("/" + busy + "/messages")).willReturn(okJson(
                "{\"recipient_id\":\"x\",\"message_id\":\"mid.busy\"}")));
        meta.stubFor(post(urlPathEqualTo("/" + quiet + "/messages")).willReturn(sent("mid.quiet")));
        int burst = 4 * RATE;
        ExecutorService threads = Executors.newFixedThreadPool(burst + 1);
        try {
            // All at once, so that they queue for the busy page's permits; its limiter starts with the first.
            Instant start = Instant.now();
            CyclicBarrier together = new CyclicBarrier(burst);
            List<CompletableFuture<SendOutcome>> busySends = IntStream.range(0, burst)
                    .mapToObj(i -> CompletableFuture.supplyAsync(() -> {
                        meet(together);
                        return send(busy);
                    }, threads)).toList();
            // Once the busy page's queue has formed, the quiet page's one message.
            await().atMost(Duration.ofSeconds(10)).until(() -> calls(busy).size() >= 2);
            CompletableFuture<SendOutcome> quietSend = CompletableFuture.supplyAsync(() -> send(quiet), threads);

            assertThat(quietSend.get(10, TimeUnit.SECONDS)).isEqualTo(SendOutcome.sent("mid.quiet"));
            assertThat(busySends).as("the quiet page went through while the busy page's queue was still waiting")
                    .anyMatch(send -> !send.isDone());
            CompletableFuture.allOf(busySends.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
            Duration busyTook = Duration.between(start, Instant.now());
            assertThat(busySends).extracting(CompletableFuture::join)
                    .as("every send over the limit waited and went through; none failed rate_limited")
                    .containsOnly(SendOutcome.sent("mid.busy"));
            assertThat(calls(busy)).hasSize(burst);
            assertThat(calls(quiet)).hasSize(1);
            // 20 permits at 5 per second: the last one at least 19 / 5 = 3.8 s after the first.
            assertThat(busyTook).isGreaterThanOrEqualTo(Duration.ofMillis((burst - 1) * 1000L / RATE));
        } finally {
            threads.shutdownNow();
        }
    }

    private static void meet(CyclicBarrier barrier) {
        try {
            barrier.await(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private SendOutcome send(String page) {
        return client.send(page, "token", "psid-" + UUID.randomUUID(), new OutgoingMessage("Hello", List.of()),
                null);
    }

    private List<LoggedRequest> calls(String page) {
        return meta.findAll(postRequestedFor(urlPathEqualTo("/" + page + "/messages")));
    }
}
