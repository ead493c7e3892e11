package org.handover.handover.ui;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.handover.testsupport.KafkaAndPostgresResource;
import org.junit.jupiter.api.Test;

/**
 * The default messages on the settings page (issue 21 item 1) at the HTTP level: shown from bot-service's catalog API
 * with a preview, saved to it exactly as typed, its refusals shown in the red alert with nothing changed, a preview
 * that saves nothing, and a clear page when the bot cannot be reached. bot-service's API is WireMock here, answering
 * as bot-service's own tests prove it does ({@code CatalogResource}).
 */
@QuarkusTest
@WithTestResource(value = KafkaAndPostgresResource.class, initArgs = @ResourceArg(name = "postgres", value = "true"))
@WithTestResource(EmulatorResource.class)
class DefaultMessagesPageTest {

    static final String CATALOG = """
            {"pageId":"%s","revision":3,"updatedAt":"2026-12-01T10:00:00Z","catalog":{"pageId":"%s",
             "welcome":{"payload":"GET_STARTED","title":"Main menu","keywords":["hi","menu"],
                        "text":"Hi! Welcome to Corner Bikes.","quickReplies":[{"title":"Delivery","payload":"DELIVERY"}]},
             "answers":[{"payload":"DELIVERY","title":"Delivery","keywords":["delivery","shipping"],
                        "text":"We deliver in 2 days.","quickReplies":[{"title":"Main menu","payload":"GET_STARTED"}]}],
             "fallback":{"text":"Sorry, I did not get that.","quickReplies":[{"title":"Delivery","payload":"DELIVERY"}]}}}
            """;

    @InjectEmulator
    WireMockServer bot;

    @io.quarkus.test.kafka.InjectKafkaCompanion
    io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion kafka;

    static void stubCatalog(WireMockServer bot, String page) {
        bot.stubFor(get(urlEqualTo("/admin/catalogs/" + page))
                .withHeader("Authorization", equalTo("Bearer " + EmulatorResource.BOT_TOKEN))
                .willReturn(okJson(CATALOG.formatted(page, page))));
    }

    static String operatorSession() {
        return given().redirects().follow(false).formParam("token", SettingsPageHttpTest.ADMIN_TOKEN)
                .post("/ui/login").getCookie(UiSessions.COOKIE);
    }

    /** The form as the page shows the stored catalog, with {@code overrides} typed over it. */
    static Map<String, String> form(String csrf, String... overrides) {
        Map<String, String> form = new HashMap<>();
        form.put("csrf", csrf);
        form.put("answerCount", "2");
        form.put("welcome.payload", "GET_STARTED");
        form.put("welcome.title", "Main menu");
        form.put("welcome.keywords", "hi, menu");
        form.put("welcome.text", "Hi! Welcome to Corner Bikes.");
        form.put("welcome.quickReplies", "Delivery = DELIVERY");
        form.put("a0.payload", "DELIVERY");
        form.put("a0.title", "Delivery");
        form.put("a0.keywords", "delivery, shipping");
        form.put("a0.text", "We deliver in 2 days.");
        form.put("a0.quickReplies", "Main menu = GET_STARTED");
        form.put("fallback.text", "Sorry, I did not get that.");
        form.put("fallback.quickReplies", "Delivery = DELIVERY");
        form.put("action", "save");
        for (int i = 0; i < overrides.length; i += 2) {
            form.put(overrides[i], overrides[i + 1]);
        }
        return form;
    }

    private static String csrfOf(String session, String page) {
        return AccessPerPageTest.csrfOf(given().cookie(UiSessions.COOKIE, session).get("/ui/pages/" + page
                + "/messages").then().statusCode(200).extract().asString());
    }

    @Test
    void theStoredMessagesAreShownWithAPreviewAsMessengerShowsThem() {
        String page = AccessPerPageTest.newPage();
        stubCatalog(bot, page);

        String html = given().cookie(UiSessions.COOKIE, operatorSession()).get("/ui/pages/" + page + "/messages")
                .then().statusCode(200).extract().asString();

        assertThat(html).contains("As Messenger shows them now")
                .contains("<div class=\"bubble\">We deliver in 2 days.</div>")
                .contains("<li>Main menu</li>")
                .contains("name=\"a0.payload\" value=\"DELIVERY\"")
                .contains("Delivery = DELIVERY")
                .contains("name=\"answerCount\" value=\"2\"")
                .doesNotContain(EmulatorResource.BOT_TOKEN);
    }

    @Test
    void aSaveSendsTheCatalogAsTypedAndIsAudited() {
        String page = AccessPerPageTest.newPage();
        stubCatalog(bot, page);
        bot.stubFor(put(urlEqualTo("/admin/catalogs/" + page)).willReturn(okJson(
                "{\"pageId\":\"" + page + "\",\"revision\":4,\"updatedAt\":\"2026-12-01T10:01:00Z\"}")));
        String session = operatorSession();

        Response response = given().redirects().follow(false).cookie(UiSessions.COOKIE, session)
                .formParams(form(csrfOf(session, page), "a0.text", "We deliver in 1 day.", "answerCount", "2",
                        "a1.payload", "RETURNS", "a1.title", "Returns", "a1.keywords", "return",
                        "a1.text", "30 days to return.", "a1.quickReplies", ""))
                .post("/ui/pages/" + page + "/messages");

        assertThat(response.statusCode()).isEqualTo(303);
        assertThat(response.header("Location")).endsWith("/ui/pages/" + page + "/messages?saved=true");
        bot.verify(putRequestedFor(urlEqualTo("/admin/catalogs/" + page))
                .withHeader("Authorization", equalTo("Bearer " + EmulatorResource.BOT_TOKEN))
                .withRequestBody(equalToJson("""
                        {"pageId":"%s",
                         "welcome":{"payload":"GET_STARTED","title":"Main menu","keywords":["hi","menu"],
                           "text":"Hi! Welcome to Corner Bikes.","quickReplies":[{"title":"Delivery","payload":"DELIVERY"}]},
                         "answers":[{"payload":"DELIVERY","title":"Delivery","keywords":["delivery","shipping"],
                           "text":"We deliver in 1 day.","quickReplies":[{"title":"Main menu","payload":"GET_STARTED"}]},
                          {"payload":"RETURNS","title":"Returns","keywords":["return"],"text":"30 days to return.",
                           "quickReplies":[]}],
                         "fallback":{"text":"Sorry, I did not get that.","quickReplies":[{"title":"Delivery","payload":"DELIVERY"}]},
                         "trackLinks":false}
                        """.formatted(page))));
        List<Map<String, Object>> audit = given().auth().oauth2(SettingsPageHttpTest.ADMIN_TOKEN)
                .get("/admin/pages/" + page + "/audit").then().statusCode(200).extract().jsonPath().getList("$");
        assertThat(audit).singleElement().satisfies(e -> {
            assertThat(e.get("actor")).isEqualTo("operator");
            assertThat(e.get("action")).isEqualTo("messages_saved");
            assertThat(e.get("detail")).isEqualTo("answer DELIVERY changed; answer RETURNS added");
        });
    }

    @Test
    void theAdminChoosesToTrackTheGuidedAnswersLinksAndSeesTheirClickThrough() {
        String page = AccessPerPageTest.newPage();
        stubCatalog(bot, page);
        bot.stubFor(put(urlEqualTo("/admin/catalogs/" + page)).willReturn(okJson(
                "{\"pageId\":\"" + page + "\",\"revision\":5,\"updatedAt\":\"2026-12-01T10:01:00Z\"}")));
        String session = operatorSession();
        String shown = given().cookie(UiSessions.COOKIE, session).get("/ui/pages/" + page + "/messages").then()
                .statusCode(200).extract().asString();
        assertThat(shown).contains("<input type=\"checkbox\" id=\"trackLinks\" name=\"trackLinks\" value=\"on\">")
                .contains("No guided answer has been sent with tracked links yet.");

        Response response = given().redirects().follow(false).cookie(UiSessions.COOKIE, session)
                .formParams(form(csrfOf(session, page), "trackLinks", "on"))
                .post("/ui/pages/" + page + "/messages");

        assertThat(response.statusCode()).isEqualTo(303);
        bot.verify(putRequestedFor(urlEqualTo("/admin/catalogs/" + page))
                .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath("$.trackLinks",
                        equalTo("true"))));
        assertThat(given().auth().oauth2(SettingsPageHttpTest.ADMIN_TOKEN).get("/admin/pages/" + page + "/audit")
                .then().extract().jsonPath().getList("detail", String.class))
                .containsExactly("link tracking of guided answers turned on");

        // bot-service reports the answer sent tracked to two users, one of whom clicks (twice)
        String url = "https://shop.example.com/zones";
        for (String psid : List.of("7000000000000001", "7000000000000002")) {
            org.handover.contracts.OutboundResult sent = new org.handover.contracts.OutboundResult(
                    org.handover.contracts.SchemaVersion.CURRENT, "d-" + java.util.UUID.randomUUID(), page, psid, 1,
                    org.handover.contracts.OrderKind.ANSWER_GUIDED, org.handover.contracts.OutboundOutcome.SENT, null,
                    "m-1", null, null, java.time.Instant.now(),
                    new org.handover.contracts.TrackedAnswerLinks("DELIVERY", List.of(url)));
            kafka.produceStrings().fromRecords(new org.apache.kafka.clients.producer.ProducerRecord<>(
                    org.handover.contracts.Topics.MESSENGER_OUTBOUND, sent.key(),
                    org.handover.contracts.ContractJson.toJson(sent))).awaitCompletion(java.time.Duration.ofSeconds(20));
        }
        for (int i = 0; i < 2; i++) {
            org.handover.contracts.BulletinClick click = new org.handover.contracts.BulletinClick(
                    org.handover.contracts.SchemaVersion.CURRENT, java.util.UUID.randomUUID().toString(), null, 0,
                    page, "7000000000000001", java.time.Instant.now(), "DELIVERY");
            kafka.produceStrings().fromRecords(new org.apache.kafka.clients.producer.ProducerRecord<>(
                    org.handover.contracts.Topics.BULLETIN_CLICKS, click.key(),
                    org.handover.contracts.ContractJson.toJson(click))).awaitCompletion(java.time.Duration.ofSeconds(20));
        }
        String row = "<tr class=\"guided-link\"><td>DELIVERY</td><td>1</td><td><code>" + url
                + "</code></td><td class=\"sent\">2</td><td class=\"clicked\">1</td><td class=\"rate\">50.0%</td></tr>";
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20))
                .pollInterval(java.time.Duration.ofMillis(200)).until(() -> given().cookie(UiSessions.COOKIE, session)
                        .get("/ui/pages/" + page + "/messages").then().statusCode(200).extract().asString()
                        .contains(row));
    }

    @Test
    void theCatalogApisRefusalIsShownInTheRedAlertWithWhatWasTyped() {
        String page = AccessPerPageTest.newPage();
        stubCatalog(bot, page);
        bot.stubFor(put(urlEqualTo("/admin/catalogs/" + page)).willReturn(aResponse().withStatus(422)
                .withHeader("Content-Type", "application/json").withBody(
                        "{\"errors\":[\"answers[0].quickReplies: at most 13 quick replies\","
                                + "\"welcome.title: at most 20 characters\"]}")));
        String session = operatorSession();

        Response response = given().cookie(UiSessions.COOKIE, session)
                .formParams(form(csrfOf(session, page), "a0.text", "Typed <b>text</b>"))
                .post("/ui/pages/" + page + "/messages");

        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(response.asString()).contains("role=\"alert\"").contains("Nothing was saved")
                .contains("<li>Answer 1, quickReplies: at most 13 quick replies</li>")
                .contains("<li>Welcome, title: at most 20 characters</li>")
                .contains("Typed &lt;b&gt;text&lt;/b&gt;").doesNotContain("<b>text</b>");
        assertThat(given().auth().oauth2(SettingsPageHttpTest.ADMIN_TOKEN).get("/admin/pages/" + page + "/audit")
                .then().extract().jsonPath().getList("$")).isEmpty();
    }

    @Test
    void aPreviewShowsTheTypedMessagesAndSavesNothing() {
        String page = AccessPerPageTest.newPage();
        stubCatalog(bot, page);
        String session = operatorSession();

        Response response = given().cookie(UiSessions.COOKIE, session)
                .formParams(form(csrfOf(session, page), "action", "preview", "fallback.text", "Say that again?",
                        "fallback.quickReplies", "A title longer than twenty = DELIVERY"))
                .post("/ui/pages/" + page + "/messages");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.asString()).contains("Preview of what you typed")
                .contains("<div class=\"bubble\">Say that again?</div>")
                .contains("<li>A title longer than …</li>")
                .contains("nothing is saved until you press Save");
        bot.verify(0, putRequestedFor(urlEqualTo("/admin/catalogs/" + page)));
    }

    @Test
    void aQuickReplyLineThatIsNotTitleEqualsPayloadIsRefusedBeforeAnythingIsSent() {
        String page = AccessPerPageTest.newPage();
        stubCatalog(bot, page);
        String session = operatorSession();

        Response response = given().cookie(UiSessions.COOKIE, session)
                .formParams(form(csrfOf(session, page), "fallback.quickReplies", "Delivery = DELIVERY\nJust a title"))
                .post("/ui/pages/" + page + "/messages");

        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(response.asString()).contains("role=\"alert\"")
                .contains("Fallback, quick replies: line 2 must be &quot;Title = PAYLOAD&quot;");
        bot.verify(0, putRequestedFor(urlEqualTo("/admin/catalogs/" + page)));
    }

    @Test
    void whenTheBotCannotBeReachedThePageSaysSoInsteadOfFailing() {
        String page = AccessPerPageTest.newPage();
        bot.stubFor(get(urlEqualTo("/admin/catalogs/" + page)).willReturn(aResponse().withStatus(500)));

        Response response = given().cookie(UiSessions.COOKIE, operatorSession()).get("/ui/pages/" + page
                + "/messages");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.asString()).contains("role=\"alert\"")
                .contains("The default messages could not be loaded.")
                .doesNotContain("id=\"messages-form\"");
    }

    @Test
    void aPageAdminCannotSeeAnotherPagesMessages() {
        String user = AccessPerPageTest.newUser();
        String mine = AccessPerPageTest.newPage();
        String other = AccessPerPageTest.newPage();
        stubCatalog(bot, other);
        AccessPerPageTest.createAccount(user, mine);

        Response response = given().cookie(UiSessions.COOKIE, AccessPerPageTest.signIn(user,
                AccessPerPageTest.PASSWORD)).get("/ui/pages/" + other + "/messages");

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.asString()).doesNotContain("Corner Bikes");
    }
}
