package org.handover.handover.ui;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.handover.testsupport.KafkaAndPostgresResource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Access per page and the default messages in a real headless Chromium (issue 21 item 8), as
 * {@link SettingsPageBrowserTest}: a page admin signs in, sees only its page and gets the red error on another's;
 * wrong passwords end in the red lock; default messages are previewed, saved, and refused in the red alert. Every
 * step leaves a screenshot in {@code target/screenshots/}.
 */
@QuarkusTest
@WithTestResource(value = KafkaAndPostgresResource.class, initArgs = @ResourceArg(name = "postgres", value = "true"))
@WithTestResource(EmulatorResource.class)
class AdminPagesBrowserTest extends ChromiumBrowserTest {

    @InjectEmulator
    WireMockServer bot;

    @BeforeEach
    void signedOut() {
        signOut();
    }

    @Test
    void aPageAdminSeesOnlyItsPageAndGetsTheRedErrorOnAnother() {
        String user = AccessPerPageTest.newUser();
        String mine = AccessPerPageTest.newPage();
        String other = AccessPerPageTest.newPage();
        AccessPerPageTest.createAccount(user, mine);

        signInAs(user, AccessPerPageTest.PASSWORD);
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.urlContains("/ui/pages"));
        screenshot("my-pages");
        assertThat(browser.findElement(By.tagName("table")).getText()).contains(mine).doesNotContain(other);

        browser.findElement(By.linkText(mine)).click();
        WebElement question = waitFor(By.id("questionText"));
        question.clear();
        question.sendKeys("Shall I find you someone?");
        browser.findElement(By.id("save")).click();
        waitFor(By.id("notice"));
        assertThat(browser.findElement(By.id("audit")).getText()).contains(user).contains("settings_saved");
        assertThat(browser.findElement(By.id("signed-in-as")).getText()).isEqualTo(user);
        screenshot("saved-and-audited");

        browser.get(base + "ui/pages/" + other);
        WebElement error = waitFor(By.id("error"));
        screenshot("another-page-refused");
        assertThat(error.getAttribute("role")).isEqualTo("alert");
        assertThat(error.getText()).contains("Your account may not manage this page");
    }

    @Test
    void wrongPasswordsShowTheRedErrorThenTheLock() {
        String user = AccessPerPageTest.newUser();
        AccessPerPageTest.createAccount(user, AccessPerPageTest.newPage());

        signInAs(user, "not the password");
        assertThat(waitFor(By.id("error")).getText()).contains("do not match an account");
        screenshot("wrong-password");
        for (int i = 2; i <= 5; i++) {
            signInAs(user, "not the password " + i);
        }
        WebElement error = waitFor(By.id("error"));
        screenshot("locked");
        assertThat(error.getText()).contains("Too many failed sign-ins").contains("locked until");
        assertThat(browser.findElement(By.id("username")).getAttribute("value")).isEqualTo(user);
    }

    @Test
    void defaultMessagesArePreviewedThenSavedAndARefusalIsShownInRed() {
        String page = AccessPerPageTest.newPage();
        DefaultMessagesPageTest.stubCatalog(bot, page);
        bot.stubFor(put(urlEqualTo("/admin/catalogs/" + page)).withRequestBody(containing("14 quick replies"))
                .atPriority(1).willReturn(aResponse().withStatus(422).withHeader("Content-Type", "application/json")
                        .withBody("{\"errors\":[\"answers[0].quickReplies: at most 13 quick replies\"]}")));
        bot.stubFor(put(urlEqualTo("/admin/catalogs/" + page)).atPriority(5).willReturn(okJson(
                "{\"pageId\":\"" + page + "\",\"revision\":4,\"updatedAt\":\"2026-12-01T10:01:00Z\"}")));
        signInWithToken();

        browser.get(base + "ui/pages/" + page + "/messages");
        assertThat(waitFor(By.id("preview")).getText()).contains("We deliver in 2 days.");
        screenshot("stored");
        WebElement text = browser.findElement(By.id("a0.text"));
        text.clear();
        text.sendKeys("We deliver in 1 day.");
        browser.findElement(By.id("preview-button")).click();
        assertThat(waitFor(By.id("preview")).getText()).contains("Preview of what you typed")
                .contains("We deliver in 1 day.");
        screenshot("preview");
        bot.verify(0, putRequestedFor(urlEqualTo("/admin/catalogs/" + page)));

        browser.findElement(By.id("save")).click();
        assertThat(waitFor(By.id("notice")).getText()).startsWith("Default messages saved.");
        screenshot("saved");
        bot.verify(1, putRequestedFor(urlEqualTo("/admin/catalogs/" + page))
                .withRequestBody(containing("We deliver in 1 day.")));

        text = browser.findElement(By.id("a0.text"));
        text.clear();
        text.sendKeys("Now with 14 quick replies");
        browser.findElement(By.id("save")).click();
        WebElement error = waitFor(By.id("error"));
        screenshot("refused");
        assertThat(error.getAttribute("role")).isEqualTo("alert");
        assertThat(error.getText()).contains("Nothing was saved")
                .contains("Answer 1, quickReplies: at most 13 quick replies");
        assertThat(browser.findElement(By.id("a0.text")).getAttribute("value")).isEqualTo("Now with 14 quick replies");
    }
}
