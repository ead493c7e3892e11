package org.handover.handover;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.handover.contracts.Decision;
import org.handover.contracts.DecisionType;
import org.handover.contracts.InboundEvent;
import org.handover.contracts.InboundEvents;
import org.handover.contracts.Messenger;
import org.handover.contracts.OrderKind;
import org.handover.contracts.OutboundOutcome;
import org.handover.contracts.OutboundResult;
import org.handover.contracts.Owner;
import org.handover.contracts.SchemaVersion;
import org.handover.contracts.Topics;
import org.handover.handover.domain.BusinessHours;
import org.handover.handover.domain.ConversationState;
import org.handover.handover.domain.ConversationStates;
import org.handover.handover.domain.PageSettings;
import org.handover.handover.domain.PageSettingsBuilder;
import org.handover.testsupport.KafkaAndPostgresResource;
import org.handover.testsupport.MetaApiResource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 21, items 3 and 4, through Kafka and PostgreSQL with WireMock as the Graph API: an agent who does not show up
 * after a pass the user accepted (the bot takes the thread back through the pending-pass path and says the page's
 * words), an idle timeout that the user's own messages do not keep alive, and business hours judged on the events'
 * time, with their API validation. Same test resources as {@link HandoverFlowTest}: one Quarkus start.
 */
@QuarkusTest
@WithTestResource(value = KafkaAndPostgresResource.class, initArgs = @ResourceArg(name = "postgres", value = "true"))
@WithTestResource(MetaApiResource.class)
class NoShowAndHoursFlowTest extends FlowFixture {

    static final String NO_SHOW_PAGE = "930000000000001";
    static final String IDLE_PAGE = "930000000000002";
    static final String HOURS_PAGE = "930000000000003";
    static final String NO_SHOW_TEXT = "Nobody from the newsroom answered, sorry. I am back.";

    /** Meta's timestamps are milliseconds; the test's events happened ten minutes ago. */
    Instant t0;

    @BeforeEach
    void setUp() {
        t0 = Instant.now().minus(Duration.ofMinutes(10)).truncatedTo(ChronoUnit.MILLIS);
        acceptThreadControl(NO_SHOW_PAGE, IDLE_PAGE, HOURS_PAGE);
    }

    @Test
    void anAgentWhoNeverAnswersLosesTheThreadAndTheUserIsToldButOneWhoRepliedKeepsIt() {
        // No-show off while the two conversations are handed over
        save(PageSettingsBuilder.page(NO_SHOW_PAGE).activeSince(t0).botIsBackText("Back!")
                .noShow(null, NO_SHOW_TEXT).build());
        Conv waiting = user(NO_SHOW_PAGE);
        Conv answered = user(NO_SHOW_PAGE);
        handOver(waiting);
        handOver(answered);
        // The first user keeps writing, nobody answers; the second one's agent replied from the Page Inbox
        send(waiting.standby("hello1", "message", null, at(60)));
        send(waiting.standby("hello2", "message", null, at(120)));
        send(answered.standby("reply", "message_echo", INBOX, at(60)));

        save(PageSettingsBuilder.page(NO_SHOW_PAGE).activeSince(t0).botIsBackText("Back!")
                .noShow(Duration.ofMinutes(1), NO_SHOW_TEXT).build());

        List<Decision> all = decisions(waiting, 5);
        assertThat(all.subList(3, 5)).extracting(Decision::type, Decision::epoch,
                d -> d.control() == null ? null : d.control().cause(),
                d -> d.order() == null ? null : d.order().kind(), d -> d.order() == null ? null : d.order().text())
                .containsExactly(tuple(DecisionType.CONTROL_CHANGE, 2L, "no_show", null, null),
                        tuple(DecisionType.REPLY_ORDER, 2L, null, OrderKind.BOT_IS_BACK, NO_SHOW_TEXT));
        meta.verify(1, postRequestedFor(urlPathEqualTo("/" + NO_SHOW_PAGE + "/take_thread_control"))
                .withRequestBody(matchingJsonPath("$.recipient.id", equalTo(waiting.psid())))
                .withRequestBody(matchingJsonPath("$.metadata", equalTo(
                        "No agent answered in time: the bot takes the conversation back"))));
        assertThat(state(waiting)).extracting(ConversationState::owner, ConversationState::epoch,
                ConversationState::ownerCause).containsExactly(Owner.BOT, 2L, "no_show");
        // The sweep that took the first back saw the second one too, whose agent had answered: it stays
        assertThat(takeCalls(NO_SHOW_PAGE, answered.psid())).isEmpty();
        assertThat(state(answered)).extracting(ConversationState::owner, ConversationState::ownerCause)
                .containsExactly(Owner.AGENT, "user_accepted");
    }

    @Test
    void theIdleTimeoutIsNotKeptAliveByTheUsersOwnMessages() {
        save(PageSettingsBuilder.page(IDLE_PAGE).activeSince(t0).botIsBackText("Back!").build());
        Conv user = user(IDLE_PAGE);
        Instant since = Instant.now().minus(Duration.ofMinutes(5)).truncatedTo(ChronoUnit.MILLIS);
        QuarkusTransaction.requiringNew().run(() -> {
            conversations.lock(IDLE_PAGE, user.psid(), OUR_APP, since);
            conversations.save(ConversationStates.agentOwned(IDLE_PAGE, user.psid(), INBOX).epoch(1).since(since)
                    .lastAgentActivityAt(since).build(), since);
        });
        // The user wrote "hello?" a moment ago: with the old rule the timeout of one minute would be 50 s away
        Instant justNow = Instant.now().minusSeconds(10).truncatedTo(ChronoUnit.MILLIS);
        send(user.standby("hello", "message", null, justNow));

        save(PageSettingsBuilder.page(IDLE_PAGE).activeSince(t0).botIsBackText("Back!")
                .idleTimeout(Duration.ofMinutes(1)).build());

        List<Decision> all = decisions(user, 2);
        assertThat(all).extracting(d -> d.type(), d -> d.control() == null ? null : d.control().cause(),
                d -> d.order() == null ? null : d.order().text())
                .containsExactly(tuple(DecisionType.CONTROL_CHANGE, "idle_timeout", null),
                        tuple(DecisionType.REPLY_ORDER, null, "Back!"));
        assertThat(state(user).lastUserActivityAt()).isEqualTo(justNow);
    }

    @Test
    void outsideTheHoursTheBotSendsTheOutOfHoursTextJudgedOnTheEventsTime() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        String today = now.atZone(ZoneOffset.UTC).toLocalDate().toString();
        BusinessHours everyDayButToday = BusinessHours.of("UTC", BusinessHours.parseWeekly(
                "Mon 00:00-24:00\nTue 00:00-24:00\nWed 00:00-24:00\nThu 00:00-24:00\nFri 00:00-24:00\n"
                        + "Sat 00:00-24:00\nSun 00:00-24:00"), List.of(today),
                BusinessHours.Outside.OUT_OF_HOURS_TEXT);
        save(PageSettingsBuilder.page(HOURS_PAGE).activeSince(t0)
                .businessHours(everyDayButToday, "Closed today, back tomorrow.").build());
        Conv holiday = user(HOURS_PAGE);
        Conv yesterday = user(HOURS_PAGE);

        send(holiday.text("m1", now));
        // written yesterday, processed now (a backlog, a replay): yesterday's hours decide
        send(yesterday.text("m1", now.minus(Duration.ofDays(1))));

        assertThat(decisions(holiday, 1)).extracting(d -> d.order().kind(), d -> d.order().text())
                .containsExactly(tuple(OrderKind.STAY_WITH_BOT, "Closed today, back tomorrow."));
        assertThat(decisions(yesterday, 1)).extracting(d -> d.order().kind())
                .containsExactly(OrderKind.ASK_HANDOVER);
        assertThat(state(holiday)).extracting(ConversationState::questionPending, ConversationState::pendingPass)
                .containsExactly(false, null);
    }

    @Test
    void theApiStoresHoursAndNoShowAndRefusesBadOnesWithOneLineEach() {
        String page = "TEST_" + UUID.randomUUID();
        Map<String, Object> body = settingsBody();
        body.put("noShowMinutes", 15);
        body.put("noShowText", "Sorry, nobody came.");
        body.put("outOfHoursText", "We are closed.");
        body.put("businessHours", Map.of("timeZone", "Europe/Paris",
                "weekly", List.of(Map.of("day", "MONDAY", "from", "09:00", "to", "12:00"),
                        Map.of("day", "monday", "from", "13:00", "to", "17:00"),
                        Map.of("day", "SATURDAY", "from", "10:00", "to", "24:00")),
                "holidays", List.of("2026-12-25"), "outside", "OUT_OF_HOURS_TEXT"));

        Response stored = putSettings(page, body);

        assertThat(stored.statusCode()).as(stored.asString()).isEqualTo(200);
        assertThat(stored.jsonPath().getInt("noShowMinutes")).isEqualTo(15);
        assertThat(stored.jsonPath().getString("businessHours.timeZone")).isEqualTo("Europe/Paris");
        assertThat(stored.jsonPath().getList("businessHours.weekly.from", String.class))
                .containsExactly("09:00", "13:00", "10:00");
        PageSettings read = QuarkusTransaction.requiringNew().call(() -> pages.findOrDefaults(page));
        assertThat(read.noShow()).isEqualTo(Duration.ofMinutes(15));
        assertThat(read.businessHours().weeklyText()).isEqualTo("Mon 09:00-12:00, 13:00-17:00\nSat 10:00-24:00");
        assertThat(read.businessHours().outside()).isEqualTo(BusinessHours.Outside.OUT_OF_HOURS_TEXT);
        assertThat(given().auth().oauth2("test-admin-token").get("/admin/pages/" + page + "/settings").jsonPath()
                .getString("businessHours.holidays[0]")).isEqualTo("2026-12-25");

        Map<String, Object> bad = settingsBody();
        bad.put("noShowMinutes", 1441);
        bad.put("businessHours", Map.of("timeZone", "Mars/Olympus",
                "weekly", List.of(Map.of("day", "MONDAY", "from", "09:00", "to", "12:00"),
                        Map.of("day", "MONDAY", "from", "11:00", "to", "14:00"),
                        Map.of("day", "TUESDAY", "from", "18:00", "to", "08:00"),
                        Map.of("day", "FUNDAY", "from", "10:00", "to", "11:00")),
                "holidays", List.of("25/12/2026"), "outside", "OUT_OF_HOURS_TEXT"));

        Response refused = putSettings(page, bad);

        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(refused.jsonPath().getString("reason")).isEqualTo("invalid_settings");
        assertThat(refused.jsonPath().getList("errors", String.class)).containsExactly(
                "noShowMinutes: 0 (off) to 1440 minutes",
                "businessHours.weekly: \"FUNDAY\" is not a day (MONDAY to SUNDAY)",
                "businessHours.timeZone: \"Mars/Olympus\" is not a known time zone (use an IANA name such as"
                        + " Europe/Paris)",
                "businessHours.weekly: Tue 18:00-08:00: ends before it starts (split a span over midnight in two)",
                "businessHours.weekly: Mon 09:00-12:00 and Mon 11:00-14:00 overlap",
                "businessHours.holidays: \"25/12/2026\" is not a date YYYY-MM-DD");
        Map<String, Object> longest = settingsBody();
        longest.put("noShowMinutes", 1440);
        Map<String, Object> negative = settingsBody();
        negative.put("noShowMinutes", -1);
        assertThat(putSettings(page + "-longest", longest).jsonPath().getInt("noShowMinutes")).isEqualTo(1440);
        assertThat(putSettings(page + "-negative", negative).jsonPath().getList("errors", String.class))
                .containsExactly("noShowMinutes: 0 (off) to 1440 minutes");
        Map<String, Object> noText = settingsBody();
        noText.put("businessHours", Map.of("timeZone", "UTC",
                "weekly", List.of(Map.of("day", "MONDAY", "from", "09:00", "to", "12:00")),
                "outside", "OUT_OF_HOURS_TEXT"));
        assertThat(putSettings(page, noText).jsonPath().getList("errors", String.class)).containsExactly(
                "outOfHoursText: required when the out-of-hours text is sent outside the hours");
        assertThat(QuarkusTransaction.requiringNew().call(() -> pages.findOrDefaults(page)))
                .as("nothing of the refused ones stored").isEqualTo(read);
    }

    /** The user asks, accepts, the confirmation is reported sent, and control passes to the Page Inbox. */
    private void handOver(Conv user) {
        send(user.text("m1", at(1)));
        send(user.guided("m2", Messenger.HANDOVER_ACCEPT_PAYLOAD, at(2)));
        Decision confirm = decisions(user, 2).get(1);
        assertThat(confirm.order().kind()).isEqualTo(OrderKind.CONFIRM_HANDOVER);
        produce(Topics.MESSENGER_OUTBOUND, user.pageId() + ":" + user.psid(), new OutboundResult(SchemaVersion.CURRENT,
                confirm.decisionId(), user.pageId(), user.psid(), confirm.epoch(), OrderKind.CONFIRM_HANDOVER,
                OutboundOutcome.SENT, null, "mid." + confirm.decisionId(), null, null, Instant.now()));
        Decision passed = decisions(user, 3).get(2);
        assertThat(passed.control().cause()).isEqualTo("user_accepted");
        await().atMost(WAIT).until(() -> state(user).owner() == Owner.AGENT);
    }

    /** One user's conversation on {@code pageId}; event ids prefixed by the user, as the tests share one database. */
    record Conv(String pageId, String psid, InboundEvents events) {
        InboundEvent text(String id, Instant at) {
            return events.text(id, at);
        }

        InboundEvent guided(String id, String payload, Instant at) {
            return events.guided(id, payload, at);
        }

        InboundEvent standby(String id, String kind, String appId, Instant at) {
            return events.standby(id, kind, appId, at);
        }
    }

    private Conv user(String page) {
        String psid = "user-" + UUID.randomUUID();
        return new Conv(page, psid, InboundEvents.of(page, psid).idPrefix(psid + ":"));
    }

    private ConversationState state(Conv user) {
        return state(user.pageId(), user.psid());
    }

    private List<Decision> decisions(Conv user, int count) {
        return decisions(user.pageId(), user.psid(), count);
    }

    /** Meta's time of an event, {@code second}s after the test's start. */
    private Instant at(int second) {
        return t0.plusSeconds(second);
    }
}
