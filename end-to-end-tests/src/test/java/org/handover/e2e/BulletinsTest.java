package org.handover.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.handover.emulator.ApiLatency;
import org.handover.emulator.JournalEntry;
import org.handover.emulator.LinkClick;
import org.handover.emulator.MessengerEmulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Bulletins through the whole system: a page admin sends one message to every user of a page through
 * handover-service's admin API; handover-service orders one copy per conversation on the decision stream, holds the
 * copies of threads an agent holds, and bot-service sends them through the emulator's Send API. Every assertion reads
 * what Meta (the emulator) saw, and the bulletin's progress as handover-service reports it.
 */
@ExtendWith(StackExtension.class)
class BulletinsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * A bulletin's whole delivery on a slow machine: 60 copies at the page's pace (10 a second here), plus a
     * handover's return.
     */
    private static final Duration DELIVERY = Duration.ofSeconds(90);
    /**
     * After a crash: a send in flight when bot-service died is leased to the dead process and waited for until its
     * lease ends (about 74 s by default) before it is declared outcome_unknown.
     */
    private static final Duration AFTER_CRASH = Duration.ofMinutes(4);

    private final E2eStack stack;
    private final MessengerEmulator meta;
    private final Conversations conversations;

    BulletinsTest(E2eStack stack) {
        this.stack = stack;
        this.meta = stack.emulator();
        this.conversations = new Conversations(stack);
    }

    @Test
    void aBulletinWaitsWhileAnAgentHoldsTheThreadAndReachesEveryUserOnce() {
        String page = World.BULLETIN_PAGE;
        setUpPage(page);
        JsonNode settings = conversations.settings(page);
        List<String> users = newUsers(page, 50);
        List<String> withAgent = users.subList(0, 10);
        List<String> withBot = users.subList(10, 50);
        handToAgent(page, settings, withAgent);
        String outside = newUsers(page, 1).get(0);
        lastWroteHoursAgo(page, outside, 25);

        String text = "Spring service week: 20% off every repair until Sunday.";
        JsonNode created = createBulletin(page, Map.of("text", text,
                "quickReplies", List.of(Map.of("title", "Opening hours", "payload", "OPENING_HOURS"))));
        String id = created.path("id").asText();

        // 40 now; the 10 an agent holds are held; the one outside the window is dropped with the reason
        JsonNode progress = awaitProgress(page, id, p -> p.path("sent").asLong() == 40
                && p.path("held").asLong() == 10 && p.path("dropped").asLong() == 1);
        assertThat(progress.path("recipients").asLong()).isEqualTo(51);
        assertThat(progress.path("reasons").path("HELD").path("agent_holds_thread").asLong()).isEqualTo(10);
        assertThat(progress.path("reasons").path("DROPPED").path("outside_window").asLong()).isEqualTo(1);
        assertThat(copies(page, text, withBot)).as("copies per user the bot holds")
                .containsOnlyKeys(withBot).allSatisfy((psid, n) -> assertThat(n).isEqualTo(1));
        assertThat(copies(page, text, withAgent)).as("copies while an agent holds the thread").isEmpty();
        JournalEntry copy = sends(page, text).get(0);
        assertThat(copy.detail("messagingType")).isEqualTo("UPDATE");
        assertThat(copy.detail("quickReplies")).contains("Opening hours");

        // the agent marks each done: the bot is back, and then the bulletin goes out
        withAgent.forEach(psid -> meta.agent(page).marksDone(psid));
        progress = awaitProgress(page, id, p -> p.path("sent").asLong() == 50);
        for (String psid : withAgent) {
            JournalEntry back = on(page).awaitBotSays(psid, settings.path("botIsBackText").asText());
            List<JournalEntry> got = sends(page, text).stream().filter(e -> psid.equals(e.psid())).toList();
            assertThat(got).as("copies to %s after done", psid).hasSize(1);
            assertThat(got.get(0).seq()).as("the copy follows the bot's return").isGreaterThan(back.seq());
        }
        JsonNode done = awaitBulletin(page, id, b -> "DONE".equals(b.path("state").asText()));
        assertThat(done.path("progress").path("sent").asLong()).isEqualTo(50);
        assertThat(done.path("progress").path("held").asLong()).isZero();
        assertThat(done.path("progress").path("dropped").asLong()).isEqualTo(1);
        assertThat(copies(page, text, users)).containsOnlyKeys(users)
                .allSatisfy((psid, n) -> assertThat(n).isEqualTo(1));
        assertThat(sends(page, text)).extracting(JournalEntry::psid).doesNotContain(outside);
        assertThat(meta.journal().sendsWithoutControl(World.OUR_APP)).filteredOn(e -> page.equals(e.pageId()))
                .as("sends to threads our app did not own").isEmpty();
    }

    @Test
    void aCrashOfBotServiceMidFanOutSendsNobodyTwice() {
        String page = World.BULLETIN_CRASH_PAGE;
        setUpPage(page);
        List<String> users = newUsers(page, 30);
        String text = "Our workshop moves next door on Monday: same hours, more room.";
        // Meta's latency spread over 150 ms to 2.15 s: bot-service's 64 lanes start each release of copies (the
        // page's pace: 10 a second here) at once, and the kill (once 3 are answered) finds many still in the call
        // and most not ordered yet.
        meta.latency().send(ApiLatency.Delay.ofMillis(150, 2000));
        try {
            String id = createBulletin(page, Map.of("text", text)).path("id").asText();
            await("the first copies").atMost(DELIVERY).pollInterval(Duration.ofMillis(20))
                    .until(() -> sends(page, text).size() >= 3);
            stack.kill("bot-service", 1);
            int beforeCrash = sends(page, text).size();
            assertThat(beforeCrash).as("copies Meta had answered when bot-service was killed: the kill falls inside"
                    + " the fan-out").isLessThan(users.size());
            stack.restart("bot-service", 1);
            stack.awaitWhole();

            JsonNode done = awaitBulletin(page, id, AFTER_CRASH, b -> "DONE".equals(b.path("state").asText()));
            JsonNode progress = done.path("progress");
            Map<String, Long> copies = copies(page, text, users);
            assertThat(copies).as("copies per user").allSatisfy((psid, n) -> assertThat(n).isEqualTo(1));
            // A copy whose send was in flight at the crash is reported outcome_unknown and never sent again; every
            // other copy is sent once and reported sent, also the ones whose report died with the process (their
            // redelivery reports the outcome bot-service recorded: fresh-clone runs once saw 27 and 29 of 30 when it
            // reported those as duplicates).
            long unknown = progress.path("reasons").path("FAILED").path("outcome_unknown").asLong();
            assertThat(progress.path("sent").asLong() + unknown).as("sent + outcome_unknown of %s", progress)
                    .isEqualTo(users.size());
            assertThat(copies.size()).isBetween((int) progress.path("sent").asLong(), users.size());
            System.out.printf("Bulletin crash: %d users, %d copies before the kill, %d sent, %d outcome_unknown%n",
                    users.size(), beforeCrash, progress.path("sent").asLong(), unknown);
        } finally {
            meta.latency().send(ApiLatency.Delay.NONE);
        }
    }

    @Test
    void clicksOnABulletinsTrackedLinksCountOncePerRecipientAndAForgedLinkIsRefused() {
        String page = World.BULLETIN_LINKS_PAGE;
        setUpPage(page);
        List<String> users = newUsers(page, 5);
        String sale = "https://shop.example.com/sale?season=spring";
        String faq = "https://shop.example.com/faq";
        String id = createBulletin(page, Map.of("text", "Spring sale: " + sale + ". Questions? " + faq))
                .path("id").asText();
        awaitProgress(page, id, p -> p.path("sent").asLong() == users.size());

        // each user got links of their own, on our public address, showing neither the target nor who they are
        Map<String, List<String>> links = new LinkedHashMap<>();
        users.forEach(psid -> links.put(psid, meta.user(page, psid).links()));
        assertThat(links).allSatisfy((psid, own) -> assertThat(own).hasSize(2).allSatisfy(link -> assertThat(link)
                .startsWith("http://localhost:").contains("/l/").doesNotContain("shop.example.com")
                .doesNotContain(psid)));
        assertThat(links.values().stream().flatMap(List::stream).distinct().count()).isEqualTo(2L * users.size());

        // users 0, 1 and 2 open the sale, user 0 three times and the FAQ too: a browser is redirected to the target
        LinkClick first = meta.user(page, users.get(0)).clicks(0);
        assertThat(first.status()).isEqualTo(302);
        assertThat(first.location()).isEqualTo(sale);
        assertThat(first.landedOn()).isEqualTo(sale);
        meta.user(page, users.get(0)).clicks(0);
        meta.user(page, users.get(0)).clicks(0);
        meta.user(page, users.get(1)).clicks(0);
        meta.user(page, users.get(2)).clicks(0);
        assertThat(meta.user(page, users.get(0)).clicks(1).location()).isEqualTo(faq);

        // a link with one character of its token changed is refused, and redirects nowhere
        String own = links.get(users.get(3)).get(0);
        int at = own.length() - 10;
        String forged = own.substring(0, at) + (own.charAt(at) == 'A' ? 'B' : 'A') + own.substring(at + 1);
        LinkClick refused = meta.user(page, users.get(3)).opens(forged);
        assertThat(refused.status()).isEqualTo(404);
        assertThat(refused.location()).isNull();

        // the last click: one bulletin's clicks are counted in order, so once it is, every click before it was
        meta.user(page, users.get(4)).clicks(1);
        JsonNode counted = awaitBulletin(page, id, b -> b.path("links").path(1).path("clicked").asLong() == 2);
        assertThat(counted.path("links").path(0).path("url").asText()).isEqualTo(sale);
        assertThat(counted.path("links").path(0).path("clicked").asLong()).as("repeat clicks count once")
                .isEqualTo(3);
        assertThat(counted.path("progress").path("clicked").asLong()).isEqualTo(4);
        assertThat(counted.path("progress").path("clickThroughRate").asDouble()).isEqualTo(4.0 / users.size());
        assertThat(counted.path("links").path(0).path("clickThroughRate").asDouble()).isEqualTo(3.0 / users.size());
    }

    @Test
    void aBulletinGoesOutAtThePagesPace() {
        String page = World.BULLETIN_PACE_PAGE;
        setUpPage(page);
        List<String> users = newUsers(page, 40);
        String text = "The workshop is closed on Friday for the town's bike parade.";
        String id = createBulletin(page, Map.of("text", text)).path("id").asText();

        JsonNode done = awaitBulletin(page, id, b -> "DONE".equals(b.path("state").asText()));
        assertThat(done.path("progress").path("sent").asLong()).isEqualTo(users.size());
        assertThat(copies(page, text, users)).containsOnlyKeys(users)
                .allSatisfy((psid, n) -> assertThat(n).isEqualTo(1));
        // handover-service ordered the copies at the page's pace (10 a second here, a burst of one 1 s tick):
        // never more than rate x (1 s + burst) in any second, and 40 copies over at least 3 s
        int rate = E2eStack.BULLETIN_RATE_PER_PAGE;
        List<Instant> ordered = orderedAt(id);
        assertThat(ordered).hasSize(users.size());
        for (Instant from : ordered) {
            assertThat(ordered.stream().filter(t -> !t.isBefore(from) && !t.isAfter(from.plusSeconds(1))).count())
                    .as("copies ordered in the second from %s", from).isLessThanOrEqualTo(2L * rate);
        }
        assertThat(Duration.between(ordered.get(0), ordered.get(ordered.size() - 1)))
                .isGreaterThanOrEqualTo(Duration.ofSeconds(users.size() / rate - 1).minusMillis(100));
    }

    @Test
    void aCancelledBulletinSendsNoMoreAndItsCopiesNotSentAreRecordedCancelled() {
        String page = World.BULLETIN_CANCEL_PAGE;
        setUpPage(page);
        List<String> users = newUsers(page, 60);
        String text = "Our spring raffle starts tomorrow.";
        String id = createBulletin(page, Map.of("text", text)).path("id").asText();
        // cancelled once the release began: at 10 a second, 60 copies take 5 s to be ordered
        awaitProgress(page, id, p -> p.path("queued").asLong() + p.path("sent").asLong() > 0);
        E2eStack.Response cancelled = stack.admin("POST", "handover-service",
                "/admin/pages/" + page + "/bulletins/" + id + "/cancel", null);
        assertThat(cancelled.status()).isEqualTo(200);
        assertThat(cancelled.body().path("state").asText()).isEqualTo("CANCELLED");

        // the copies ordered before the cancel are reported; every other one is recorded cancelled, never sent
        JsonNode settled = awaitProgress(page, id, p -> p.path("queued").asLong() == 0);
        long sent = settled.path("sent").asLong();
        long recalled = settled.path("reasons").path("DROPPED").path("cancelled").asLong();
        assertThat(sent + recalled).as("sent + cancelled of %s", settled).isEqualTo(users.size());
        assertThat(recalled).as("copies recalled").isPositive();
        Map<String, Long> copies = copies(page, text, users);
        assertThat(copies).as("copies Meta got").hasSize((int) sent)
                .allSatisfy((psid, n) -> assertThat(n).isEqualTo(1));
        System.out.printf("Bulletin cancelled: %d users, %d sent before the cancel, %d cancelled%n", users.size(),
                sent, recalled);
    }

    @Test
    void aBulletinThatBreaksTheRulesIsRefusedWithEveryProblem() {
        E2eStack.Response refused = stack.admin("POST", "handover-service",
                "/admin/pages/" + World.BULLETIN_PAGE + "/bulletins", Map.of("text", "",
                        "audience", "TAGGED", "tag", "HUMAN_AGENT"));
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.body().path("reason").asText()).isEqualTo("invalid_bulletin");
        assertThat(refused.body().path("errors")).extracting(JsonNode::asText)
                .anyMatch(e -> e.startsWith("text:")).anyMatch(e -> e.startsWith("tag:"))
                .anyMatch(e -> e.startsWith("policy:"));
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /** The page gets the demo catalog (as its own) in bot-service and handover activated in handover-service. */
    /** The conversations of a bulletin page: the legacy demo's catalog and setup on a page of its own. */
    private Conversations on(String page) {
        return new Conversations(stack, new DemoPage(page, DemoPage.LEGACY.setupKind(), DemoPage.LEGACY.catalog()));
    }

    private void setUpPage(String page) {
        ObjectNode catalog;
        try {
            catalog = (ObjectNode) JSON.readTree(Path.of(System.getProperty(StackExtension.ROOT_PROPERTY, ".."))
                    .resolve("bot-service/src/main/resources/catalogs/demo-" + World.DEMO_PAGE + ".json").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        catalog.put("pageId", page);
        E2eStack.Response saved = stack.admin("PUT", "bot-service", "/admin/catalogs/" + page, catalog);
        assertThat(saved.status()).as("catalog: %s", saved.body()).isEqualTo(200);
        E2eStack.Response settings = stack.admin("PUT", "handover-service", "/admin/pages/" + page + "/settings",
                conversations.settingsBody("MESSENGER", "LEGACY_ROLES"));
        assertThat(settings.status()).as("settings: %s", settings.body()).isEqualTo(200);
        E2eStack.Response activated = stack.admin("POST", "handover-service", "/admin/pages/" + page + "/activate",
                null);
        assertThat(activated.status()).as("activation: %s", activated.body()).isEqualTo(200);
    }

    /** {@code n} new users who pressed Get Started and got the welcome (so the bot owns their threads). */
    private List<String> newUsers(String page, int n) {
        List<String> users = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String psid = Conversations.newUser();
            meta.user(page, psid).postback("Get Started", "GET_STARTED");
            users.add(psid);
        }
        String welcome = conversations.answerText("GET_STARTED");
        users.forEach(psid -> on(page).awaitBotSays(psid, welcome));
        return users;
    }

    /** Each user asks for a person and accepts: the Page Inbox holds their threads. */
    private void handToAgent(String page, JsonNode settings, List<String> users) {
        users.forEach(psid -> meta.user(page, psid).says("My bike arrived with a broken brake"));
        users.forEach(psid -> on(page).awaitBotSays(psid, settings.path("questionText").asText()));
        users.forEach(psid -> meta.user(page, psid).taps(settings.path("acceptTitle").asText()));
        users.forEach(psid -> await("the inbox to hold " + psid).atMost(Conversations.STEP)
                .pollInterval(Duration.ofMillis(50)).until(() -> World.INBOX.equals(meta.platform().owner(page, psid))));
        users.forEach(psid -> await("handover-service to see the agent hold " + psid).atMost(Conversations.STEP)
                .pollInterval(Duration.ofMillis(100)).until(() -> "AGENT".equals(stack.admin("GET",
                        "handover-service", "/admin/pages/" + page + "/conversations/" + psid + "/history", null)
                        .body().path("owner").asText())));
    }

    /**
     * The user last wrote {@code hours} ago as far as handover-service knows: its record of the user's last message
     * is moved back, since the emulator's clock only moves forward (and moving it would move every user's).
     */
    private void lastWroteHoursAgo(String page, String psid, int hours) {
        try (Connection c = DriverManager.getConnection(stack.database().jdbcUrl(), stack.database().username(),
                stack.database().password());
                PreparedStatement update = c.prepareStatement("update conversation set last_user_activity_at = "
                        + "now() - make_interval(hours => ?) where page_id = ? and psid = ?")) {
            update.setInt(1, hours);
            update.setString(2, page);
            update.setString(3, psid);
            assertThat(update.executeUpdate()).isEqualTo(1);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot move the user's last message back", e);
        }
    }

    /** When handover-service last ordered each recipient's copy of the bulletin, in order. */
    private List<Instant> orderedAt(String id) {
        try (Connection c = DriverManager.getConnection(stack.database().jdbcUrl(), stack.database().username(),
                stack.database().password());
                PreparedStatement select = c.prepareStatement("select ordered_at from bulletin_recipient "
                        + "where bulletin_id = ? and ordered_at is not null order by ordered_at")) {
            select.setString(1, id);
            List<Instant> times = new ArrayList<>();
            try (java.sql.ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    times.add(rows.getTimestamp(1).toInstant());
                }
            }
            return times;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the bulletin's recipients", e);
        }
    }

    private JsonNode createBulletin(String page, Map<String, Object> body) {
        E2eStack.Response created = stack.admin("POST", "handover-service", "/admin/pages/" + page + "/bulletins",
                new LinkedHashMap<>(body));
        assertThat(created.status()).as("bulletin: %s", created.body()).isEqualTo(201);
        return created.body();
    }

    private JsonNode awaitBulletin(String page, String id, java.util.function.Predicate<JsonNode> done) {
        return awaitBulletin(page, id, DELIVERY, done);
    }

    private JsonNode awaitBulletin(String page, String id, Duration atMost,
            java.util.function.Predicate<JsonNode> done) {
        return await("bulletin " + id).atMost(atMost).pollInterval(Duration.ofMillis(200))
                .until(() -> stack.admin("GET", "handover-service", "/admin/pages/" + page + "/bulletins/" + id,
                        null).body(), done::test);
    }

    private JsonNode awaitProgress(String page, String id, java.util.function.Predicate<JsonNode> reached) {
        return awaitBulletin(page, id, b -> reached.test(b.path("progress"))).path("progress");
    }

    /** The Send API calls Meta accepted from our app on {@code page} with {@code text}, oldest first. */
    private List<JournalEntry> sends(String page, String text) {
        return meta.journal().select(e -> e.type() == JournalEntry.Type.SEND_API && e.ok()
                && World.OUR_APP.equals(e.appId()) && page.equals(e.pageId()) && text.equals(e.detail("text")));
    }

    /** How many copies of {@code text} each of {@code users} got (users who got none are absent). */
    private Map<String, Long> copies(String page, String text, List<String> users) {
        Set<String> wanted = Set.copyOf(users);
        return sends(page, text).stream().map(JournalEntry::psid).filter(wanted::contains)
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }
}
