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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.handover.contracts.EventClass;
import org.handover.contracts.InboundEvent;
import org.handover.emulator.MessengerEmulator;
import org.handover.emulator.PageSetup;
import org.handover.handover.domain.PageProblem;
import org.handover.handover.domain.PageSettingsBuilder;
import org.handover.handover.domain.SetupKind;
import org.handover.handover.port.MetaGraphPort;
import org.handover.handover.repository.ConversationRepository;
import org.handover.handover.repository.PageHealthRepository;
import org.handover.handover.repository.PageSettingsRepository;
import org.handover.handover.service.PageHealthService;
import org.handover.service.support.jdbc.Sql;
import org.handover.testsupport.KafkaAndPostgresResource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Conversation Routing at run time: when our app is not the page's default app, Meta's answers show it (a refused
 * take, "Handover Protocol APIs disabled", a standby message in a conversation the bot never passed on), and the
 * settings page says so in red with what to change; a successful take clears it. The page list and each page show the
 * page's name from the Graph API beside its id. Same test resources as {@link SettingsPageHttpTest}: one Quarkus
 * start.
 */
@QuarkusTest
@WithTestResource(value = KafkaAndPostgresResource.class, initArgs = @ResourceArg(name = "postgres", value = "true"))
@WithTestResource(EmulatorResource.class)
class SettingsPageRuntimeProblemTest {

    static final String PAGE = EmulatorResource.PAGE_NOT_DEFAULT;

    @InjectEmulator
    MessengerEmulator meta;

    @Inject
    MetaGraphPort graph;

    @Inject
    PageHealthService health;

    @Inject
    PageHealthRepository findings;

    @Inject
    Sql sql;

    @Inject
    ConversationRepository conversations;

    @Inject
    PageSettingsRepository settings;

    @BeforeEach
    void ourAppIsNotTheDefaultApp() {
        meta.platform().setSetup(PAGE, new PageSetup.ConversationRouting(EmulatorResource.INBOX));
        QuarkusTransaction.requiringNew().run(() -> {
            sql.update("delete from page_health where page_id = ?", PAGE);
            settings.save(PageSettingsBuilder.page(PAGE).setup(SetupKind.CONVERSATION_ROUTING,
                    EmulatorResource.INBOX).build(), Instant.now());
        });
    }

    private static String signIn() {
        Response response = given().redirects().follow(false).formParam("token", SettingsPageHttpTest.ADMIN_TOKEN)
                .post("/ui/login");
        assertThat(response.statusCode()).isEqualTo(303);
        return response.getCookie(UiSessions.COOKIE);
    }

    private static final Pattern PROBLEM = Pattern.compile(
            "<div class=\"alert error\" role=\"alert\" id=\"runtime-problem\">\\s*<p><strong>([^<]*)</strong></p>"
                    + "\\s*<p>Found \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC: ([^<]*)</p>");

    private static String get(String session, String path) {
        return given().cookie(UiSessions.COOKIE, session).get(path).then().statusCode(200).extract().asString();
    }

    /** The red alert's advice and evidence, or null when the page shows none. */
    private static String[] problemOn(String html) {
        Matcher m = PROBLEM.matcher(html);
        return m.find() ? new String[] {unescape(m.group(1)), unescape(m.group(2))} : null;
    }

    private static String unescape(String html) {
        return html.replace("&#39;", "'").replace("&quot;", "\"").replace("&gt;", ">").replace("&lt;", "<")
                .replace("&amp;", "&");
    }

    @Test
    void aFindingIsNewUntilItIsClearedAndKeepsWhenItWasFirstFound() {
        Instant first = Instant.parse("2026-01-01T10:00:00Z");
        Instant later = first.plusSeconds(60);

        assertThat(QuarkusTransaction.requiringNew().call(
                () -> findings.recordNotDefaultApp(PAGE, "first evidence", "111", first))).isTrue();
        assertThat(QuarkusTransaction.requiringNew().call(
                () -> findings.recordNotDefaultApp(PAGE, "x".repeat(400), null, later))).isFalse();

        PageProblem standing = QuarkusTransaction.requiringNew().call(() -> findings.notDefaultApp(PAGE))
                .orElseThrow();
        // the column's 300 characters at most
        assertThat(standing).isEqualTo(new PageProblem(first, "x".repeat(300), null));
        assertThat(QuarkusTransaction.requiringNew().call(findings::notDefaultApps)).containsEntry(PAGE, standing);

        assertThat(QuarkusTransaction.requiringNew().call(() -> findings.clearNotDefaultApp(PAGE, later))).isTrue();
        assertThat(QuarkusTransaction.requiringNew().call(() -> findings.clearNotDefaultApp(PAGE, later))).isFalse();
        assertThat(QuarkusTransaction.requiringNew().call(() -> findings.notDefaultApp(PAGE))).isEmpty();
        assertThat(QuarkusTransaction.requiringNew().call(findings::notDefaultApps)).doesNotContainKey(PAGE);

        // the row stays, cleared: found again, it is new again, since now
        assertThat(QuarkusTransaction.requiringNew().call(
                () -> findings.recordNotDefaultApp(PAGE, "again", "222", later))).isTrue();
        assertThat(QuarkusTransaction.requiringNew().call(() -> findings.notDefaultApp(PAGE)))
                .contains(new PageProblem(later, "again", "222"));
    }

    @Test
    void theListAndThePageShowThePagesNameWithItsId() {
        String session = signIn();

        assertThat(get(session, "/ui/pages")).contains("<a href=\"/ui/pages/" + PAGE + "\"><span class=\"page-name\">"
                + "Page " + PAGE + "</span> <span class=\"page-id\">" + PAGE + "</span></a>");
        assertThat(get(session, "/ui/pages/" + PAGE)).contains("<strong id=\"page-name\">Page " + PAGE
                + "</strong> (<strong id=\"page-id\">" + PAGE + "</strong>)");
    }

    @Test
    void aRefusedTakeSaysInRedThatOurAppIsNotTheDefaultAppUntilATakeSucceeds() {
        String psid = "7100000000000001";
        meta.user(PAGE, psid).says("hello");
        String session = signIn();
        assertThat(problemOn(get(session, "/ui/pages/" + PAGE))).isNull();

        assertThat(graph.takeThreadControl(PAGE, psid, null)).isEqualTo(MetaGraphPort.Result.PERMANENT_FAILURE);

        String[] problem = problemOn(get(session, "/ui/pages/" + PAGE));
        assertThat(problem).as("the red alert").isNotNull();
        assertThat(problem[0]).startsWith("This app is not the page's default app for Conversation Routing")
                .contains("choose this app as the default app");
        assertThat(problem[1]).startsWith("Facebook refused to let this app take a conversation back (only the "
                + "page's default app may)");
        String list = get(session, "/ui/pages");
        String row = list.substring(list.indexOf("<a href=\"/ui/pages/" + PAGE + "\">"));
        row = row.substring(0, row.indexOf("</tr>"));
        assertThat(row).contains("<p class=\"alert error page-problem\" role=\"alert\">This app is not the page&#39;s "
                + "default app");

        // the page admin makes our app the default app: the next take succeeds and the alert goes
        meta.platform().setSetup(PAGE, new PageSetup.ConversationRouting(EmulatorResource.OUR_APP));
        assertThat(graph.takeThreadControl(PAGE, psid, null)).isEqualTo(MetaGraphPort.Result.OK);
        assertThat(problemOn(get(session, "/ui/pages/" + PAGE))).isNull();
        assertThat(health.problem(PAGE)).isEmpty();
    }

    @Test
    void handoverApisDisabledIsAFindingNotACrash() {
        String psid = "7100000000000002";
        meta.user(PAGE, psid).says("hello");
        meta.platform().setSetup(PAGE, new PageSetup.ConversationRouting(EmulatorResource.OUR_APP, true));

        assertThat(graph.threadOwner(PAGE, psid).known()).isFalse();

        assertThat(health.problem(PAGE)).get().extracting(p -> p.evidence()).asString()
                .contains("Handover Protocol APIs disabled for this page").contains("thread_owner");
    }

    @Test
    void aStandbyMessageInAConversationTheBotNeverPassedOnIsAFinding() {
        String psid = "7100000000000003";
        QuarkusTransaction.requiringNew().run(() -> conversations.lock(PAGE, psid, EmulatorResource.OUR_APP,
                Instant.now()));
        String other = "7100000000000004";

        health.observe(standby(other, "message")); // a conversation we never saw: nothing to go on
        health.observe(standby(psid, "message_echo")); // not the user's
        assertThat(health.problem(PAGE)).isEmpty();

        health.observe(standby(psid, "message"));

        assertThat(health.problem(PAGE)).get().extracting(p -> p.evidence()).asString()
                .contains("reached this app as standby");
        String session = signIn();
        assertThat(problemOn(get(session, "/ui/pages/" + PAGE))[0]).startsWith("This app is not the page's default app");
    }

    private static InboundEvent standby(String psid, String kind) {
        Instant now = Instant.now();
        return new InboundEvent(1, "m_" + psid + "_" + kind, PAGE, psid, EventClass.STANDBY, "standby", kind, now,
                now, null, "m_" + psid, null, null, null);
    }
}
