package org.handover.handover.ui;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.handover.handover.domain.BusinessHours;
import org.handover.handover.domain.PageSettings;
import org.handover.handover.repository.PageSettingsRepository;
import org.handover.testsupport.KafkaAndPostgresResource;
import org.junit.jupiter.api.Test;

/**
 * Issue 21, items 3 and 4 on the settings page: the agent no-show, its text, and the business hours are edited with
 * the admin API's validation (errors in the red alert, by the page's labels, what was typed kept, nothing saved), and
 * the no-show text has the same limit as the API and the column. Same test resources as {@link SettingsPageHttpTest}:
 * one Quarkus start.
 */
@QuarkusTest
@WithTestResource(value = KafkaAndPostgresResource.class, initArgs = @ResourceArg(name = "postgres", value = "true"))
@WithTestResource(EmulatorResource.class)
class SettingsPageHoursTest {

    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

    @Inject
    PageSettingsRepository pages;

    private final String page = "TEST_" + UUID.randomUUID();

    private static String signIn() {
        Response response = given().redirects().follow(false).formParam("token", "test-admin-token")
                .post("/ui/login");
        assertThat(response.statusCode()).isEqualTo(303);
        return response.getCookie(UiSessions.COOKIE);
    }

    private String html(String session) {
        return given().cookie(UiSessions.COOKIE, session).get("/ui/pages/" + page).then().statusCode(200).extract()
                .asString();
    }

    private static String csrfOf(String html) {
        Matcher m = CSRF.matcher(html);
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    private PageSettings stored() {
        return QuarkusTransaction.requiringNew().call(() -> pages.find(page)).orElse(null);
    }

    private Response post(String session, String... overrides) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("csrf", csrfOf(html(session)));
        form.put("setupKind", "LEGACY_ROLES");
        form.put("target", "inbox");
        form.put("targetAppId", "");
        form.put("questionText", "Shall I find you a person?");
        form.put("acceptTitle", "Yes, a person");
        form.put("rejectTitle", "No, thanks");
        form.put("confirmationText", "Someone from the newsroom answers you here.");
        form.put("stayWithBotText", "Fine, ask me anything.");
        form.put("botIsBackText", "Back.");
        form.put("honourInboxRequests", "on");
        form.put("idleTimeoutMinutes", "");
        form.put("noShowMinutes", "10");
        form.put("noShowText", "Nobody answered, sorry.");
        form.put("hoursTimeZone", "Europe/Paris");
        form.put("hoursWeekly", "Mon 09:00-12:00, 13:00-17:00\nSat 10:00-14:00");
        form.put("hoursHolidays", "2026-12-25\n2027-01-01");
        form.put("hoursOutside", "OUT_OF_HOURS_TEXT");
        form.put("outOfHoursText", "We are closed now.");
        for (int i = 0; i < overrides.length; i += 2) {
            form.put(overrides[i], overrides[i + 1]);
        }
        return given().redirects().follow(false).cookie(UiSessions.COOKIE, session).formParams(form)
                .post("/ui/pages/" + page);
    }

    @Test
    void savesTheNoShowAndTheHoursAndShowsThemBack() {
        String session = signIn();

        Response saved = post(session);

        assertThat(saved.statusCode()).as(saved.asString()).isEqualTo(303);
        PageSettings s = stored();
        assertThat(s.noShow()).isEqualTo(Duration.ofMinutes(10));
        assertThat(s.noShowText()).isEqualTo("Nobody answered, sorry.");
        assertThat(s.businessHours().zone().getId()).isEqualTo("Europe/Paris");
        assertThat(s.businessHours().weeklyText()).isEqualTo("Mon 09:00-12:00, 13:00-17:00\nSat 10:00-14:00");
        assertThat(s.businessHours().holidaysText()).isEqualTo("2026-12-25\n2027-01-01");
        assertThat(s.businessHours().outside()).isEqualTo(BusinessHours.Outside.OUT_OF_HOURS_TEXT);
        assertThat(s.outOfHoursText()).isEqualTo("We are closed now.");
        String shown = html(session);
        assertThat(shown).contains("id=\"noShowMinutes\" name=\"noShowMinutes\" value=\"10\" min=\"0\" max=\"1440\"")
                .contains(">Mon 09:00-12:00, 13:00-17:00\nSat 10:00-14:00</textarea>")
                .contains("value=\"Europe/Paris\"")
                .contains("value=\"OUT_OF_HOURS_TEXT\" checked")
                .contains("id=\"noShowText\" name=\"noShowText\" maxlength=\"2000\"")
                .contains("id=\"outOfHoursText\" name=\"outOfHoursText\" maxlength=\"2000\"");
    }

    @Test
    void emptyHoursMeanAlwaysOpenAndZeroTurnsTheNoShowOff() {
        String session = signIn();

        post(session, "hoursTimeZone", "", "hoursWeekly", "", "hoursHolidays", "", "noShowMinutes", "0")
                .then().statusCode(303);

        assertThat(stored().businessHours()).isNull();
        assertThat(stored().noShow()).isNull();
        assertThat(html(session)).contains("value=\"NO_HANDOVER\" checked");
    }

    @Test
    void badHoursAreRefusedInTheRedAlertWithWhatWasTypedKept() {
        String session = signIn();

        Response refused = post(session, "hoursTimeZone", "Europe/Pariss",
                "hoursWeekly", "Mon 09:00-12:00, 11:00-14:00\nTue 18:00-08:00\nFunday 10:00-11:00",
                "hoursHolidays", "2026-13-01", "noShowMinutes", "ten");

        assertThat(refused.statusCode()).isEqualTo(422);
        String body = refused.asString();
        assertThat(body).contains("role=\"alert\"").contains("Nothing was saved")
                .contains("<li>Agent no-show (minutes): must be a whole number of minutes, 0 for off.</li>")
                .contains("<li>Weekly hours: line 3: write a day and its hours, e.g. Mon 09:00-12:00, 13:00-17:00.</li>")
                .contains("<li>Time zone: &quot;Europe/Pariss&quot; is not a known time zone")
                .contains("<li>Weekly hours: Tue 18:00-08:00: ends before it starts")
                .contains("<li>Weekly hours: Mon 09:00-12:00 and Mon 11:00-14:00 overlap.</li>")
                .contains("<li>Holidays: &quot;2026-13-01&quot; is not a date YYYY-MM-DD.</li>")
                .contains(">Mon 09:00-12:00, 11:00-14:00\nTue 18:00-08:00\nFunday 10:00-11:00</textarea>")
                .contains("value=\"Europe/Pariss\"");
        assertThat(stored()).as("nothing saved").isNull();
    }

    @Test
    void theOutOfHoursTextIsRequiredWhenChosen() {
        Response refused = post(signIn(), "outOfHoursText", " ");

        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(refused.asString()).contains(
                "<li>Out-of-hours message: required when the out-of-hours text is sent outside the hours.</li>");
        assertThat(stored()).isNull();
    }

    @Test
    void theNoShowTextTakesItsLimitAndRefusesOneCharacterMore() {
        String session = signIn();
        // Plain letters: the form is posted as ISO-8859-1 here (the API test counts an emoji as one character).
        String atLimit = "x".repeat(PageSettings.TEXT_MAX);

        Response past = post(session, "noShowText", atLimit + "x");
        assertThat(past.statusCode()).isEqualTo(422);
        assertThat(past.asString()).contains("<li>Message after an agent&#39;s no-show: at most 2000 characters.</li>");
        assertThat(stored()).isNull();

        post(session, "noShowText", atLimit).then().statusCode(303);
        assertThat(stored().noShowText()).isEqualTo(atLimit);
    }
}
