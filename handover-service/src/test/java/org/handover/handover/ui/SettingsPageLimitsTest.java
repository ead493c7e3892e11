package org.handover.handover.ui;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.handover.handover.domain.PageSettings;
import org.handover.handover.repository.PageSettingsRepository;
import org.handover.testsupport.KafkaAndPostgresResource;
import org.junit.jupiter.api.Test;

/**
 * The settings page holds the same limits as the API and the columns: every text box has {@code maxlength} 2000 and
 * every answer 20 ({@link PageSettings}' constants); a form with a text of 2000 characters is saved, one of 2001
 * (sent past the browser's {@code maxlength}) comes back in the red alert naming the field and the limit, nothing
 * saved; a path page id that cannot name a page is a {@code 400} page, not a {@code 500}.
 */
@QuarkusTest
@WithTestResource(value = KafkaAndPostgresResource.class, initArgs = @ResourceArg(name = "postgres", value = "true"))
@WithTestResource(EmulatorResource.class)
class SettingsPageLimitsTest {

    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

    @Inject
    PageSettingsRepository pages;

    private static String signIn() {
        Response response = given().redirects().follow(false).formParam("token", "test-admin-token")
                .post("/ui/login");
        assertThat(response.statusCode()).isEqualTo(303);
        return response.getCookie(UiSessions.COOKIE);
    }

    private static String html(String session, String page) {
        return given().cookie(UiSessions.COOKIE, session).get("/ui/pages/" + page).then().statusCode(200).extract()
                .asString();
    }

    private static String csrfOf(String html) {
        Matcher m = CSRF.matcher(html);
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    private static Response post(String session, String page, String field, String value) {
        String csrf = csrfOf(html(session, page));
        Map<String, String> form = new LinkedHashMap<>();
        form.put("csrf", csrf);
        form.put("setupKind", "LEGACY_ROLES");
        form.put("target", "inbox");
        form.put("questionText", "Shall I find you a person?");
        form.put("acceptTitle", "Yes");
        form.put("rejectTitle", "No");
        form.put("confirmationText", "Someone answers you here.");
        form.put("stayWithBotText", "Fine.");
        form.put("botIsBackText", "");
        form.put("idleTimeoutMinutes", "");
        form.put(field, value);
        return given().redirects().follow(false).cookie(UiSessions.COOKIE, session).formParams(form)
                .post("/ui/pages/" + page);
    }

    @Test
    void everyBoxCarriesTheLimitOfItsField() {
        String html = html(signIn(), "TEST_" + UUID.randomUUID());

        for (String text : new String[] {"questionText", "confirmationText", "stayWithBotText", "botIsBackText",
            "handoverFailedText", "noShowText", "outOfHoursText"}) {
            assertThat(html).contains("id=\"" + text + "\" name=\"" + text + "\" maxlength=\""
                    + PageSettings.TEXT_MAX + "\"");
        }
        assertThat(html).containsPattern("id=\"pageLabel\" name=\"pageLabel\" value=\"[^\"]*\" maxlength=\""
                + PageSettings.PAGE_LABEL_MAX + "\"");
        for (String title : new String[] {"acceptTitle", "rejectTitle"}) {
            assertThat(html).containsPattern("id=\"" + title + "\" name=\"" + title + "\" value=\"[^\"]*\" maxlength=\""
                    + PageSettings.QUICK_REPLY_TITLE_MAX + "\"");
        }
    }

    @Test
    void savesATextAtTheLimitAndShowsOneCharacterMoreInTheRedAlert() {
        String session = signIn();
        String page = "TEST_" + UUID.randomUUID();
        String atLimit = "x".repeat(PageSettings.TEXT_MAX);

        Response saved = post(session, page, "confirmationText", atLimit);
        Response refused = post(session, page, "confirmationText", atLimit + "y");

        assertThat(saved.statusCode()).isEqualTo(303);
        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(refused.asString()).contains("role=\"alert\"").contains("Nothing was saved")
                .contains("Confirmation: at most 2000 characters.");
        assertThat(QuarkusTransaction.requiringNew().call(() -> pages.findOrDefaults(page)).confirmationText())
                .isEqualTo(atLimit);
    }

    @Test
    void savesTheNobodyCanTakeOverMessageAtTheLimitAndShowsOneCharacterMoreInTheRedAlert() {
        String session = signIn();
        String page = "TEST_" + UUID.randomUUID();
        // Plain letters: the form is posted as ISO-8859-1 here (the API test counts an emoji as one character).
        String atLimit = "x".repeat(PageSettings.TEXT_MAX);

        Response saved = post(session, page, "handoverFailedText", atLimit);
        Response refused = post(session, page, "handoverFailedText", atLimit + "y");
        Response emptied = post(session, page + "-empty", "handoverFailedText", "");

        assertThat(saved.statusCode()).isEqualTo(303);
        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(refused.asString()).contains("role=\"alert\"").contains("Nothing was saved")
                .contains("Message when nobody can take over: at most 2000 characters.");
        assertThat(QuarkusTransaction.requiringNew().call(() -> pages.findOrDefaults(page)).handoverFailedText())
                .isEqualTo(atLimit);
        assertThat(emptied.statusCode()).isEqualTo(303);
        assertThat(QuarkusTransaction.requiringNew().call(() -> pages.findOrDefaults(page + "-empty"))
                .handoverFailedText()).as("empty says nothing").isNull();
    }

    @Test
    void savesAPageLabelAtTheLimitAndShowsOneCharacterMoreInTheRedAlert() {
        String session = signIn();
        String page = "TEST_" + UUID.randomUUID();
        String atLimit = "x".repeat(PageSettings.PAGE_LABEL_MAX);

        Response saved = post(session, page, "pageLabel", atLimit);
        Response refused = post(session, page, "pageLabel", atLimit + "y");

        assertThat(saved.statusCode()).isEqualTo(303);
        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(refused.asString()).contains("role=\"alert\"").contains("Nothing was saved")
                .contains("Page label for agents: at most 100 characters.")
                .contains("id=\"pageLabel\" name=\"pageLabel\" value=\"" + atLimit + "y\"");
        assertThat(QuarkusTransaction.requiringNew().call(() -> pages.findOrDefaults(page)).pageLabel())
                .isEqualTo(atLimit);
        assertThat(html(session, page)).contains("id=\"pageLabel\" name=\"pageLabel\" value=\"" + atLimit + "\"");
    }

    @Test
    void theBoxThatSharesTheUsersWordsWithAgentsIsOffUntilTickedAndSaysSo() {
        String session = signIn();
        String page = "TEST_" + UUID.randomUUID();
        assertThat(html(session, page)).contains("id=\"shareUserWords\" name=\"shareUserWords\" value=\"on\" "
                + "aria-describedby").as("off by default").doesNotContain("name=\"shareUserWords\" value=\"on\" checked");

        assertThat(post(session, page, "shareUserWords", "on").statusCode()).isEqualTo(303);

        assertThat(QuarkusTransaction.requiringNew().call(() -> pages.findOrDefaults(page)).shareUserWords()).isTrue();
        assertThat(html(session, page)).contains("name=\"shareUserWords\" value=\"on\" checked")
                .contains("shareUserWords: false → true");
        assertThat(post(session, page, "pageLabel", "").statusCode()).as("an unticked box is off").isEqualTo(303);
        assertThat(QuarkusTransaction.requiringNew().call(() -> pages.findOrDefaults(page)).shareUserWords()).isFalse();
    }

    @Test
    void answersAPageIdThatCannotNameAPageWithA400Page() {
        String session = signIn();

        Response tooLong = given().cookie(UiSessions.COOKIE, session).get("/ui/pages/" + "1".repeat(65));
        Response nul = given().urlEncodingEnabled(false).cookie(UiSessions.COOKIE, session)
                .get("/ui/pages/12%0034/conversations");

        assertThat(tooLong.statusCode()).isEqualTo(400);
        assertThat(tooLong.asString()).contains("This is not a page");
        assertThat(nul.statusCode()).isEqualTo(400);
    }
}
