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
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
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

    private static final String PAGE = "110000000000001";
    private static final String TOKEN = "test-page-token";
    private static final String MESSAGES = "/" + PAGE + "/messages";
    /** {@code bot.send.max-retries} of the test profile, plus the first call. */
    private static final int ALL_ATTEMPTS = 4;

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
                new Case("a temporary error gives up after the configured retries", List.of(metaError(500, 2, null)),
                        SendOutcome.failed(OutboundReasons.TEMPORARY_FAILURE, 2, null), ALL_ATTEMPTS),
                new Case("a network failure is retried, then reported as temporary",
                        List.of(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)),
                        SendOutcome.failed(OutboundReasons.TEMPORARY_FAILURE, null, null), ALL_ATTEMPTS),
                new Case("the person is unavailable: no retry", List.of(metaError(400, 551, 1545041)),
                        SendOutcome.failed(OutboundReasons.REJECTED_BY_META, 551, 1545041), 1),
                new Case("another app controls the thread: an ownership signal, no retry",
                        List.of(metaError(403, 10, 2018300)),
                        SendOutcome.failed(OutboundReasons.THREAD_OWNED_BY_ANOTHER_APP, 10, 2018300), 1),
                new Case("outside the 24-hour window: no retry", List.of(metaError(400, 10, 2018278)),
                        SendOutcome.failed(OutboundReasons.OUTSIDE_WINDOW, 10, 2018278), 1))
                .map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("answers")
    void mapsEveryAnswerOfTheSendApiAndRetriesOnlyWhatIsTemporary(Case c) {
        String psid = "psid-" + UUID.randomUUID();
        stub(psid, c.answers());

        SendOutcome outcome = client.send(PAGE, TOKEN, psid, new OutgoingMessage("Hello", List.of()), "d-1");

        assertThat(outcome).isEqualTo(c.expected());
        meta.verify(c.calls(), postRequestedFor(urlPathEqualTo(MESSAGES))
                .withQueryParam("access_token", equalTo(TOKEN))
                .withRequestBody(matchingJsonPath("$.recipient.id", equalTo(psid))));
    }

    /** The answers in order, as a WireMock scenario of this user; the last one stays. */
    private void stub(String psid, List<ResponseDefinitionBuilder> answers) {
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

    private static MappingBuilder to(String psid) {
        return post(urlPathEqualTo(MESSAGES)).withRequestBody(matchingJsonPath("$.recipient.id", equalTo(psid)));
    }

    private static ResponseDefinitionBuilder sent(String messageId) {
        return okJson("{\"recipient_id\":\"x\",\"message_id\":\"" + messageId + "\"}");
    }

    private static ResponseDefinitionBuilder metaError(int status, int code, Integer subcode) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody("""
                {"error":{"message":"(#%d) test error","type":"OAuthException","code":%d%s,"fbtrace_id":"AbCdEf"}}
                """.formatted(code, code, subcode == null ? "" : ",\"error_subcode\":" + subcode));
    }
}
