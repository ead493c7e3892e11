package org.handover.handover.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.handover.contracts.EventClass;
import org.handover.contracts.Messenger;
import org.handover.contracts.Owner;
import org.handover.handover.domain.StepFact;
import org.handover.handover.domain.TransitionRecord;
import org.handover.handover.repository.ConversationStepRepository;
import org.handover.handover.repository.TransitionRepository;
import org.handover.testsupport.KafkaAndPostgresResource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The handover analytics on the settings page in a real headless Chromium (issue 21 items 6 and 8), as
 * {@link AdminPagesBrowserTest}: the chart (server-rendered SVG: two bars per day) and the figures of the page's
 * history, another period chosen, a period that cannot be read in the red alert, and a page admin refused another
 * page's analytics. Every step leaves a screenshot in {@code target/screenshots/}.
 */
@QuarkusTest
@WithTestResource(value = KafkaAndPostgresResource.class, initArgs = @ResourceArg(name = "postgres", value = "true"))
@WithTestResource(EmulatorResource.class)
class AnalyticsBrowserTest extends ChromiumBrowserTest {

    @Inject
    TransitionRepository transitions;

    @Inject
    ConversationStepRepository steps;

    @BeforeEach
    void signedOut() {
        signOut();
    }

    @Test
    void theChartAndTheFiguresShowThePagesHistoryAndABadPeriodIsRed() {
        String page = AccessPerPageTest.newPage();
        Instant at = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        QuarkusTransaction.requiringNew().run(() -> {
            for (String psid : List.of("u1", "u2", "u3")) {
                steps.record(page, psid, new StepFact(page + psid + ":t", EventClass.FREE_TEXT, "message",
                        StepFact.Actor.USER, "asked", null, at), at);
            }
            transitions.record(page, "u1", new TransitionRecord(Owner.BOT, Owner.AGENT, Messenger.PAGE_INBOX_APP_ID,
                    1, "user_accepted", page + "u1:a", at.plusSeconds(5), at.plusSeconds(5)));
            steps.record(page, "u1", new StepFact(page + "u1:e", EventClass.AGENT_ACTIVITY, "message_echo",
                    StepFact.Actor.AGENT, "agent_activity", null, at.plusSeconds(95)), at.plusSeconds(95));
        });
        signInWithToken();

        browser.get(base + "ui/pages/" + page);
        waitFor(By.linkText("Analytics")).click();
        WebElement chart = waitFor(By.id("chart"));
        screenshot("last-7-days");
        assertThat(chart.getAttribute("aria-label"))
                .isEqualTo("Conversations and handovers per day: 3 conversations and 1 passed to an agent over 7 days");
        assertThat(browser.findElements(By.cssSelector("#chart rect.bar.conversations"))).hasSize(7);
        assertThat(browser.findElements(By.cssSelector("#chart rect.bar.handovers"))).hasSize(7);
        assertThat(figure("conversations")).isEqualTo("3");
        assertThat(figure("handed-over")).isEqualTo("1 (33 %)");
        assertThat(figure("deflected")).isEqualTo("2 (67 %)");
        assertThat(figure("first-reply")).isEqualTo("median 1 min 30 s, average 1 min 30 s (1 of 1 handovers answered)");
        assertThat(figure("with-agent")).isEqualTo("none measured (0 ended, 1 still with an agent)");

        String today = Instant.now().toString().substring(0, 10);
        setPeriod(today, today);
        chart = waitFor(By.id("chart"));
        screenshot("today");
        assertThat(browser.findElements(By.cssSelector("#chart rect.bar.conversations"))).hasSize(1);
        assertThat(browser.findElement(By.id("from")).getAttribute("value")).isEqualTo(today);

        setPeriod("2026-12-31", "2026-01-01");
        WebElement error = waitFor(By.id("error"));
        screenshot("bad-period");
        assertThat(error.getAttribute("role")).isEqualTo("alert");
        assertThat(error.getText()).contains("The period cannot be shown: from: must be before to.");
        assertThat(browser.findElement(By.id("from")).getAttribute("value")).isEqualTo("2026-12-31");
        assertThat(browser.findElements(By.id("chart"))).isEmpty();
    }

    @Test
    void aPageAdminGetsTheRedErrorOnAnotherPagesAnalytics() {
        String user = AccessPerPageTest.newUser();
        String mine = AccessPerPageTest.newPage();
        String other = AccessPerPageTest.newPage();
        AccessPerPageTest.createAccount(user, mine);
        signInAs(user, AccessPerPageTest.PASSWORD);
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.urlContains("/ui/pages"));

        browser.get(base + "ui/pages/" + mine + "/analytics");
        assertThat(waitFor(By.id("chart")).getAttribute("aria-label")).contains("0 conversations");
        screenshot("my-page");

        browser.get(base + "ui/pages/" + other + "/analytics");
        WebElement error = waitFor(By.id("error"));
        screenshot("another-page-refused");
        assertThat(error.getAttribute("role")).isEqualTo("alert");
        assertThat(error.getText()).contains("Your account may not manage this page");
        assertThat(browser.findElements(By.id("chart"))).isEmpty();
    }

    private void setPeriod(String from, String to) {
        WebElement fromField = browser.findElement(By.id("from"));
        fromField.clear();
        fromField.sendKeys(from);
        WebElement toField = browser.findElement(By.id("to"));
        toField.clear();
        toField.sendKeys(to);
        WebElement show = browser.findElement(By.id("show"));
        submit(show);
    }

    private String figure(String id) {
        return browser.findElement(By.cssSelector("#figure-" + id + " td")).getText();
    }
}
