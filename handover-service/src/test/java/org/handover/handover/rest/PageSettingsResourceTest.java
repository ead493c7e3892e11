package org.handover.handover.rest;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.handover.contracts.Messenger;
import org.handover.contracts.Owner;
import org.handover.handover.domain.PageSettings;
import org.handover.handover.domain.TransitionRecord;
import org.handover.handover.repository.PageSettingsRepository;
import org.handover.handover.repository.TransitionRepository;
import org.handover.handover.service.ActivationService;
import org.handover.testsupport.InjectMetaApi;
import org.handover.testsupport.KafkaAndPostgresResource;
import org.handover.testsupport.MetaApiResource;
import org.junit.jupiter.api.Test;

/**
 * The admin API on a real PostgreSQL with WireMock as the Graph API. Pages 910000000000001..10 have a page token in
 * the test profile, one per test that reaches the Graph API; the others use random pages (no token needed).
 */
@QuarkusTest
@WithTestResource(value = KafkaAndPostgresResource.class, initArgs = @ResourceArg(name = "postgres", value = "true"))
@WithTestResource(MetaApiResource.class)
class PageSettingsResourceTest {

    private static final String ADMIN_TOKEN = "test-admin-token";
    private static final String OUR_APP = "220000000000002";
    private static final String INBOX = Messenger.PAGE_INBOX_APP_ID;

    @InjectMetaApi
    WireMockServer meta;

    @Inject
    ObjectMapper json;

    @Inject
    PageSettingsRepository pages;

    @Inject
    TransitionRepository transitions;

    private static String randomPage() {
        return "TEST_" + UUID.randomUUID();
    }

    private static io.restassured.specification.RequestSpecification admin() {
        return given().auth().oauth2(ADMIN_TOKEN).contentType(ContentType.JSON);
    }

    private <T> T body(Response response, int status, Class<T> type) throws Exception {
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(status);
        return json.readValue(response.asString(), type);
    }

    private static Map<String, Object> settingsBody(String channel, String setupKind, String targetAppId) {
        java.util.HashMap<String, Object> body = new java.util.HashMap<>();
        body.put("channel", channel);
        body.put("setupKind", setupKind);
        body.put("targetAppId", targetAppId);
        body.put("questionText", "Shall I find you a person?");
        body.put("acceptTitle", "Yes, a person");
        body.put("rejectTitle", "No, carry on");
        body.put("confirmationText", "Someone will answer you here.");
        body.put("stayWithBotText", "Fine, ask me anything.");
        body.put("botIsBackText", null);
        body.put("handoverFailedText", "Nobody is free, sorry.");
        body.put("honourInboxRequests", false);
        body.put("idleTimeoutMinutes", 45);
        return body;
    }

    private void stubSecondaryReceivers(String page, String... appIds) {
        StringBuilder data = new StringBuilder();
        for (String id : appIds) {
            data.append(data.isEmpty() ? "" : ",").append("{\"id\":\"").append(id).append("\",\"name\":\"App\"}");
        }
        meta.stubFor(get(urlPathEqualTo("/" + page + "/secondary_receivers"))
                .willReturn(okJson("{\"data\":[" + data + "]}")));
    }

    private void stubSubscribedApps(String page, String... appIds) {
        StringBuilder data = new StringBuilder();
        for (String id : appIds) {
            data.append(data.isEmpty() ? "" : ",").append("{\"id\":\"").append(id).append("\",\"name\":\"App\"}");
        }
        meta.stubFor(get(urlPathEqualTo("/" + page + "/subscribed_apps")).willReturn(okJson("{\"data\":[" + data + "]}")));
    }

    private boolean storedActive(String page) {
        return QuarkusTransaction.requiringNew().call(() -> pages.findOrDefaults(page)).handoverActive();
    }

    @Test
    void refusesRequestsWithoutTheAdminToken() throws Exception {
        Response response = given().get("/admin/pages/" + randomPage() + "/settings");

        assertThat(response.header("WWW-Authenticate")).startsWith("Bearer");
        assertThat(body(response, 401, ApiError.class))
                .isEqualTo(ApiError.of("unauthorized", "This API needs the admin bearer token or a page admin's "
                        + "user name and password (HTTP Basic)."));
    }

    @Test
    void refusesRequestsWithAWrongAdminToken() throws Exception {
        String page = randomPage();
        Response wrong = given().auth().oauth2("test-admin-tokem").post("/admin/pages/" + page + "/deactivate");
        Response basic = given().header("Authorization", "Basic " + ADMIN_TOKEN).get("/admin/pages/" + page + "/settings");

        assertThat(body(wrong, 401, ApiError.class).reason()).isEqualTo("unauthorized");
        assertThat(wrong.header("WWW-Authenticate")).startsWith("Bearer");
        assertThat(body(basic, 401, ApiError.class).reason()).isEqualTo("unauthorized");
        assertThat(QuarkusTransaction.requiringNew().call(() -> pages.find(page))).isEmpty();
    }

    @Test
    void leavesOperationalEndpointsOpen() {
        given().get("/q/health/live").then().statusCode(200);
        String openApi = given().get("/q/openapi?format=json").then().statusCode(200).extract().asString();
        assertThat(openApi).contains("/admin/pages/{pageId}/activate", "/admin/pages/{pageId}/settings");
    }

    @Test
    void answersDefaultsForAPageNobodyConfigured() throws Exception {
        String page = randomPage();

        PageSettingsView view = body(admin().get("/admin/pages/" + page + "/settings"), 200, PageSettingsView.class);

        assertThat(view).isEqualTo(PageSettingsView.of(PageSettings.defaults(page)));
    }

    @Test
    void storesUpdatedSettingsAndReadsThemBack() throws Exception {
        String page = randomPage();

        PageSettingsView saved = body(admin().body(settingsBody("MESSENGER", "CONVERSATION_ROUTING", "42"))
                .put("/admin/pages/" + page + "/settings"), 200, PageSettingsView.class);
        PageSettingsView read = body(admin().get("/admin/pages/" + page + "/settings"), 200, PageSettingsView.class);

        // PostgreSQL keeps microseconds: the stored time may be the saved one rounded.
        assertThat(read).usingRecursiveComparison().ignoringFields("updatedAt").isEqualTo(saved);
        assertThat(read.updatedAt()).isCloseTo(saved.updatedAt(), within(1, ChronoUnit.MILLIS));
        assertThat(read).usingRecursiveComparison().ignoringFields("updatedAt").isEqualTo(new PageSettingsView(page,
                false, "MESSENGER", "CONVERSATION_ROUTING", "42", "Shall I find you a person?", "Yes, a person",
                "No, carry on", "Someone will answer you here.", "Fine, ask me anything.", null, false, 45, null,
                "Nobody is free, sorry."));
        assertThat(read.updatedAt()).isNotNull();
    }

    @Test
    void refusesInvalidSettingsListingEveryError() throws Exception {
        String page = randomPage();
        Map<String, Object> invalid = settingsBody("MESSENGER", "LEGACY_ROLES", "inbox");
        invalid.put("acceptTitle", "Yes, connect me to a person now");
        invalid.put("questionText", "  ");
        invalid.put("idleTimeoutMinutes", 0);

        ApiError error = body(admin().body(invalid).put("/admin/pages/" + page + "/settings"), 422, ApiError.class);

        assertThat(error).isEqualTo(new ApiError("invalid_settings", "Some settings are not valid.", List.of(
                "targetAppId: must be a numeric app id (the Page Inbox is 263902037430900)",
                "questionText: must not be blank",
                "acceptTitle: at most 20 characters",
                "idleTimeoutMinutes: must be at least 1, or null for no idle timeout")));
        assertThat(QuarkusTransaction.requiringNew().call(() -> pages.find(page))).isEmpty();
    }

    @Test
    void refusesABodyThatIsNotJson() throws Exception {
        ApiError error = body(admin().body("{\"channel\":").put("/admin/pages/" + randomPage() + "/settings"), 400,
                ApiError.class);

        assertThat(error.reason()).isEqualTo("malformed_body");
    }

    @Test
    void activatesALegacyPageWhoseTargetIsASecondaryReceiver() throws Exception {
        String page = "910000000000001";
        stubSecondaryReceivers(page, "42", INBOX);

        PageSettingsView view = body(admin().post("/admin/pages/" + page + "/activate"), 200, PageSettingsView.class);

        assertThat(view.handoverActive()).isTrue();
        assertThat(storedActive(page)).isTrue();
        meta.verify(1, getRequestedFor(urlPathEqualTo("/" + page + "/secondary_receivers"))
                .withQueryParam("fields", equalTo("id,name")).withQueryParam("access_token", equalTo("test-token-admin")));
    }

    @Test
    void activatesAConversationRoutingPageWithOurAppAndTheTargetSubscribed() throws Exception {
        String page = "910000000000002";
        admin().body(settingsBody("MESSENGER", "CONVERSATION_ROUTING", INBOX)).put("/admin/pages/" + page + "/settings")
                .then().statusCode(200);
        stubSubscribedApps(page, OUR_APP, INBOX);

        PageSettingsView view = body(admin().post("/admin/pages/" + page + "/activate"), 200, PageSettingsView.class);

        assertThat(view.handoverActive()).isTrue();
        assertThat(view.setupKind()).isEqualTo("CONVERSATION_ROUTING");
        assertThat(storedActive(page)).isTrue();
        meta.verify(0, getRequestedFor(urlPathEqualTo("/" + page + "/secondary_receivers")));
    }

    @Test
    void refusesActivationWhenThisAppIsNotThePrimaryReceiver() throws Exception {
        String page = "910000000000003";
        meta.stubFor(get(urlPathEqualTo("/" + page + "/secondary_receivers")).willReturn(aResponse().withStatus(403)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"message\":\"(#10) Only the primary receiver can do this\",\"code\":10}}")));

        ApiError error = body(admin().post("/admin/pages/" + page + "/activate"), 409, ApiError.class);

        assertThat(error).isEqualTo(ApiError.of("not_primary_receiver",
                "This app is not the Primary Receiver of the page. Double-check your app roles: this app must be the "
                        + "Primary Receiver, and the Page Inbox (or your customer-service app) must be a Secondary "
                        + "Receiver."));
        assertThat(storedActive(page)).isFalse();
    }

    @Test
    void refusesActivationWithoutAnySecondaryReceiver() throws Exception {
        String page = "910000000000004";
        stubSecondaryReceivers(page);

        ApiError error = body(admin().post("/admin/pages/" + page + "/activate"), 409, ApiError.class);

        assertThat(error).isEqualTo(ApiError.of("no_secondary_receiver",
                "The page has no Secondary Receiver. " + ActivationService.ROLES_ADVICE));
        assertThat(storedActive(page)).isFalse();
    }

    @Test
    void refusesActivationWhenTheTargetIsNotASecondaryReceiver() throws Exception {
        String page = "910000000000005";
        stubSecondaryReceivers(page, "42");

        ApiError error = body(admin().post("/admin/pages/" + page + "/activate"), 409, ApiError.class);

        assertThat(error.reason()).isEqualTo("target_not_secondary_receiver");
        assertThat(error.message()).startsWith("The target app 263902037430900 is not a Secondary Receiver of the page.");
        assertThat(storedActive(page)).isFalse();
    }

    @Test
    void refusesConversationRoutingActivationWhenTheTargetIsNotSubscribed() throws Exception {
        String page = "910000000000006";
        admin().body(settingsBody("MESSENGER", "CONVERSATION_ROUTING", INBOX)).put("/admin/pages/" + page + "/settings")
                .then().statusCode(200);
        stubSubscribedApps(page, OUR_APP);

        ApiError error = body(admin().post("/admin/pages/" + page + "/activate"), 409, ApiError.class);

        assertThat(error.reason()).isEqualTo("target_not_subscribed");
        assertThat(storedActive(page)).isFalse();
    }

    @Test
    void refusesActivationOnTelegramAndWhatsApp() throws Exception {
        for (String channel : List.of("TELEGRAM", "WHATSAPP")) {
            String page = randomPage();
            admin().body(settingsBody(channel, "LEGACY_ROLES", INBOX)).put("/admin/pages/" + page + "/settings")
                    .then().statusCode(200);

            ApiError error = body(admin().post("/admin/pages/" + page + "/activate"), 422, ApiError.class);

            assertThat(error).as(channel).isEqualTo(ApiError.of("channel_not_supported",
                    "The handover protocol is only available for Facebook Messenger."));
            assertThat(storedActive(page)).isFalse();
            meta.verify(0, anyRequestedFor(urlMatching("/" + page + "/.*")));
        }
    }

    @Test
    void answersUnavailableAndChangesNothingWhenTheGraphApiIsDown() throws Exception {
        String page = "910000000000007";
        meta.stubFor(get(urlPathEqualTo("/" + page + "/secondary_receivers")).willReturn(aResponse().withStatus(503)));

        ApiError error = body(admin().post("/admin/pages/" + page + "/activate"), 503, ApiError.class);

        assertThat(error.reason()).isEqualTo("graph_unavailable");
        assertThat(QuarkusTransaction.requiringNew().call(() -> pages.find(page))).isEmpty();
        meta.verify(3, getRequestedFor(urlPathEqualTo("/" + page + "/secondary_receivers")));
    }

    @Test
    void refusesActivationOfAPageWithoutPageToken() throws Exception {
        String page = randomPage();

        ApiError error = body(admin().post("/admin/pages/" + page + "/activate"), 409, ApiError.class);

        assertThat(error.reason()).isEqualTo("no_page_token");
        meta.verify(0, anyRequestedFor(urlMatching("/" + page + "/.*")));
    }

    @Test
    void deactivatesAnActivePage() throws Exception {
        String page = randomPage();
        QuarkusTransaction.requiringNew().run(() ->
                pages.save(PageSettings.defaults(page).withHandoverActive(true, Instant.now()), Instant.now()));

        PageSettingsView view = body(admin().post("/admin/pages/" + page + "/deactivate"), 200, PageSettingsView.class);

        assertThat(view.handoverActive()).isFalse();
        assertThat(storedActive(page)).isFalse();
    }

    @Test
    void changingTheTargetOfAnActivePageDeactivatesIt() throws Exception {
        String page = randomPage();
        QuarkusTransaction.requiringNew().run(() ->
                pages.save(PageSettings.defaults(page).withHandoverActive(true, Instant.now()), Instant.now()));

        PageSettingsView view = body(admin().body(settingsBody("MESSENGER", "LEGACY_ROLES", "42"))
                .put("/admin/pages/" + page + "/settings"), 200, PageSettingsView.class);

        assertThat(view.handoverActive()).isFalse();
        assertThat(storedActive(page)).isFalse();
    }

    @Test
    void showsAConversationsHistoryOldestFirst() throws Exception {
        String page = randomPage();
        String psid = "user-" + UUID.randomUUID();
        Instant t1 = Instant.parse("2026-11-25T09:00:00Z");
        Instant t2 = Instant.parse("2026-11-25T09:10:00Z");
        TransitionRecord toAgent = new TransitionRecord(Owner.BOT, Owner.AGENT, INBOX, 1, "user_accepted", "m_1", t1, t1);
        TransitionRecord back = new TransitionRecord(Owner.AGENT, Owner.BOT, OUR_APP, 2, "agent_done", "h_2", t2, t2);
        QuarkusTransaction.requiringNew().run(() -> {
            transitions.record(page, psid, toAgent);
            transitions.record(page, psid, back);
        });

        ConversationHistoryView view = body(admin().get("/admin/pages/" + page + "/conversations/" + psid + "/history"),
                200, ConversationHistoryView.class);

        assertThat(view.transitions()).containsExactly(toAgent, back);
        assertThat(view.pageId()).isEqualTo(page);
        assertThat(view.psid()).isEqualTo(psid);
    }

    @Test
    void showsAnUnknownConversationAsTheBotsAtEpochZero() throws Exception {
        String page = randomPage();

        ConversationHistoryView view = body(admin().get("/admin/pages/" + page + "/conversations/nobody/history"), 200,
                ConversationHistoryView.class);

        assertThat(view).isEqualTo(new ConversationHistoryView(page, "nobody", false, Owner.BOT, null, 0, false,
                List.of()));
    }
}
