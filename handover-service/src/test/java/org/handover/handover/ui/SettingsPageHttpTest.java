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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.handover.handover.domain.PageSettings;
import org.handover.handover.repository.PageSettingsRepository;
import org.handover.service.support.jdbc.Sql;
import org.handover.testsupport.KafkaAndPostgresResource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The settings page at the HTTP level (no browser): sign-in, the session cookie, CSRF, validation errors shown in the
 * form, and no secret in any page. Same test resources as {@link SettingsPageBrowserTest}, so both run on one
 * Quarkus start.
 */
@QuarkusTest
@WithTestResource(value = KafkaAndPostgresResource.class, initArgs = @ResourceArg(name = "postgres", value = "true"))
@WithTestResource(EmulatorResource.class)
class SettingsPageHttpTest {

    static final String ADMIN_TOKEN = "test-admin-token";
    static final String PAGE = EmulatorResource.PAGE_REST;
    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

    @Inject
    PageSettingsRepository pages;

    @Inject
    Sql sql;

    @BeforeEach
    void forgetThePage() {
        QuarkusTransaction.requiringNew().run(() -> sql.update("delete from page_settings where page_id = ?", PAGE));
    }

    private static String signIn() {
        Response response = given().redirects().follow(false).formParam("token", ADMIN_TOKEN).post("/ui/login");
        assertThat(response.statusCode()).isEqualTo(303);
        return response.getCookie(UiSessions.COOKIE);
    }

    private static String csrfOf(String html) {
        Matcher m = CSRF.matcher(html);
        assertThat(m.find()).as("a CSRF field in the page").isTrue();
        return m.group(1);
    }

    private static String settingsHtml(String session) {
        return given().cookie(UiSessions.COOKIE, session).get("/ui/pages/" + PAGE).then().statusCode(200).extract()
                .asString();
    }

    private PageSettings stored() {
        return QuarkusTransaction.requiringNew().call(() -> pages.find(PAGE)).orElse(null);
    }

    private static io.restassured.specification.RequestSpecification validForm(String session, String csrf,
            String... overrides) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("csrf", csrf);
        form.put("setupKind", "LEGACY_ROLES");
        form.put("target", "inbox");
        form.put("targetAppId", "");
        form.put("questionText", "Shall I find you a person?");
        form.put("acceptTitle", "Yes, a person");
        form.put("rejectTitle", "No, thanks");
        form.put("confirmationText", "Someone from the newsroom answers you here.");
        form.put("stayWithBotText", "Fine, ask me anything.");
        form.put("botIsBackText", "");
        form.put("honourInboxRequests", "on");
        form.put("idleTimeoutMinutes", "45");
        for (int i = 0; i < overrides.length; i += 2) {
            form.put(overrides[i], overrides[i + 1]);
        }
        return given().redirects().follow(false).cookie(UiSessions.COOKIE, session).formParams(form);
    }

    @Test
    void everyPageNeedsASignIn() {
        for (String path : new String[] {"/ui/pages", "/ui/pages/" + PAGE, "/ui/pages/" + PAGE + "/conversations"}) {
            Response response = given().redirects().follow(false).get(path);
            assertThat(response.statusCode()).as(path).isEqualTo(303);
            assertThat(response.header("Location")).as(path).endsWith("/ui/login");
        }
        Response post = given().redirects().follow(false).formParam("questionText", "x").post("/ui/pages/" + PAGE);
        assertThat(post.statusCode()).isEqualTo(303);
        assertThat(stored()).isNull();
    }

    @Test
    void aForgedOrTamperedSessionIsRefused() {
        String session = signIn();
        String tampered = session.substring(0, session.length() - 2) + (session.endsWith("AA") ? "BB" : "AA");
        String longer = (Long.parseLong(session.substring(0, session.indexOf('.'))) + 3600)
                + session.substring(session.indexOf('.'));

        for (String cookie : new String[] {tampered, longer, ADMIN_TOKEN, "garbage"}) {
            Response response = given().redirects().follow(false).cookie(UiSessions.COOKIE, cookie).get("/ui/pages");
            assertThat(response.statusCode()).as(cookie).isEqualTo(303);
            assertThat(response.header("Location")).endsWith("/ui/login?expired=true");
        }
    }

    @Test
    void aWrongTokenGetsAClearErrorAndNoSession() {
        Response response = given().redirects().follow(false).formParam("token", "test-admin-tokem")
                .post("/ui/login");

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.getCookie(UiSessions.COOKIE)).isNull();
        assertThat(response.asString()).contains("role=\"alert\"").contains("That admin token is not right")
                .doesNotContain("test-admin-tokem").doesNotContain(ADMIN_TOKEN);
    }

    @Test
    void theSessionCookieIsHttpOnlyStrictAndNotTheToken() {
        Response response = given().redirects().follow(false).formParam("token", ADMIN_TOKEN).post("/ui/login");

        String setCookie = response.header("Set-Cookie");
        assertThat(response.header("Location")).endsWith("/ui/pages");
        assertThat(setCookie).startsWith(UiSessions.COOKIE + "=").contains("HttpOnly").containsIgnoringCase(
                "SameSite=Strict").contains("Path=/ui").doesNotContain(ADMIN_TOKEN);
        // The session does not open the JSON admin API: that keeps its bearer token.
        given().cookie(UiSessions.COOKIE, response.getCookie(UiSessions.COOKIE)).get("/admin/pages/" + PAGE
                + "/settings").then().statusCode(401);
    }

    @Test
    void aFormWithoutTheSessionsCsrfTokenChangesNothing() {
        String session = signIn();
        String otherSessionsCsrf = csrfOf(settingsHtml(signIn()));

        Response missing = validForm(session, "").post("/ui/pages/" + PAGE);
        Response foreign = validForm(session, otherSessionsCsrf).post("/ui/pages/" + PAGE);

        assertThat(missing.statusCode()).isEqualTo(403);
        assertThat(foreign.statusCode()).isEqualTo(403);
        assertThat(missing.asString()).contains("role=\"alert\"").contains("nothing was changed");
        assertThat(stored()).isNull();
    }

    @Test
    void aValidFormIsSavedThenShownAgain() {
        String session = signIn();
        String csrf = csrfOf(settingsHtml(session));

        Response response = validForm(session, csrf).post("/ui/pages/" + PAGE);

        assertThat(response.statusCode()).isEqualTo(303);
        assertThat(response.header("Location")).endsWith("/ui/pages/" + PAGE + "?saved=true");
        PageSettings saved = stored();
        assertThat(saved.questionText()).isEqualTo("Shall I find you a person?");
        assertThat(saved.idleTimeout()).hasMinutes(45);
        assertThat(saved.botIsBackText()).isNull();
        assertThat(saved.handoverActive()).isFalse();
        String html = given().cookie(UiSessions.COOKIE, session).get(response.header("Location")).asString();
        assertThat(html).contains("Settings saved. The Handover Protocol is not active.")
                .contains("Someone from the newsroom answers you here.");
    }

    @Test
    void anInvalidFormIsShownAgainWithTheErrorsAndNothingSaved() {
        String session = signIn();
        String csrf = csrfOf(settingsHtml(session));

        Response response = validForm(session, csrf, "acceptTitle", "Yes, a person right now", "target", "app",
                "targetAppId", "not-an-id", "idleTimeoutMinutes", "soon",
                "questionText", "Talk to \"us\" <b>now</b>?").post("/ui/pages/" + PAGE);

        assertThat(response.statusCode()).isEqualTo(422);
        String html = response.asString();
        assertThat(html).contains("role=\"alert\"").contains("Nothing was saved")
                .contains("Answer that accepts: at most 20 characters.")
                .contains("Target app id: must be a numeric app id")
                .contains("Idle timeout: must be a whole number of minutes")
                // what was typed stays in the form
                .contains("value=\"Yes, a person right now\"").contains("value=\"not-an-id\"")
                // and is escaped: no markup of the admin's reaches the page
                .contains("Talk to &quot;us&quot; &lt;b&gt;now&lt;/b&gt;?").doesNotContain("<b>now</b>");
        assertThat(stored()).isNull();
    }

    @Test
    void noSecretIsEverRendered() {
        String session = signIn();
        String csrf = csrfOf(settingsHtml(session));
        Response activated = validForm(session, csrf, "handoverActive", "on").post("/ui/pages/" + PAGE);
        assertThat(activated.statusCode()).isEqualTo(303);
        assertThat(stored().handoverActive()).isTrue();

        String list = given().cookie(UiSessions.COOKIE, session).get("/ui/pages").then().statusCode(200).extract()
                .asString();
        String settings = settingsHtml(session);
        String conversations = given().cookie(UiSessions.COOKIE, session).get("/ui/pages/" + PAGE + "/conversations")
                .then().statusCode(200).extract().asString();

        assertThat(list).contains(PAGE);
        assertThat(settings).contains("The Handover Protocol is").contains("maxlength=\"20\"");
        for (String html : new String[] {list, settings, conversations}) {
            assertThat(html).doesNotContain(ADMIN_TOKEN).doesNotContain(EmulatorResource.APP_SECRET)
                    .doesNotContain("test-token-").doesNotContain("ui-test-page-token-");
        }
    }

    @Test
    void givingBackAConversationNoAgentHoldsSaysSo() {
        String session = signIn();
        String csrf = csrfOf(given().cookie(UiSessions.COOKIE, session).get("/ui/pages/" + PAGE + "/conversations")
                .asString());

        Response response = given().redirects().follow(false).cookie(UiSessions.COOKIE, session)
                .formParam("csrf", csrf).post("/ui/pages/" + PAGE + "/conversations/nobody-1/give-back");
        Response forged = given().redirects().follow(false).cookie(UiSessions.COOKIE, session)
                .post("/ui/pages/" + PAGE + "/conversations/nobody-1/give-back");

        assertThat(response.statusCode()).isEqualTo(409);
        assertThat(response.asString()).contains("role=\"alert\"")
                .contains("The conversation with user nobody-1 is not held by an agent any more");
        assertThat(forged.statusCode()).isEqualTo(403);
    }

    @Test
    void signingOutRemovesTheCookieOnlyWithTheSessionsForm() {
        String session = signIn();
        String csrf = csrfOf(settingsHtml(session));

        Response forged = given().redirects().follow(false).cookie(UiSessions.COOKIE, session).post("/ui/logout");
        Response out = given().redirects().follow(false).cookie(UiSessions.COOKIE, session).formParam("csrf", csrf)
                .post("/ui/logout");

        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(out.statusCode()).isEqualTo(303);
        assertThat(out.header("Location")).endsWith("/ui/login?out=true");
        assertThat(out.header("Set-Cookie")).startsWith(UiSessions.COOKIE + "=").contains("Max-Age=0")
                .doesNotContain(session);
    }
}
