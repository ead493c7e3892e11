package org.handover.handover.client;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.handover.testsupport.InjectMetaApi;
import org.handover.testsupport.KafkaAndPostgresResource;
import org.handover.testsupport.MetaApiResource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(value = KafkaAndPostgresResource.class, initArgs = @ResourceArg(name = "postgres", value = "true"))
@WithTestResource(MetaApiResource.class)
class GraphApiTest {

    /** Configured in %test for page PAGE_T; distinctive so that a leak into a log is unmistakable. */
    private static final String PAGE = "PAGE_T";
    private static final String TOKEN = "test-token-PAGE_T-9f8e7d";

    @InjectMetaApi
    WireMockServer meta;

    @Inject
    GraphApi graph;

    private final CapturedLogs logs = new CapturedLogs();
    private String psid;

    @BeforeEach
    void captureLogs() {
        psid = "psid-" + UUID.randomUUID();
        Logger.getLogger("").addHandler(logs);
    }

    @AfterEach
    void releaseLogs() {
        Logger.getLogger("").removeHandler(logs);
        assertThat(logs.texts()).noneMatch(text -> text.contains(TOKEN));
    }

    @Test
    void passSendsRecipientTargetAppAndMetadataWithThePageToken() {
        meta.stubFor(post(urlPathEqualTo("/" + PAGE + "/pass_thread_control")).withRequestBody(forPsid())
                .willReturn(okJson("{\"success\":true}")));

        ThreadControlOutcome outcome = graph.pass(PAGE, psid, "263902037430900", "user_accepted");

        assertThat(outcome).isEqualTo(new ThreadControlOutcome(GraphStatus.OK, null));
        meta.verify(1, postRequestedFor(urlPathEqualTo("/" + PAGE + "/pass_thread_control"))
                .withQueryParam("access_token", equalTo(TOKEN))
                .withHeader("Content-Type", equalTo("application/json"))
                .withRequestBody(equalToJson("{\"recipient\":{\"id\":\"" + psid + "\"},"
                        + "\"target_app_id\":\"263902037430900\",\"metadata\":\"user_accepted\"}")));
    }

    @Test
    void takeRequestAndReleaseSendTheRecipientToTheirOwnEndpoints() {
        for (String endpoint : List.of("take_thread_control", "request_thread_control", "release_thread_control")) {
            meta.stubFor(post(urlPathEqualTo("/" + PAGE + "/" + endpoint)).withRequestBody(forPsid())
                    .willReturn(okJson("{\"success\":true}")));
        }

        assertThat(graph.take(PAGE, psid, "idle_timeout").status()).isEqualTo(GraphStatus.OK);
        assertThat(graph.request(PAGE, psid, "want_it").status()).isEqualTo(GraphStatus.OK);
        assertThat(graph.release(PAGE, psid).status()).isEqualTo(GraphStatus.OK);

        meta.verify(1, postRequestedFor(urlPathEqualTo("/" + PAGE + "/take_thread_control"))
                .withQueryParam("access_token", equalTo(TOKEN))
                .withRequestBody(equalToJson("{\"recipient\":{\"id\":\"" + psid + "\"},\"metadata\":\"idle_timeout\"}")));
        meta.verify(1, postRequestedFor(urlPathEqualTo("/" + PAGE + "/request_thread_control"))
                .withQueryParam("access_token", equalTo(TOKEN))
                .withRequestBody(equalToJson("{\"recipient\":{\"id\":\"" + psid + "\"},\"metadata\":\"want_it\"}")));
        meta.verify(1, postRequestedFor(urlPathEqualTo("/" + PAGE + "/release_thread_control"))
                .withQueryParam("access_token", equalTo(TOKEN))
                .withRequestBody(equalToJson("{\"recipient\":{\"id\":\"" + psid + "\"}}")));
    }

    @Test
    void threadOwnerAnswersTheOwningApp() {
        meta.stubFor(get(urlPathEqualTo("/" + PAGE + "/thread_owner")).withQueryParam("recipient", equalTo(psid))
                .willReturn(okJson("{\"data\":[{\"thread_owner\":{\"app_id\":\"263902037430900\"}}]}")));

        ThreadOwnerOutcome outcome = graph.threadOwner(PAGE, psid);

        assertThat(outcome).isEqualTo(new ThreadOwnerOutcome(GraphStatus.OK, "263902037430900", null));
        assertThat(outcome.idle()).isFalse();
        meta.verify(1, getRequestedFor(urlPathEqualTo("/" + PAGE + "/thread_owner"))
                .withQueryParam("recipient", equalTo(psid)).withQueryParam("access_token", equalTo(TOKEN)));
    }

    @Test
    void threadOwnerAnswersIdleWhenNobodyOwnsTheThread() {
        meta.stubFor(get(urlPathEqualTo("/" + PAGE + "/thread_owner")).withQueryParam("recipient", equalTo(psid))
                .willReturn(okJson("{\"data\":[]}")));

        ThreadOwnerOutcome outcome = graph.threadOwner(PAGE, psid);

        assertThat(outcome).isEqualTo(new ThreadOwnerOutcome(GraphStatus.OK, null, null));
        assertThat(outcome.idle()).isTrue();
    }

    @Test
    void secondaryReceiversAndSubscribedAppsListTheApps() {
        meta.stubFor(get(urlPathEqualTo("/PAGE_T_R1/secondary_receivers")).withQueryParam("fields", equalTo("id,name"))
                .willReturn(okJson("{\"data\":[{\"id\":\"263902037430900\",\"name\":\"Page Inbox\"},"
                        + "{\"id\":\"42\",\"name\":\"Desk\"}]}")));
        meta.stubFor(get(urlPathEqualTo("/PAGE_T_R1/subscribed_apps")).willReturn(okJson(
                "{\"data\":[{\"id\":\"220000000000002\",\"name\":\"Bot\",\"subscribed_fields\":[\"messages\"]}]}")));

        assertThat(graph.secondaryReceivers("PAGE_T_R1")).isEqualTo(new ReceiversOutcome(GraphStatus.OK,
                List.of(new AppRef("263902037430900", "Page Inbox"), new AppRef("42", "Desk")), null));
        assertThat(graph.subscribedApps("PAGE_T_R1")).isEqualTo(new ReceiversOutcome(GraphStatus.OK,
                List.of(new AppRef("220000000000002", "Bot")), null));
        meta.verify(1, getRequestedFor(urlPathEqualTo("/PAGE_T_R1/secondary_receivers"))
                .withQueryParam("access_token", equalTo("test-token-PAGE_T_R1")));
    }

    @Test
    void rateLimitedCallIsRetriedUntilItSucceeds() {
        String scenario = "rate-limited-" + psid;
        meta.stubFor(post(urlPathEqualTo("/" + PAGE + "/pass_thread_control")).withRequestBody(forPsid())
                .inScenario(scenario).whenScenarioStateIs(Scenario.STARTED)
                .willReturn(error(400, 613, null, "Calls to this api have exceeded the rate limit."))
                .willSetStateTo("recovered"));
        meta.stubFor(post(urlPathEqualTo("/" + PAGE + "/pass_thread_control")).withRequestBody(forPsid())
                .inScenario(scenario).whenScenarioStateIs("recovered")
                .willReturn(okJson("{\"success\":true}")));

        assertThat(graph.pass(PAGE, psid, "263902037430900", null).status()).isEqualTo(GraphStatus.OK);

        meta.verify(2, postRequestedFor(urlPathEqualTo("/" + PAGE + "/pass_thread_control")).withRequestBody(forPsid()));
    }

    @Test
    void timedOutCallIsRetriedAndTheTokenStaysOutOfTheLogs() {
        String scenario = "slow-" + psid;
        meta.stubFor(post(urlPathEqualTo("/" + PAGE + "/take_thread_control")).withRequestBody(forPsid())
                .inScenario(scenario).whenScenarioStateIs(Scenario.STARTED)
                .willReturn(okJson("{\"success\":true}").withFixedDelay(5_000))
                .willSetStateTo("fast"));
        meta.stubFor(post(urlPathEqualTo("/" + PAGE + "/take_thread_control")).withRequestBody(forPsid())
                .inScenario(scenario).whenScenarioStateIs("fast")
                .willReturn(okJson("{\"success\":true}")));

        assertThat(graph.take(PAGE, psid, null).status()).isEqualTo(GraphStatus.OK);

        meta.verify(2, postRequestedFor(urlPathEqualTo("/" + PAGE + "/take_thread_control")).withRequestBody(forPsid()));
        // The timeout's own text names the request URL; what was logged of it is scrubbed.
        assertThat(logs.texts()).anyMatch(text -> text.contains("access_token=***"));
    }

    @Test
    void serverErrorsAreRetriedABoundedNumberOfTimesThenReportedUnavailable() {
        meta.stubFor(post(urlPathEqualTo("/" + PAGE + "/pass_thread_control")).withRequestBody(forPsid())
                .willReturn(error(500, 2, null, "An unexpected error has occurred. Please retry your request later.")));

        ThreadControlOutcome outcome = graph.pass(PAGE, psid, "263902037430900", null);

        assertThat(outcome).isEqualTo(new ThreadControlOutcome(GraphStatus.UNAVAILABLE, new GraphError(500, 2, null,
                "An unexpected error has occurred. Please retry your request later.")));
        meta.verify(3, postRequestedFor(urlPathEqualTo("/" + PAGE + "/pass_thread_control")).withRequestBody(forPsid()));
    }

    @Test
    void personUnavailableIsAnsweredAtOnceWithoutRetry() {
        meta.stubFor(post(urlPathEqualTo("/" + PAGE + "/pass_thread_control")).withRequestBody(forPsid())
                .willReturn(error(400, 551, 1545041, "This person isn't available right now.")));

        ThreadControlOutcome outcome = graph.pass(PAGE, psid, "263902037430900", null);

        assertThat(outcome).isEqualTo(new ThreadControlOutcome(GraphStatus.PERSON_UNAVAILABLE,
                new GraphError(400, 551, 1545041, "This person isn't available right now.")));
        meta.verify(1, postRequestedFor(urlPathEqualTo("/" + PAGE + "/pass_thread_control")).withRequestBody(forPsid()));
    }

    @Test
    void anotherAppControllingTheThreadIsAnOwnershipSignalNotRetried() {
        meta.stubFor(post(urlPathEqualTo("/" + PAGE + "/take_thread_control")).withRequestBody(forPsid())
                .willReturn(error(400, 10, 2018300, "Another app is controlling this thread now.")));

        ThreadControlOutcome outcome = graph.take(PAGE, psid, null);

        assertThat(outcome).isEqualTo(new ThreadControlOutcome(GraphStatus.OWNED_BY_ANOTHER_APP,
                new GraphError(400, 10, 2018300, "Another app is controlling this thread now.")));
        meta.verify(1, postRequestedFor(urlPathEqualTo("/" + PAGE + "/take_thread_control")).withRequestBody(forPsid()));
    }

    @Test
    void badTokenAndMissingPermissionAreAnsweredWithoutRetry() {
        meta.stubFor(get(urlPathEqualTo("/PAGE_T_R2/secondary_receivers"))
                .willReturn(error(403, 200, null, "(#200) Requires pages_messaging permission")));
        meta.stubFor(get(urlPathEqualTo("/PAGE_T_R2/thread_owner")).withQueryParam("recipient", equalTo(psid))
                .willReturn(error(400, 190, 460, "Error validating access token")));

        assertThat(graph.secondaryReceivers("PAGE_T_R2")).isEqualTo(new ReceiversOutcome(GraphStatus.NO_PERMISSION,
                List.of(), new GraphError(403, 200, null, "(#200) Requires pages_messaging permission")));
        assertThat(graph.threadOwner("PAGE_T_R2", psid)).isEqualTo(new ThreadOwnerOutcome(GraphStatus.BAD_TOKEN,
                null, new GraphError(400, 190, 460, "Error validating access token")));
        meta.verify(1, getRequestedFor(urlPathEqualTo("/PAGE_T_R2/secondary_receivers")));
        meta.verify(1, getRequestedFor(urlPathEqualTo("/PAGE_T_R2/thread_owner")));
    }

    @Test
    void pageWithoutTokenIsRefusedWithoutAnyCall() {
        String page = "PAGE_WITHOUT_TOKEN_" + UUID.randomUUID();

        assertThat(graph.pass(page, psid, "263902037430900", null))
                .isEqualTo(new ThreadControlOutcome(GraphStatus.NO_TOKEN, null));
        assertThat(graph.threadOwner(page, psid).status()).isEqualTo(GraphStatus.NO_TOKEN);
        assertThat(graph.secondaryReceivers(page).status()).isEqualTo(GraphStatus.NO_TOKEN);

        meta.verify(0, anyRequestedFor(urlMatching("/" + page + "/.*")));
    }

    private com.github.tomakehurst.wiremock.matching.StringValuePattern forPsid() {
        return matchingJsonPath("$.recipient.id", equalTo(psid));
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder error(int status, int code,
            Integer subcode, String message) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"message\":\"" + message + "\",\"type\":\"OAuthException\",\"code\":" + code
                        + (subcode == null ? "" : ",\"error_subcode\":" + subcode) + ",\"fbtrace_id\":\"Ab1\"}}");
    }

    /** Every log record of the application while a test runs, formatted with its exception chain. */
    static final class CapturedLogs extends Handler {
        private final List<String> texts = new CopyOnWriteArrayList<>();

        @Override
        public void publish(LogRecord record) {
            StringBuilder text = new StringBuilder(String.valueOf(record.getMessage()));
            if (record.getParameters() != null) {
                for (Object parameter : record.getParameters()) {
                    text.append(' ').append(parameter);
                }
            }
            for (Throwable t = record.getThrown(); t != null; t = t.getCause()) {
                text.append(' ').append(t);
            }
            texts.add(text.toString());
        }

        List<String> texts() {
            return texts;
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }
}
