package org.handover.handover.ui;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.handover.handover.domain.AuditEntry;
import org.handover.handover.domain.PageSettings;
import org.handover.handover.repository.AdminAccountRepository;
import org.handover.handover.repository.AdminAccountRepository.StoredAccount;
import org.handover.handover.repository.PageSettingsRepository;
import org.handover.handover.repository.SettingsAuditRepository;
import org.handover.testsupport.KafkaAndPostgresResource;
import org.junit.jupiter.api.Test;

/**
 * Access per page (issue 21 item 7), through the settings page and the admin API: accounts created by the operator,
 * passwords kept as bcrypt hashes, sign-ins throttled, a page admin kept to its pages, the operator's token still
 * working, and every change audited and shown. Same test resources as {@link SettingsPageHttpTest} (one start).
 */
@QuarkusTest
@WithTestResource(value = KafkaAndPostgresResource.class, initArgs = @ResourceArg(name = "postgres", value = "true"))
@WithTestResource(EmulatorResource.class)
class AccessPerPageTest {

    static final String PASSWORD = "correct horse battery";
    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

    @Inject
    AdminAccountRepository accounts;

    @Inject
    PageSettingsRepository pages;

    @Inject
    SettingsAuditRepository audit;

    /** A fresh page id of the 93... range (no test uses them otherwise). */
    static String newPage() {
        return "93" + String.format("%013d", Math.abs(UUID.randomUUID().getLeastSignificantBits() % 10_000_000_000_000L));
    }

    static String newUser() {
        return "admin-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** The operator creates an account with these pages. */
    static void createAccount(String user, String... pageIds) {
        given().auth().oauth2(SettingsPageHttpTest.ADMIN_TOKEN).contentType(ContentType.JSON)
                .body(Map.of("password", PASSWORD, "pages", List.of(pageIds))).put("/admin/accounts/" + user)
                .then().statusCode(200);
    }

    static String signIn(String user, String password) {
        Response response = given().redirects().follow(false).formParam("username", user)
                .formParam("password", password).post("/ui/login");
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(303);
        return response.getCookie(UiSessions.COOKIE);
    }

    static String csrfOf(String html) {
        Matcher m = CSRF.matcher(html);
        assertThat(m.find()).as("a CSRF field in the page").isTrue();
        return m.group(1);
    }

    private PageSettings stored(String page) {
        return QuarkusTransaction.requiringNew().call(() -> pages.find(page)).orElse(null);
    }

    private static Map<String, String> form(String csrf, String question) {
        return Map.ofEntries(Map.entry("csrf", csrf), Map.entry("setupKind", "LEGACY_ROLES"),
                Map.entry("target", "inbox"), Map.entry("targetAppId", ""), Map.entry("questionText", question),
                Map.entry("acceptTitle", "Yes, a person"), Map.entry("rejectTitle", "No, thanks"),
                Map.entry("confirmationText", "Someone answers you here."),
                Map.entry("stayWithBotText", "Fine, ask me anything."), Map.entry("botIsBackText", ""),
                Map.entry("idleTimeoutMinutes", ""));
    }

    @Test
    void theOperatorCreatesAccountsWhosePasswordsAreKeptOnlyAsBcryptHashes() {
        String user = newUser();
        String page = newPage();

        createAccount(user, page);

        String hash = QuarkusTransaction.requiringNew().call(() -> accounts.account(user)).orElseThrow()
                .passwordHash();
        assertThat(hash).startsWith("$2").hasSize(60).doesNotContain(PASSWORD);
        String list = given().auth().oauth2(SettingsPageHttpTest.ADMIN_TOKEN).get("/admin/accounts").then()
                .statusCode(200).extract().asString();
        assertThat(list).contains("\"" + user + "\"").contains(page).doesNotContain(hash).doesNotContain(PASSWORD)
                .doesNotContain("password");
        // A page admin cannot manage accounts: that API is the operator's.
        given().auth().preemptive().basic(user, PASSWORD).get("/admin/accounts").then().statusCode(401);
        given().get("/admin/accounts").then().statusCode(401);
    }

    @Test
    void anInvalidAccountIsRefusedWithOneLinePerField() {
        Response response = given().auth().oauth2(SettingsPageHttpTest.ADMIN_TOKEN).contentType(ContentType.JSON)
                .body(Map.of("password", "short", "pages", List.of("has space"))).put("/admin/accounts/Operator");

        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(response.jsonPath().getList("errors", String.class)).hasSize(3)
                .anySatisfy(line -> assertThat(line).startsWith("username:"))
                .anySatisfy(line -> assertThat(line).startsWith("password: at least 12"))
                .anySatisfy(line -> assertThat(line).startsWith("pages:"));
        given().auth().oauth2(SettingsPageHttpTest.ADMIN_TOKEN).contentType(ContentType.JSON).body("{\"pages\":")
                .put("/admin/accounts/" + newUser()).then().statusCode(400);
    }

    @Test
    void aPageAdminSeesAndChangesOnlyItsPagesOnTheSettingsPage() {
        String user = newUser();
        String mine = newPage();
        String other = newPage();
        createAccount(user, mine);
        String session = signIn(user, PASSWORD);

        String list = given().cookie(UiSessions.COOKIE, session).get("/ui/pages").then().statusCode(200).extract()
                .asString();
        assertThat(list).contains(mine).doesNotContain(other).doesNotContain("910000000000001");
        String csrf = csrfOf(given().cookie(UiSessions.COOKIE, session).get("/ui/pages/" + mine).then()
                .statusCode(200).extract().asString());

        Response read = given().cookie(UiSessions.COOKIE, session).get("/ui/pages/" + other);
        Response save = given().redirects().follow(false).cookie(UiSessions.COOKIE, session)
                .formParams(form(csrf, "Not my page?")).post("/ui/pages/" + other);
        Response conversations = given().cookie(UiSessions.COOKIE, session).get("/ui/pages/" + other
                + "/conversations");
        Response giveBack = given().redirects().follow(false).cookie(UiSessions.COOKIE, session)
                .formParam("csrf", csrf).post("/ui/pages/" + other + "/conversations/user-1/give-back");

        for (Response r : List.of(read, save, conversations, giveBack)) {
            assertThat(r.statusCode()).isEqualTo(403);
            assertThat(r.asString()).contains("role=\"alert\"").contains("Your account may not manage this page");
        }
        assertThat(stored(other)).isNull();
        Response own = given().redirects().follow(false).cookie(UiSessions.COOKIE, session)
                .formParams(form(csrf, "My page?")).post("/ui/pages/" + mine);
        assertThat(own.statusCode()).isEqualTo(303);
        assertThat(stored(mine).questionText()).isEqualTo("My page?");
    }

    @Test
    void aPageAdminUsesTheApiForItsPagesOnlyAndTheOperatorTokenStillWorks() {
        String user = newUser();
        String mine = newPage();
        String other = newPage();
        createAccount(user, mine);
        String update = "{\"channel\":\"MESSENGER\",\"setupKind\":\"LEGACY_ROLES\",\"targetAppId\":\"263902037430900\","
                + "\"questionText\":\"Through the API?\",\"acceptTitle\":\"Yes\",\"rejectTitle\":\"No\","
                + "\"confirmationText\":\"OK.\",\"stayWithBotText\":\"Fine.\",\"honourInboxRequests\":true}";

        given().auth().preemptive().basic(user, PASSWORD).get("/admin/pages/" + mine + "/settings").then()
                .statusCode(200);
        given().auth().preemptive().basic(user, PASSWORD).contentType(ContentType.JSON).body(update)
                .put("/admin/pages/" + mine + "/settings").then().statusCode(200);
        for (Response r : List.of(
                given().auth().preemptive().basic(user, PASSWORD).get("/admin/pages/" + other + "/settings"),
                given().auth().preemptive().basic(user, PASSWORD).contentType(ContentType.JSON).body(update)
                        .put("/admin/pages/" + other + "/settings"),
                given().auth().preemptive().basic(user, PASSWORD).post("/admin/pages/" + other + "/deactivate"),
                given().auth().preemptive().basic(user, PASSWORD).get("/admin/pages/" + other
                        + "/conversations/user-1/history"),
                given().auth().preemptive().basic(user, PASSWORD).get("/admin/pages/" + other + "/audit"))) {
            assertThat(r.statusCode()).isEqualTo(403);
            assertThat(r.jsonPath().getString("reason")).isEqualTo("forbidden_page");
        }
        assertThat(stored(other)).isNull();
        assertThat(stored(mine).questionText()).isEqualTo("Through the API?");
        given().auth().preemptive().basic(user, "wrong password!").get("/admin/pages/" + mine + "/settings").then()
                .statusCode(401);
        // The operator's token, for automation, manages every page.
        given().auth().oauth2(SettingsPageHttpTest.ADMIN_TOKEN).contentType(ContentType.JSON).body(update)
                .put("/admin/pages/" + other + "/settings").then().statusCode(200);
        assertThat(stored(other).questionText()).isEqualTo("Through the API?");
    }

    @Test
    void signInsAreThrottledPerAccountAndTheLockHoldsEvenForTheRightPassword() {
        String user = newUser();
        createAccount(user, newPage());
        String other = newUser();
        createAccount(other, newPage());

        for (int i = 1; i <= 4; i++) {
            Response wrong = given().formParam("username", user).formParam("password", "wrong password " + i)
                    .post("/ui/login");
            assertThat(wrong.statusCode()).as("failure %d", i).isEqualTo(401);
            assertThat(wrong.asString()).contains("role=\"alert\"").contains("do not match an account")
                    .doesNotContain("wrong password " + i);
        }
        Response fifth = given().formParam("username", user).formParam("password", "wrong password 5")
                .post("/ui/login");
        Response right = given().formParam("username", user).formParam("password", PASSWORD).post("/ui/login");

        assertThat(fifth.statusCode()).isEqualTo(429);
        assertThat(fifth.asString()).contains("role=\"alert\"").contains("Too many failed sign-ins");
        assertThat(right.statusCode()).isEqualTo(429);
        assertThat(right.getCookie(UiSessions.COOKIE)).isNull();
        assertThat(given().auth().preemptive().basic(user, PASSWORD).get("/admin/pages/930000000000000/settings")
                .statusCode()).isEqualTo(429);
        // Another account is not affected.
        assertThat(signIn(other, PASSWORD)).isNotBlank();
    }

    @Test
    void anUnknownUserIsRefusedLikeAWrongPassword() {
        Response response = given().formParam("username", "nobody-here").formParam("password", PASSWORD)
                .post("/ui/login");

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.asString()).contains("do not match an account").contains("value=\"nobody-here\"");
        assertThat(response.getCookie(UiSessions.COOKIE)).isNull();
    }

    @Test
    void everyChangeIsAuditedWithWhoWhatWhenAndShownOnThePageAndInTheApi() {
        String user = newUser();
        String page = newPage();
        createAccount(user, page);
        String session = signIn(user, PASSWORD);
        String csrf = csrfOf(given().cookie(UiSessions.COOKIE, session).get("/ui/pages/" + page).asString());

        given().redirects().follow(false).cookie(UiSessions.COOKIE, session).formParams(form(csrf, "First?"))
                .post("/ui/pages/" + page).then().statusCode(303);
        given().redirects().follow(false).cookie(UiSessions.COOKIE, session).formParams(form(csrf, "Second?"))
                .post("/ui/pages/" + page).then().statusCode(303);
        given().auth().oauth2(SettingsPageHttpTest.ADMIN_TOKEN).post("/admin/pages/" + page + "/deactivate").then()
                .statusCode(200);

        List<Map<String, Object>> entries = given().auth().preemptive().basic(user, PASSWORD)
                .get("/admin/pages/" + page + "/audit").then().statusCode(200).extract().jsonPath().getList("$");
        assertThat(entries).extracting(e -> e.get("actor"), e -> e.get("action")).containsExactly(
                org.assertj.core.groups.Tuple.tuple("operator", "deactivated"),
                org.assertj.core.groups.Tuple.tuple(user, "settings_saved"),
                org.assertj.core.groups.Tuple.tuple(user, "settings_saved"));
        assertThat((String) entries.get(1).get("detail")).isEqualTo("questionText: \"First?\" → \"Second?\"");
        assertThat((String) entries.get(2).get("detail")).contains("questionText: \"" + PageSettings.DEFAULT_QUESTION
                + "\" → \"First?\"");
        assertThat(entries).allSatisfy(e -> assertThat((String) e.get("at")).isNotBlank());

        String html = given().cookie(UiSessions.COOKIE, session).get("/ui/pages/" + page).asString();
        assertThat(html).contains("id=\"audit\"").contains("settings_saved: questionText: &quot;First?&quot; → "
                + "&quot;Second?&quot;").contains(">" + user + "<").contains(">operator<");
        String accountsAudit = given().auth().oauth2(SettingsPageHttpTest.ADMIN_TOKEN).get("/admin/accounts/audit")
                .asString();
        assertThat(accountsAudit).contains("account " + user + ": pages " + page + "; password set")
                .doesNotContain(PASSWORD);
    }

    @Test
    void replacingAnAccountWithoutAPasswordKeepsItsPasswordAndReplacesItsPages() {
        String user = newUser();
        String dropped = newPage();
        String kept = newPage();
        String added = newPage();
        createAccount(user, dropped, kept);
        StoredAccount created = QuarkusTransaction.requiringNew().call(() -> accounts.account(user)).orElseThrow();

        given().auth().oauth2(SettingsPageHttpTest.ADMIN_TOKEN).contentType(ContentType.JSON)
                .body(Map.of("pages", List.of(kept, added))).put("/admin/accounts/" + user).then().statusCode(200);

        StoredAccount replaced = QuarkusTransaction.requiringNew().call(() -> accounts.account(user)).orElseThrow();
        assertThat(replaced.passwordHash()).isEqualTo(created.passwordHash());
        assertThat(replaced.pages()).containsExactlyInAnyOrder(kept, added);
        assertThat(QuarkusTransaction.requiringNew().call(() -> accounts.accounts()))
                .filteredOn(a -> a.username().equals(user)).singleElement()
                .satisfies(a -> assertThat(a.pages()).containsExactlyInAnyOrder(kept, added));
        given().auth().preemptive().basic(user, PASSWORD).get("/admin/pages/" + added + "/settings").then()
                .statusCode(200);
        Response forbidden = given().auth().preemptive().basic(user, PASSWORD).get("/admin/pages/" + dropped
                + "/settings");
        assertThat(forbidden.statusCode()).isEqualTo(403);
        assertThat(forbidden.jsonPath().getString("reason")).isEqualTo("forbidden_page");
    }

    @Test
    void theAuditKeepsALongDetailCutWithAnEllipsisAndListsNewestFirst() {
        String page = newPage();
        Instant at = Instant.parse("2026-01-01T10:00:00Z");
        QuarkusTransaction.requiringNew().run(() -> {
            audit.append(new AuditEntry(at, "operator", page, "settings_saved", "d".repeat(5000)));
            audit.append(new AuditEntry(at.plusSeconds(1), "operator", page, "deactivated", null));
            audit.append(new AuditEntry(at.plusSeconds(2), "operator", null, "account_created", "account " + page));
        });

        List<AuditEntry> entries = QuarkusTransaction.requiringNew().call(() -> audit.latest(page, 10));
        assertThat(entries).extracting(AuditEntry::action).containsExactly("deactivated", "settings_saved");
        assertThat(entries.get(0)).isEqualTo(new AuditEntry(at.plusSeconds(1), "operator", page, "deactivated", ""));
        assertThat(entries.get(1).detail()).hasSize(SettingsAuditRepository.DETAIL_MAX)
                .isEqualTo("d".repeat(SettingsAuditRepository.DETAIL_MAX - 1) + "…");
        assertThat(QuarkusTransaction.requiringNew().call(() -> audit.latest(page, 1)))
                .extracting(AuditEntry::action).containsExactly("deactivated");
        assertThat(QuarkusTransaction.requiringNew().call(() -> audit.latestWithoutPage(1))).containsExactly(
                new AuditEntry(at.plusSeconds(2), "operator", null, "account_created", "account " + page));
    }

    @Test
    void aRemovedAccountsSessionEndsAtItsNextRequest() {
        String user = newUser();
        createAccount(user, newPage());
        String session = signIn(user, PASSWORD);
        given().cookie(UiSessions.COOKIE, session).get("/ui/pages").then().statusCode(200);

        given().auth().oauth2(SettingsPageHttpTest.ADMIN_TOKEN).delete("/admin/accounts/" + user).then()
                .statusCode(204);

        Response after = given().redirects().follow(false).cookie(UiSessions.COOKIE, session).get("/ui/pages");
        assertThat(after.statusCode()).isEqualTo(303);
        assertThat(after.header("Location")).endsWith("/ui/login?expired=true");
        given().auth().preemptive().basic(user, PASSWORD).get("/admin/pages/930000000000000/settings").then()
                .statusCode(401);
        given().auth().oauth2(SettingsPageHttpTest.ADMIN_TOKEN).delete("/admin/accounts/" + user).then()
                .statusCode(404);
    }
}
