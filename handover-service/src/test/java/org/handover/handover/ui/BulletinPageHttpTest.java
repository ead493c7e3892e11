package org.handover.handover.ui;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.handover.handover.domain.ConversationStates;
import org.handover.handover.repository.ConversationRepository;
import org.handover.testsupport.KafkaAndPostgresResource;
import org.junit.jupiter.api.Test;

/**
 * The settings page's bulletins view at the HTTP level: compose with a preview first, send (scheduled), see its
 * progress in the list, cancel it; every post needs the session's CSRF token; invalid input comes back in the red
 * alert with what was typed. Same test resources as the other settings-page tests, so they share one Quarkus start.
 */
@QuarkusTest
@WithTestResource(value = KafkaAndPostgresResource.class, initArgs = @ResourceArg(name = "postgres", value = "true"))
@WithTestResource(EmulatorResource.class)
class BulletinPageHttpTest {

    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

    @Inject
    ConversationRepository conversations;

    private static String signIn() {
        Response response = given().redirects().follow(false).formParam("token", "test-admin-token")
                .post("/ui/login");
        assertThat(response.statusCode()).isEqualTo(303);
        return response.getCookie(UiSessions.COOKIE);
    }

    private static String csrfOf(String html) {
        Matcher m = CSRF.matcher(html);
        assertThat(m.find()).as("a CSRF field in the page").isTrue();
        return m.group(1);
    }

    @Test
    void composePreviewScheduleAndCancelABulletin() {
        String page = "TEST_" + UUID.randomUUID();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        QuarkusTransaction.requiringNew().run(() -> {
            conversations.lock(page, "u1", "220000000000002", now);
            conversations.save(ConversationStates.botOwned(page, "u1", "220000000000002").lastUserActivityAt(now)
                    .ownerSince(now).build(), now);
        });
        String session = signIn();
        String path = "/ui/pages/" + page + "/bulletins";
        String empty = given().cookie(UiSessions.COOKIE, session).get(path).then().statusCode(200).extract()
                .asString();
        assertThat(empty).contains("id=\"compose\"", "id=\"none\"", "href=\"/ui/pages/" + page + "/bulletins\"");
        String csrf = csrfOf(empty);

        String preview = given().cookie(UiSessions.COOKIE, session).formParam("csrf", csrf)
                .formParam("text", "Open late on Friday").formParam("quickReplies", "Opening hours | OPENING_HOURS")
                .formParam("audience", "WINDOW").formParam("action", "preview").post(path).then().statusCode(200)
                .extract().asString();
        assertThat(preview).contains("id=\"preview\"", "<strong>UPDATE</strong>", "1 conversations: 1 inside",
                "[Opening hours]");

        Response sent = given().redirects().follow(false).cookie(UiSessions.COOKIE, session).formParam("csrf", csrf)
                .formParam("text", "Open late on Friday").formParam("audience", "WINDOW")
                .formParam("sendAt", now.plus(1, ChronoUnit.DAYS).toString()).formParam("action", "send")
                .post(path);
        assertThat(sent.statusCode()).isEqualTo(303);
        String listed = given().cookie(UiSessions.COOKIE, session).get(sent.header("Location")).then()
                .statusCode(200).extract().asString();
        assertThat(listed).contains("id=\"notice\"", "Open late on Friday", "SCHEDULED", "aria-label=\"Cancel the");
        Matcher cancel = Pattern.compile("action=\"(" + Pattern.quote(path) + "/[0-9a-f-]+/cancel)\"").matcher(listed);
        assertThat(cancel.find()).isTrue();

        assertThat(given().redirects().follow(false).cookie(UiSessions.COOKIE, session).formParam("csrf", "forged")
                .post(cancel.group(1)).statusCode()).isEqualTo(403);
        Response cancelled = given().redirects().follow(false).cookie(UiSessions.COOKIE, session)
                .formParam("csrf", csrf).post(cancel.group(1));
        assertThat(cancelled.statusCode()).isEqualTo(303);
        assertThat(given().cookie(UiSessions.COOKIE, session).get(cancelled.header("Location")).then()
                .statusCode(200).extract().asString()).contains("CANCELLED").doesNotContain("aria-label=\"Cancel the");
    }

    @Test
    void anInvalidBulletinIsShownAgainWithWhatIsWrong() {
        String page = "TEST_" + UUID.randomUUID();
        String session = signIn();
        String path = "/ui/pages/" + page + "/bulletins";
        String csrf = csrfOf(given().cookie(UiSessions.COOKIE, session).get(path).then().statusCode(200).extract()
                .asString());
        String refused = given().cookie(UiSessions.COOKIE, session).formParam("csrf", csrf)
                .formParam("text", "Sale this week").formParam("audience", "TAGGED").formParam("tag", "")
                .formParam("quickReplies", "no bar here").formParam("action", "send").post(path).then()
                .statusCode(422).extract().asString();
        assertThat(refused).contains("id=\"errors\"", "Quick replies, line 1", "Sale this week");
        String tagged = given().cookie(UiSessions.COOKIE, session).formParam("csrf", csrf)
                .formParam("text", "Sale this week").formParam("audience", "TAGGED").formParam("action", "send")
                .post(path).then().statusCode(422).extract().asString();
        assertThat(tagged).contains("tag: one of", "policy: required");
        assertThat(given().cookie(UiSessions.COOKIE, session).formParam("csrf", "forged").formParam("text", "x")
                .post(path).statusCode()).isEqualTo(403);
    }
}
