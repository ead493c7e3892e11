package org.handover.bot.client;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.ScenarioMappingBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.ws.rs.ProcessingException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.handover.bot.domain.MetaError;
import org.handover.bot.domain.OutgoingMessage;
import org.handover.bot.domain.SendOutcome;
import org.handover.contracts.OutboundReasons;
import org.handover.testsupport.InjectMetaApi;
import org.handover.testsupport.KafkaAndPostgresResource;
import org.handover.testsupport.MetaApiResource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What every answer of the Send API comes to, and how often the client calls: the real client (REST client, error
 * mapper, retries and rate limit) against WireMock, called directly. No decision goes through Kafka here; what
 * becomes of an outcome on the way to {@code messenger.outbound} is {@code SendingTest}'s.
 *
 * <p>A {@code @QuarkusTest} because the REST client is generated at build time and cannot be constructed by hand. It
 * runs on the same test resources as the module's other tests, so the application already started for them is
 * reused: no second start, and the broker it holds is not used by this test.
 */
@QuarkusTest
@WithTestResource(value = KafkaAndPostgresResource.class, initArgs = @ResourceArg(name = "postgres", value = "true"))
@WithTestResource(MetaApiResource.class)
class SendApiClientTest {

    static final String PAGE = "110000000000001";
    static final String TOKEN = "test-page-token";
    static final String MESSAGES = "/" + PAGE + "/messages";
    /** {@code bot.send.max-retries} of the test profile, plus the first call. */
    static final int ALL_ATTEMPTS = 4;
    /** {@code bot.send.read-timeout-ms} of the test profile. */
    static final int READ_TIMEOUT_MS = 6000;

    @InjectMetaApi
    WireMockServer meta;

    @Inject
    SendApiClient client;

    /**
     * @param answers  Meta's answers, in order; the last one repeats
     * @param expected what the send comes to
     * @param calls    how many calls reach Meta
     */
    record Case(String name, List<ResponseDefinitionBuilder> answers, SendOutcome expected, int calls) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> answers() {
        return Stream.of(
                new Case("accepted", List.of(sent("mid.1")), SendOutcome.sent("mid.1"), 1),
                new Case("rate limited (613, then 4) is retried with backoff until it succeeds",
                        List.of(metaError(400, 613, null), metaError(400, 4, null), sent("mid.after-retry")),
                        SendOutcome.sent("mid.after-retry"), 3),
                new Case("the user's (17), page's (32) and application's (341) limits are retried",
                        List.of(metaError(400, 17, null), metaError(400, 32, null), metaError(400, 341, null),
                                sent("mid.after-limits")),
                        SendOutcome.sent("mid.after-limits"), 4),
                new Case("a temporary error gives up after the configured retries", List.of(metaError(500, 2, null)),
                        SendOutcome.failed(OutboundReasons.TEMPORARY_FAILURE, 2, null), ALL_ATTEMPTS),
                new Case("Meta's 'unknown, wait and retry' (1) with its body is retried",
                        List.of(metaError(500, 1, null), sent("mid.after-1")), SendOutcome.sent("mid.after-1"), 2),
                new Case("429 without Meta's body is refused before any work: retried",
                        List.of(aResponse().withStatus(429), sent("mid.after-429")), SendOutcome.sent("mid.after-429"),
                        2),
                new Case("the person is unavailable: no retry", List.of(metaError(400, 551, 1545041)),
                        SendOutcome.failed(OutboundReasons.REJECTED_BY_META, 551, 1545041), 1),
                new Case("another app controls the thread: an ownership signal, no retry",
                        List.of(metaError(403, 10, 2018300)),
                        SendOutcome.failed(OutboundReasons.THREAD_OWNED_BY_ANOTHER_APP, 10, 2018300), 1),
                new Case("outside the 24-hour window: no retry", List.of(metaError(400, 10, 2018278)),
                        SendOutcome.failed(OutboundReasons.OUTSIDE_WINDOW, 10, 2018278), 1))
                .map(Arguments::of);
    }

    /**
     * The failures after which Meta may have accepted the message, each followed by a success that a retry would
     * reach: by default none is retried, each is reported {@code outcome_unknown} after one call.
     */
    static Stream<Arguments> ambiguous() {
        return Stream.of(
                ambiguous("a read timeout", aResponse().withFixedDelay(READ_TIMEOUT_MS + 1500).withBody("{}"), null),
                ambiguous("a connection reset once the request was sent",
                        aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER), null),
                ambiguous("a connection closed without an answer", aResponse().withFault(Fault.EMPTY_RESPONSE), null),
                ambiguous("an answer cut off", aResponse().withFault(Fault.RANDOM_DATA_THEN_CLOSE), null),
                ambiguous("502 from a gateway, without Meta's body", aResponse().withStatus(502)
                        .withHeader("Content-Type", "text/html").withBody("<html>Bad Gateway</html>"), null),
                ambiguous("503 without a body", aResponse().withStatus(503), null),
                ambiguous("504 gateway timeout", aResponse().withStatus(504), null),
                ambiguous("408 without Meta's body", aResponse().withStatus(408), null),
                ambiguous("500 with a code Meta does not name", metaError(500, 999999, null), 999999))
                .map(Arguments::of);
    }

    private static Case ambiguous(String name, ResponseDefinitionBuilder failure, Integer code) {
        return new Case(name, List.of(failure, sent("mid.second")),
                SendOutcome.failed(OutboundReasons.OUTCOME_UNKNOWN, code, null), 1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("answers")
    void mapsEveryAnswerOfTheSendApiAndRetriesOnlyWhatSaysTheMessageWasNotSent(Case c) {
        assertSends(meta, client, c);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ambiguous")
    void reportsAnAmbiguousFailureAsOutcomeUnknownWithoutRetryByDefault(Case c) {
        assertSends(meta, client, c);
    }

    /** Sends one message to a new user whose calls get {@code c}'s answers; checks the outcome and the calls. */
    static void assertSends(WireMockServer meta, SendApiClient client, Case c) {
        String psid = "psid-" + UUID.randomUUID();
        stub(meta, psid, c.answers());

        SendOutcome outcome = client.send(PAGE, TOKEN, psid, new OutgoingMessage("Hello", List.of()), "d-1");

        assertThat(outcome).isEqualTo(c.expected());
        meta.verify(c.calls(), postRequestedFor(urlPathEqualTo(MESSAGES))
                .withQueryParam("access_token", equalTo(TOKEN))
                .withRequestBody(matchingJsonPath("$.recipient.id", equalTo(psid))));
    }

    /**
     * Which failures without an answer say the request never reached Meta: only a connection that was never made.
     * Classified from the exceptions the REST client (Vert.x, Netty) raises, since WireMock cannot refuse a
     * connection or time one out.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("transportFailures")
    void retriesATransportFailureOnlyWhenTheConnectionWasNeverMade(String name, Throwable failure,
            MetaError expected) {
        assertThat(SendApiClient.transportFailure(failure)).isEqualTo(expected);
    }

    static Stream<Arguments> transportFailures() {
        return Stream.of(
                Arguments.of("connection refused", new ProcessingException(
                        new ConnectException("Connection refused")), MetaError.TEMPORARY),
                Arguments.of("connect timeout", new ProcessingException(
                        new io.netty.channel.ConnectTimeoutException("connection timed out")), MetaError.TEMPORARY),
                Arguments.of("unknown host", new ProcessingException(new UnknownHostException("graph.invalid")),
                        MetaError.TEMPORARY),
                Arguments.of("no route to host", new ProcessingException(new NoRouteToHostException()),
                        MetaError.TEMPORARY),
                Arguments.of("read timeout", new ProcessingException(new TimeoutException("timeout period exceeded")),
                        MetaError.AMBIGUOUS),
                Arguments.of("connection reset", new ProcessingException(new SocketException("Connection reset")),
                        MetaError.AMBIGUOUS),
                Arguments.of("connection closed", new ProcessingException(
                        new io.vertx.core.VertxException("Connection was closed")), MetaError.AMBIGUOUS),
                Arguments.of("an answer that cannot be read", new ProcessingException("bad JSON"),
                        MetaError.AMBIGUOUS));
    }

    /** The answers in order, as a WireMock scenario of this user; the last one stays. */
    static void stub(WireMockServer meta, String psid, List<ResponseDefinitionBuilder> answers) {
        String scenario = "send-" + psid;
        for (int i = 0; i < answers.size(); i++) {
            ScenarioMappingBuilder call = to(psid).inScenario(scenario)
                    .whenScenarioStateIs(i == 0 ? Scenario.STARTED : "answer-" + i).willReturn(answers.get(i));
            if (i + 1 < answers.size()) {
                call = call.willSetStateTo("answer-" + (i + 1));
            }
            meta.stubFor(call);
        }
    }

    static MappingBuilder to(String psid) {
        return post(urlPathEqualTo(MESSAGES)).withRequestBody(matchingJsonPath("$.recipient.id", equalTo(psid)));
    }

    static ResponseDefinitionBuilder sent(String messageId) {
        return okJson("{\"recipient_id\":\"x\",\"message_id\":\"" + messageId + "\"}");
    }

    static ResponseDefinitionBuilder metaError(int status, int code, Integer subcode) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody("""
                {"error":{"message":"(#%d) test error","type":"OAuthException","code":%d%s,"fbtrace_id":"AbCdEf"}}
                """.formatted(code, code, subcode == null ? "" : ",\"error_subcode\":" + subcode));
    }
}
