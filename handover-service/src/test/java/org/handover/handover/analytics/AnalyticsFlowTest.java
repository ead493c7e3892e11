package org.handover.handover.analytics;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.handover.contracts.ContractJson;
import org.handover.contracts.Decision;
import org.handover.contracts.DecisionType;
import org.handover.contracts.EventClass;
import org.handover.contracts.InboundEvent;
import org.handover.contracts.InboundEvents;
import org.handover.contracts.Messenger;
import org.handover.contracts.OrderKind;
import org.handover.contracts.OutboundOutcome;
import org.handover.contracts.OutboundResult;
import org.handover.contracts.Owner;
import org.handover.contracts.SchemaVersion;
import org.handover.contracts.Topics;
import org.handover.handover.FlowFixture;
import org.handover.handover.domain.StepFact;
import org.handover.handover.domain.TransitionRecord;
import org.handover.handover.repository.ConversationStepRepository;
import org.handover.handover.repository.ConversationWordsRepository;
import org.handover.testsupport.KafkaAndPostgresResource;
import org.handover.testsupport.MetaApiResource;
import org.handover.testsupport.OutcomeCounters;
import org.handover.testsupport.TopicReader;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Handover analytics (issue 21 item 6) and the agent's context (item 5) on a real broker and a real PostgreSQL, with
 * WireMock as the Graph API: conversations driven through the service (every event delivered twice, then the whole
 * conversation replayed) count once, the pass metadata says why the conversation came, the guided options and the
 * page, and the admin API is open only to the page's admins.
 */
@QuarkusTest
@WithTestResource(value = KafkaAndPostgresResource.class, initArgs = @ResourceArg(name = "postgres", value = "true"))
@WithTestResource(MetaApiResource.class)
class AnalyticsFlowTest extends FlowFixture {

    /** Driven through the service; has a page token in the test profile. Only this class uses it. */
    static final String PAGE = "940000000000001";
    /** A page with a token whose admin sets a label; only its test uses it (not counted in PAGE's analytics). */
    static final String LABELLED_PAGE = "980000000000001";
    /** A page with a token whose admin shares the users' words with agents; only its test uses it. */
    static final String WORDS_PAGE = "980000000000002";
    /** Another page with a token, for access per page. */
    static final String OTHER_PAGE = "940000000000002";
    static final String PASSWORD = "correct horse battery";

    @Inject
    ConversationStepRepository steps;

    @Inject
    ConversationWordsRepository words;

    @BeforeEach
    void setUp() {
        activateWithDefaults(Instant.now(), PAGE, OTHER_PAGE, LABELLED_PAGE, WORDS_PAGE);
        meta.stubFor(post(urlPathEqualTo("/" + WORDS_PAGE + "/pass_thread_control"))
                .willReturn(okJson("{\"success\":true}")));
        meta.stubFor(get(urlPathEqualTo("/" + WORDS_PAGE)).willReturn(okJson("{\"id\":\"" + WORDS_PAGE
                + "\",\"name\":\"Words Test Page\"}")));
        meta.stubFor(post(urlPathEqualTo("/" + LABELLED_PAGE + "/pass_thread_control"))
                .willReturn(okJson("{\"success\":true}")));
        meta.stubFor(get(urlPathEqualTo("/" + LABELLED_PAGE)).willReturn(okJson("{\"id\":\"" + LABELLED_PAGE
                + "\",\"name\":\"Labelled Test Page\"}")));
        meta.stubFor(post(urlPathEqualTo("/" + PAGE + "/pass_thread_control")).willReturn(okJson("{\"success\":true}")));
        meta.stubFor(get(urlPathEqualTo("/" + PAGE)).willReturn(okJson("{\"id\":\"" + PAGE
                + "\",\"name\":\"Analytics Test Page\"}")));
    }

    @Test
    void conversationsDeliveredTwiceAndReplayedCountOnceAndTheAgentGetsTheirContext() {
        // Meta's timestamps are milliseconds. The agent's events come after our pass call (made now), as on Meta.
        Instant t0 = Instant.now().minusSeconds(30).truncatedTo(ChronoUnit.MILLIS);
        String run = UUID.randomUUID().toString();
        List<InboundEvent> sent = new ArrayList<>();
        List<OutboundResult> reports = new ArrayList<>();

        // 1: a guided answer, the question after free text, declined: answered without a handover.
        InboundEvents declines = user("declines-" + run);
        sendAll(sent, declines.guided("g1", "OPENING_HOURS", t0.plusSeconds(1)), declines.text("t1", t0.plusSeconds(2)),
                declines.guided("r1", Messenger.HANDOVER_REJECT_PAYLOAD, t0.plusSeconds(3)));

        // 2: two guided answers, free text, accepted; the agent answers after 116 s and is done after 396 s.
        String accepterId = "accepts-" + run;
        InboundEvents accepts = user(accepterId);
        sendAll(sent, accepts.guided("g1", "GET_STARTED", t0.plusSeconds(1)),
                accepts.guided("g2", "DELIVERY", t0.plusSeconds(2)), accepts.text("t1", t0.plusSeconds(3)),
                accepts.guided("a1", Messenger.HANDOVER_ACCEPT_PAYLOAD, t0.plusSeconds(4)));
        reports.add(reportConfirmation(accepterId, 4));
        awaitOwner(accepterId, Owner.AGENT);
        sendAll(sent, accepts.message("e1", EventClass.AGENT_ACTIVITY, t0.plusSeconds(120)).kind("message_echo")
                        .appId(INBOX).build(),
                accepts.signal("d1", "pass_thread_control", OUR_APP, INBOX, null, t0.plusSeconds(400)));
        awaitOwner(accepterId, Owner.BOT);

        // 3: "talk to a person" from the menu (a postback); still with the agent.
        String menuId = "menu-" + run;
        InboundEvents menu = user(menuId);
        sendAll(sent, menu.message("m1", EventClass.GUIDED, t0.plusSeconds(5)).kind("postback")
                .guidedPayload(Messenger.HANDOVER_ACCEPT_PAYLOAD).build());
        reports.add(reportConfirmation(menuId, 1));
        awaitOwner(menuId, Owner.AGENT);

        // Every event and report delivered again (a Meta retry, a redelivery), then the whole run replayed.
        double duplicates = OutcomeCounters.count(registry, "handover.steps", "duplicate");
        for (int round = 0; round < 2; round++) {
            sent.forEach(e -> produce(Topics.CONVERSATION_INBOUND, e.key(), e));
            reports.forEach(r -> produce(Topics.MESSENGER_OUTBOUND, r.key(), r));
        }
        await().atMost(WAIT).until(() -> OutcomeCounters.count(registry, "handover.steps", "duplicate")
                >= duplicates + 2 * sent.size());

        JsonPath figures = given().auth().oauth2(ADMIN_TOKEN)
                .queryParam("from", t0.minusSeconds(1).toString()).queryParam("to", t0.plusSeconds(3600).toString())
                .get("/admin/pages/" + PAGE + "/analytics").then().statusCode(200).extract().jsonPath();
        assertThat(List.of(figures.getLong("conversations"), figures.getLong("handedOver"),
                figures.getLong("questionsAsked"), figures.getLong("questionsAccepted"),
                figures.getLong("acceptedFromMenu"), figures.getLong("questionsDeclined"), figures.getLong("deflected"),
                figures.getLong("agentSessions"), figures.getLong("sessionsOpen")))
                .containsExactly(3L, 2L, 2L, 2L, 1L, 1L, 1L, 2L, 1L);
        assertThat(figures.getDouble("handoverRate")).isEqualTo(2.0 / 3, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(figures.getDouble("deflectionRate")).isEqualTo(1.0 / 3, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(figures.getMap("firstReply")).containsEntry("count", 1).containsEntry("medianSeconds", 116.0f)
                .containsEntry("averageSeconds", 116.0f);
        assertThat(figures.getMap("withAgent")).containsEntry("count", 1).containsEntry("medianSeconds", 396.0f);
        assertThat(figures.getMap("returns")).containsEntry("agentDone", 1).containsEntry("idle", 0)
                .containsEntry("noShow", 0).containsEntry("giveBacks", 0).containsEntry("other", 0);
        assertThat(figures.getList("days.conversations", Integer.class).stream().mapToInt(Integer::intValue).sum())
                .as("per day").isEqualTo(3);

        // One pass each, whatever was delivered twice, with the agent's context and never the user's words.
        List<LoggedRequest> accepterPasses = passCalls(accepterId);
        assertThat(accepterPasses).hasSize(1);
        assertThat(metadata(accepterPasses.get(0))).isEqualTo("Handover (free_text_accepted): the user wrote "
                + "something the bot could not answer and accepted the \"Change to agent\" question. "
                + "Page: Analytics Test Page (" + PAGE + "). Guided options: GET_STARTED > DELIVERY.");
        List<LoggedRequest> menuPasses = passCalls(menuId);
        assertThat(menuPasses).hasSize(1);
        assertThat(metadata(menuPasses.get(0))).isEqualTo("Handover (menu): the user chose to talk to a person "
                + "from the menu. Page: Analytics Test Page (" + PAGE + "). Guided options: none.");
        assertThat(history(accepterId)).extracting(TransitionRecord::to, TransitionRecord::cause)
                .containsExactly(tuple(Owner.AGENT, "user_accepted"), tuple(Owner.BOT, "agent_done"));
    }

    @Test
    void theAgentIsToldThePagesLabelWhenItsAdminSetOne() {
        // Facebook names the page "Labelled Test Page" (setUp): the label is told instead.
        Map<String, Object> settings = settingsBody();
        settings.put("pageLabel", "  Newsroom \u2013 readers' desk ");
        JsonPath saved = putSettings(LABELLED_PAGE, settings).then().statusCode(200).extract().jsonPath();
        assertThat(saved.getString("pageLabel")).isEqualTo("Newsroom \u2013 readers' desk");
        assertThat(saved.getBoolean("handoverActive")).as("still active").isTrue();

        String psid = "label-" + UUID.randomUUID();
        InboundEvents menu = InboundEvents.of(LABELLED_PAGE, psid).idPrefix(psid + ":");
        sendAll(new ArrayList<>(), menu.message("m1", EventClass.GUIDED, Instant.now().truncatedTo(ChronoUnit.MILLIS))
                .kind("postback").guidedPayload(Messenger.HANDOVER_ACCEPT_PAYLOAD).build());
        reportConfirmation(LABELLED_PAGE, psid, 1);
        awaitOwner(LABELLED_PAGE, psid, Owner.AGENT);

        List<LoggedRequest> passes = passCalls(LABELLED_PAGE, psid);
        assertThat(passes).hasSize(1);
        assertThat(metadata(passes.get(0))).isEqualTo("Handover (menu): the user chose to talk to a person from the "
                + "menu. Page: Newsroom \u2013 readers' desk (" + LABELLED_PAGE + "). Guided options: none.");
    }

    @Test
    void theAgentIsToldWhatTheUserWroteOnlyWhileThePagesAdminSharesIt() {
        Map<String, Object> settings = settingsBody();
        assertThat(putSettings(WORDS_PAGE, settings).then().statusCode(200).extract().jsonPath()
                .getBoolean("shareUserWords")).as("off by default").isFalse();
        String before = "words-off-" + UUID.randomUUID();
        assertThat(metadataOfAcceptedPass(before, "My parcel 4711 never came")).doesNotContain("4711")
                .doesNotContain("The user wrote");
        assertThat(kept(before)).as("nothing kept while off").isEmpty();

        settings.put("shareUserWords", true);
        assertThat(putSettings(WORDS_PAGE, settings).then().statusCode(200).extract().jsonPath()
                .getBoolean("shareUserWords")).isTrue();
        String during = "words-on-" + UUID.randomUUID();
        assertThat(metadataOfAcceptedPass(during, "My parcel\n4711 never came"))
                .isEqualTo("Handover (free_text_accepted): the user wrote something the bot could not answer and "
                        + "accepted the \"Change to agent\" question. Page: Words Test Page (" + WORDS_PAGE + "). "
                        + "The user wrote: \"My parcel 4711 never came\". Guided options: none.");
        assertThat(kept(during)).contains("My parcel\n4711 never came");

        // Turning it off forgets what was kept for the page.
        settings.put("shareUserWords", false);
        putSettings(WORDS_PAGE, settings).then().statusCode(200);
        assertThat(kept(during)).as("deleted when turned off").isEmpty();
    }

    /** The metadata of the pass after {@code psid} typed {@code text} and accepted the question. */
    private String metadataOfAcceptedPass(String psid, String text) {
        Instant t0 = Instant.now().minusSeconds(10).truncatedTo(ChronoUnit.MILLIS);
        InboundEvents user = InboundEvents.of(WORDS_PAGE, psid).idPrefix(psid + ":");
        sendAll(new ArrayList<>(), user.text("t1", text, t0),
                user.guided("a1", Messenger.HANDOVER_ACCEPT_PAYLOAD, t0.plusSeconds(1)));
        reportConfirmation(WORDS_PAGE, psid, 2);
        awaitOwner(WORDS_PAGE, psid, Owner.AGENT);
        List<LoggedRequest> passes = passCalls(WORDS_PAGE, psid);
        assertThat(passes).hasSize(1);
        return metadata(passes.get(0));
    }

    private java.util.Optional<String> kept(String psid) {
        return QuarkusTransaction.requiringNew().call(() -> words.latest(WORDS_PAGE, psid,
                Instant.now().minus(java.time.Duration.ofDays(2)), Instant.now().plusSeconds(60)));
    }

    @Test
    void returnsTimesAndDaysAreCountedFromTheHistoryAndARecordedEventIsKeptOnce() {
        String page = "94" + (System.nanoTime() % 10_000_000_000_000L);
        Instant day1 = Instant.parse("2026-11-20T10:00:00Z");
        Instant day2 = Instant.parse("2026-11-21T10:00:00Z");
        String[] causes = {"idle_timeout", "no_show", "admin_give_back", "taken_back"};
        long[] held = {600, 300, 60, 120};
        QuarkusTransaction.requiringNew().run(() -> {
            for (int i = 0; i < causes.length; i++) {
                String psid = "p" + i;
                step(page, psid, psid + ":asked", StepFact.Actor.USER, "asked", day1.minusSeconds(60));
                transitions.record(page, psid, new TransitionRecord(Owner.BOT, Owner.AGENT, INBOX, 1, "user_accepted",
                        psid + ":a", day1, day1));
                transitions.record(page, psid, new TransitionRecord(Owner.AGENT, Owner.BOT, OUR_APP, 2, causes[i],
                        psid + ":b", day1.plusSeconds(held[i]), day1.plusSeconds(held[i])));
            }
            // The agent answers p0 after 30 s and p2 after 10 s; an agent message after the session is not a reply.
            step(page, "p0", "p0:echo", StepFact.Actor.AGENT, "agent_activity", day1.plusSeconds(30));
            step(page, "p2", "p2:echo", StepFact.Actor.AGENT, "agent_activity", day1.plusSeconds(10));
            step(page, "p1", "p1:late", StepFact.Actor.AGENT, "standby", day1.plusSeconds(900));
            // Day 2: a guided answer, recorded twice (the second is ignored), and one before the period.
            step(page, "p9", "p9:g", StepFact.Actor.USER, "answered", day2);
            step(page, "p9", "p9:g", StepFact.Actor.USER, "answered", day2);
            step(page, "old", "old:g", StepFact.Actor.USER, "answered", day1.minus(Duration.ofDays(3)));
        });

        JsonPath figures = given().auth().oauth2(ADMIN_TOKEN).queryParam("from", "2026-11-20")
                .queryParam("to", "2026-11-21").get("/admin/pages/" + page + "/analytics").then().statusCode(200)
                .extract().jsonPath();

        assertThat(List.of(figures.getLong("conversations"), figures.getLong("handedOver"),
                figures.getLong("questionsAsked"), figures.getLong("deflected"), figures.getLong("agentSessions"),
                figures.getLong("sessionsOpen"))).containsExactly(5L, 4L, 4L, 1L, 4L, 0L);
        assertThat(figures.getMap("firstReply")).containsEntry("count", 2).containsEntry("medianSeconds", 20.0f)
                .containsEntry("averageSeconds", 20.0f);
        assertThat(figures.getMap("withAgent")).containsEntry("count", 4).containsEntry("medianSeconds", 210.0f)
                .containsEntry("averageSeconds", 270.0f);
        assertThat(figures.getMap("returns")).containsEntry("agentDone", 0).containsEntry("idle", 1)
                .containsEntry("noShow", 1).containsEntry("giveBacks", 1).containsEntry("other", 1);
        assertThat(figures.getList("days", Map.class)).extracting(d -> d.get("date"), d -> d.get("conversations"),
                d -> d.get("handedOver")).containsExactly(tuple("2026-11-20", 4, 4), tuple("2026-11-21", 1, 0));
        assertThat(figures.getString("from")).isEqualTo("2026-11-20T00:00:00Z");
        assertThat(figures.getString("to")).isEqualTo("2026-11-22T00:00:00Z");
    }

    @Test
    void aPageAdminSeesOnlyTheAnalyticsOfItsPagesAndABadPeriodIsA400() {
        String user = "analyst-" + UUID.randomUUID().toString().substring(0, 8);
        given().auth().oauth2(ADMIN_TOKEN).contentType(ContentType.JSON)
                .body(Map.of("password", PASSWORD, "pages", List.of(OTHER_PAGE))).put("/admin/accounts/" + user)
                .then().statusCode(200);

        JsonPath mine = given().auth().preemptive().basic(user, PASSWORD)
                .get("/admin/pages/" + OTHER_PAGE + "/analytics").then().statusCode(200).extract().jsonPath();
        assertThat(mine.getString("pageId")).isEqualTo(OTHER_PAGE);
        assertThat(mine.getList("days")).hasSizeBetween(7, 8);
        assertThat(Duration.between(Instant.parse(mine.getString("from")), Instant.parse(mine.getString("to"))))
                .isEqualTo(Duration.ofDays(7));

        given().auth().preemptive().basic(user, PASSWORD).get("/admin/pages/" + PAGE + "/analytics").then()
                .statusCode(403).body("reason", org.hamcrest.Matchers.equalTo("forbidden_page"))
                .body("conversations", org.hamcrest.Matchers.nullValue());
        given().get("/admin/pages/" + PAGE + "/analytics").then().statusCode(401);
        given().auth().oauth2(ADMIN_TOKEN).queryParam("from", "yesterday").get("/admin/pages/" + PAGE + "/analytics")
                .then().statusCode(400).body("reason", org.hamcrest.Matchers.equalTo("invalid_period"));
        given().auth().oauth2(ADMIN_TOKEN).queryParam("from", "2026-11-22").queryParam("to", "2026-11-20")
                .get("/admin/pages/" + PAGE + "/analytics").then().statusCode(400)
                .body("errors[0]", org.hamcrest.Matchers.equalTo("from: must be before to"));
        given().auth().oauth2(ADMIN_TOKEN).queryParam("from", "2024-01-01").queryParam("to", "2026-01-01")
                .get("/admin/pages/" + PAGE + "/analytics").then().statusCode(400)
                .body("reason", org.hamcrest.Matchers.equalTo("invalid_period"));
    }

    // --- helpers ---

    private InboundEvents user(String psid) {
        return InboundEvents.of(PAGE, psid).idPrefix(psid + ":");
    }

    private void step(String page, String psid, String eventId, StepFact.Actor actor, String outcome, Instant at) {
        steps.record(page, psid, new StepFact(eventId, actor == StepFact.Actor.USER ? EventClass.FREE_TEXT
                : EventClass.AGENT_ACTIVITY, "message", actor, outcome, null, at), at);
    }

    /** Sends each event and waits until it was applied, keeping it in {@code sent} for the redeliveries. */
    private void sendAll(List<InboundEvent> sent, InboundEvent... events) {
        for (InboundEvent event : events) {
            send(event);
            sent.add(event);
        }
    }

    /** bot-service's report of the conversation's confirmation ({@code count} decisions so far): sent. */
    private OutboundResult reportConfirmation(String psid, int count) {
        return reportConfirmation(PAGE, psid, count);
    }

    private OutboundResult reportConfirmation(String page, String psid, int count) {
        List<ConsumerRecord<String, String>> records = TopicReader.of(kafka, Topics.CONVERSATION_DECISIONS)
                .awaitKey(page + ":" + psid, count, WAIT);
        Decision confirm = records.stream().map(r -> ContractJson.fromJson(r.value(), Decision.class))
                .filter(d -> d.type() == DecisionType.REPLY_ORDER && d.order().kind() == OrderKind.CONFIRM_HANDOVER)
                .findFirst().orElseThrow();
        OutboundResult result = new OutboundResult(SchemaVersion.CURRENT, confirm.decisionId(), page, psid,
                confirm.epoch(), OrderKind.CONFIRM_HANDOVER, OutboundOutcome.SENT, null, "mid." + confirm.decisionId(),
                null, null, Instant.now());
        produce(Topics.MESSENGER_OUTBOUND, result.key(), result);
        return result;
    }

    private void awaitOwner(String psid, Owner owner) {
        awaitOwner(PAGE, psid, owner);
    }

    private List<TransitionRecord> history(String psid) {
        return history(PAGE, psid);
    }

    private List<LoggedRequest> passCalls(String psid) {
        return passCalls(PAGE, psid);
    }
}
