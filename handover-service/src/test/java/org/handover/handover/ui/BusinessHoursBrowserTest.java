package org.handover.handover.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.handover.handover.domain.BusinessHours;
import org.handover.handover.domain.PageSettings;
import org.handover.handover.repository.PageSettingsRepository;
import org.handover.testsupport.KafkaAndPostgresResource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The business hours and the agent no-show on the settings page in a real headless Chromium (issue 21 items 3, 4
 * and 8): a page admin types the no-show minutes and text, a time zone, weekly hours, holidays and the out-of-hours
 * choice; bad hours come back in the red alert with what was typed kept and nothing saved; once corrected they are
 * saved, shown back and audited. {@link SettingsPageHoursTest} covers every refusal at the HTTP level.
 */
@QuarkusTest
@WithTestResource(value = KafkaAndPostgresResource.class, initArgs = @ResourceArg(name = "postgres", value = "true"))
@WithTestResource(EmulatorResource.class)
class BusinessHoursBrowserTest extends ChromiumBrowserTest {

    @Inject
    PageSettingsRepository pages;

    @BeforeEach
    void signedOut() {
        signOut();
    }

    /** A page id of this test's own (prefix 98), never one another test uses. */
    private static String newPage() {
        return "98" + String.format("%013d", Math.abs(UUID.randomUUID().getLeastSignificantBits() % 10_000_000_000_000L));
    }

    @Test
    void aPageAdminSetsHoursHolidaysAndNoShowSeesBadHoursInRedThenSaves() {
        String user = AccessPerPageTest.newUser();
        String page = newPage();
        AccessPerPageTest.createAccount(user, page);
        signInAs(user, AccessPerPageTest.PASSWORD);
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.urlContains("/ui/pages"));
        browser.findElement(By.linkText(page)).click();
        waitFor(By.id("noShowMinutes"));
        screenshot("defaults");
        assertThat(browser.findElement(By.id("hoursOutside-none")).isSelected()).as("the default").isTrue();

        type("noShowMinutes", "10");
        type("noShowText", "Nobody from the newsroom answered in time, sorry. I am back.");
        type("hoursTimeZone", "Europe/Pariss");
        type("hoursWeekly", "Mon 09:00-12:00, 11:00-14:00\nTue 18:00-08:00");
        type("hoursHolidays", "2026-13-01");
        browser.findElement(By.id("hoursOutside-text")).click();
        type("outOfHoursText", "We are closed now: write to us and we answer tomorrow.");
        screenshot("typed-with-mistakes");
        submit(browser.findElement(By.id("save")));

        WebElement error = waitFor(By.id("error"));
        screenshot("refused-in-red");
        assertThat(error.getAttribute("role")).isEqualTo("alert");
        assertThat(error.getCssValue("color")).isEqualTo("rgba(160, 24, 24, 1)");
        assertThat(error.findElements(By.tagName("li"))).extracting(WebElement::getText).containsExactlyInAnyOrder(
                "Time zone: \"Europe/Pariss\" is not a known time zone (use an IANA name such as Europe/Paris).",
                "Weekly hours: Mon 09:00-12:00 and Mon 11:00-14:00 overlap.",
                "Weekly hours: Tue 18:00-08:00: ends before it starts (split a span over midnight in two).",
                "Holidays: \"2026-13-01\" is not a date YYYY-MM-DD.");
        assertThat(error.getText()).startsWith("Nothing was saved");
        assertThat(browser.findElements(By.id("notice"))).isEmpty();
        assertThat(value("hoursTimeZone")).isEqualTo("Europe/Pariss");
        assertThat(value("hoursWeekly")).isEqualTo("Mon 09:00-12:00, 11:00-14:00\nTue 18:00-08:00");
        assertThat(value("hoursHolidays")).isEqualTo("2026-13-01");
        assertThat(value("noShowMinutes")).isEqualTo("10");
        assertThat(browser.findElement(By.id("hoursOutside-text")).isSelected()).isTrue();
        assertThat(stored(page)).as("nothing saved").isEmpty();

        type("hoursTimeZone", "Europe/Paris");
        type("hoursWeekly", "Mon 09:00-12:00, 13:00-17:00\nSat 10:00-14:00");
        type("hoursHolidays", "2026-12-25\n2027-01-01");
        submit(browser.findElement(By.id("save")));

        WebElement notice = waitFor(By.id("notice"));
        screenshot("saved");
        assertThat(notice.getText()).isEqualTo("Settings saved. The Handover Protocol is not active.");
        assertThat(browser.findElements(By.id("error"))).isEmpty();
        assertThat(value("hoursTimeZone")).isEqualTo("Europe/Paris");
        assertThat(value("hoursWeekly")).isEqualTo("Mon 09:00-12:00, 13:00-17:00\nSat 10:00-14:00");
        assertThat(value("hoursHolidays")).isEqualTo("2026-12-25\n2027-01-01");
        assertThat(value("noShowMinutes")).isEqualTo("10");
        assertThat(browser.findElement(By.id("hoursOutside-text")).isSelected()).isTrue();
        assertThat(browser.findElement(By.id("audit")).getText()).contains(user).contains("settings_saved");
        PageSettings s = stored(page).orElseThrow();
        assertThat(s.noShow()).isEqualTo(Duration.ofMinutes(10));
        assertThat(s.noShowText()).isEqualTo("Nobody from the newsroom answered in time, sorry. I am back.");
        assertThat(s.businessHours().zone().getId()).isEqualTo("Europe/Paris");
        assertThat(s.businessHours().weeklyText()).isEqualTo("Mon 09:00-12:00, 13:00-17:00\nSat 10:00-14:00");
        assertThat(s.businessHours().holidaysText()).isEqualTo("2026-12-25\n2027-01-01");
        assertThat(s.businessHours().outside()).isEqualTo(BusinessHours.Outside.OUT_OF_HOURS_TEXT);
        assertThat(s.outOfHoursText()).isEqualTo("We are closed now: write to us and we answer tomorrow.");
    }

    private String value(String id) {
        return browser.findElement(By.id(id)).getAttribute("value");
    }

    private Optional<PageSettings> stored(String page) {
        return QuarkusTransaction.requiringNew().call(() -> pages.find(page));
    }
}
