package org.handover.handover.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.http.TestHTTPResource;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The base of the settings page's browser tests: one real headless Chromium per test class (Debian's
 * {@code chromium} and {@code chromium-driver}, installed by {@code tools/ensure-chromium} from the build, named
 * explicitly so that Selenium Manager never downloads anything), a fresh profile deleted afterwards, the service's
 * {@link #base} URL, sign-in through the form, waits, and a screenshot per step in {@code target/screenshots/}
 * ({@code <test>-<step>-<what>.png}). A subclass is a {@code @QuarkusTest} with the usual test resources.
 */
abstract class ChromiumBrowserTest {

    static final String CHROMIUM = "/usr/bin/chromium";
    static final String CHROMEDRIVER = "/usr/bin/chromedriver";
    static final Path SCREENSHOTS = Path.of("target", "screenshots");
    static final Duration WAIT = Duration.ofSeconds(20);
    /** ChromeDriver's answer about an element of a document being torn down (see {@link #awaitReplaced}). */
    static final String NODE_LEFT_THE_DOCUMENT = "does not belong to the document";

    static ChromeDriverService service;
    static WebDriver browser;
    static Path profile;

    @TestHTTPResource("/")
    URL base;

    private String testName;
    private int step;

    @BeforeAll
    static void startBrowser() throws IOException {
        assertThat(new File(CHROMIUM)).as("Chromium: run tools/ensure-chromium (apt-get install chromium "
                + "chromium-driver)").canRead();
        assertThat(new File(CHROMEDRIVER)).as("chromedriver: run tools/ensure-chromium (apt-get install "
                + "chromium chromium-driver)").canRead();
        profile = Files.createTempDirectory("handover-ui-chromium");
        Files.createDirectories(SCREENSHOTS);
        service = new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort()
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1100,1600", "--user-data-dir=" + profile);
        browser = new ChromeDriver(service, options);
    }

    @AfterAll
    static void stopBrowser() throws IOException {
        if (browser != null) {
            browser.quit();
            browser = null;
        }
        if (service != null) {
            service.stop();
            service = null;
        }
        if (profile != null) {
            try (var files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
            profile = null;
        }
    }

    @BeforeEach
    void nameScreenshots(TestInfo info) {
        testName = info.getTestMethod().orElseThrow().getName();
        step = 0;
    }

    /** Ends the browser's session: the next page asks to sign in. */
    void signOut() {
        browser.get(base + "ui/login");
        browser.manage().deleteAllCookies();
    }

    /** Signs in with the operator's admin token and waits for the list of pages. */
    void signInWithToken() {
        browser.get(base + "ui/login");
        browser.findElement(By.id("token")).sendKeys(SettingsPageHttpTest.ADMIN_TOKEN);
        browser.findElement(By.id("token-submit")).click();
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.urlContains("/ui/pages"));
    }

    /** Posts the account form and waits until its answer has replaced the form (signed in or refused). */
    void signInAs(String user, String password) {
        browser.get(base + "ui/login");
        browser.findElement(By.id("username")).sendKeys(user);
        browser.findElement(By.id("password")).sendKeys(password);
        WebElement submit = browser.findElement(By.id("account-submit"));
        submit.click();
        awaitReplaced(submit);
    }

    /** Opens {@code path} (relative to the service), signing in with the admin token first when asked to. */
    void open(String path) {
        browser.get(base + path);
        if (browser.getCurrentUrl().contains("/ui/login")) {
            screenshot("sign-in");
            signInWithToken();
            browser.get(base + path);
        }
        assertThat(browser.getCurrentUrl()).doesNotContain("/ui/login");
    }

    /** Clicks {@code button} and waits until the answer has replaced the page it was on. */
    void submit(WebElement button) {
        button.click();
        awaitReplaced(button);
    }

    /**
     * Waits until {@code element}'s document has been replaced by the next one. Selenium's {@code stalenessOf} knows
     * only the stale-element error; while the old document is being torn down, ChromeDriver may answer the same
     * question with an inspector error instead ("Node with given id does not belong to the document"), which means
     * the same thing and must not fail the test.
     */
    void awaitReplaced(WebElement element) {
        new WebDriverWait(browser, WAIT).until(driver -> {
            try {
                element.isEnabled();
                return false;
            } catch (StaleElementReferenceException gone) {
                return true;
            } catch (WebDriverException e) {
                if (String.valueOf(e.getMessage()).contains(NODE_LEFT_THE_DOCUMENT)) {
                    return true;
                }
                throw e;
            }
        });
    }

    WebElement waitFor(By by) {
        return new WebDriverWait(browser, WAIT).until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    /** Replaces what a text field or text area holds with {@code text}. */
    WebElement type(String id, String text) {
        WebElement field = browser.findElement(By.id(id));
        field.clear();
        field.sendKeys(text);
        return field;
    }

    void screenshot(String what) {
        try {
            File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
            Files.copy(shot.toPath(), SCREENSHOTS.resolve(String.format("%s-%02d-%s.png", testName, ++step, what)),
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
