package org.handover.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.handover.contracts.Messenger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class MessengerPlatformTest {

    static final String PAGE = "110000000000001";
    static final String BOT = "220000000000002";
    static final String INBOX = Messenger.PAGE_INBOX_APP_ID;
    static final String CS_APP = "330000000000003";
    static final String BOT_TOKEN = "bot-token";
    static final String INBOX_TOKEN = "inbox-token";
    static final String CS_TOKEN = "cs-token";
    static final ObjectMapper JSON = new ObjectMapper();

    final List<WebhookEvent> webhooks = new ArrayList<>();
    final EmulatorClock clock = EmulatorClock.system();
    MessengerPlatform meta;

    @BeforeEach
    void setUp() {
        meta = new MessengerPlatform(clock, new Journal(), webhooks::add);
        meta.putApp(new AppSpec(BOT, "Shop bot", "secret", java.net.URI.create("http://localhost:1/webhook")));
        meta.putApp(AppSpec.pageInbox());
        meta.putApp(new AppSpec(CS_APP, "Helpdesk", null, null));
        meta.putPage(legacyPage(BOT, List.of(INBOX)));
        webhooks.clear();
    }

    static PageSpec legacyPage(String primary, List<String> secondaries) {
        return new PageSpec(PAGE, "Shop", new PageSetup.Legacy(primary, secondaries), List.of(BOT, INBOX, CS_APP),
                Map.of(BOT, BOT_TOKEN, INBOX, INBOX_TOKEN, CS_APP, CS_TOKEN));
    }

    static ObjectNode body(String json) {
        try {
            return (ObjectNode) JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    static ObjectNode text(String psid, String text) {
        return body("{\"recipient\":{\"id\":\"" + psid + "\"},\"messaging_type\":\"RESPONSE\",\"message\":{\"text\":\""
                + text + "\",\"metadata\":\"d-1#1\"}}");
    }

    static ObjectNode recipient(String psid) {
        return body("{\"recipient\":{\"id\":\"" + psid + "\"}}");
    }

    static ObjectNode passTo(String psid, String target) {
        return body("{\"recipient\":{\"id\":\"" + psid + "\"},\"target_app_id\":\"" + target
                + "\",\"metadata\":\"why\"}");
    }

    static GraphError errorOf(Runnable call) {
        try {
            call.run();
        } catch (GraphException e) {
            return e.error();
        }
        throw new AssertionError("the call succeeded");
    }

    List<WebhookEvent> takeWebhooks() {
        List<WebhookEvent> taken = List.copyOf(webhooks);
        webhooks.clear();
        return taken;
    }

    @Nested
    class Routing {

        @Test
        void aUserMessageOnAnIdleThreadGoesToThePrimaryInMessagingAndToTheOthersInStandby() {
            String mid = meta.userSays(PAGE, "u1", "hello");

            assertThat(takeWebhooks()).extracting(WebhookEvent::appId, WebhookEvent::channel, WebhookEvent::kind,
                    WebhookEvent::id).containsExactly(
                    tuple(BOT, "messaging", "message", mid),
                    tuple(INBOX, "standby", "message", mid),
                    tuple(CS_APP, "standby", "message", mid));
            assertThat(meta.owner(PAGE, "u1")).isEqualTo(BOT);
        }

        @Test
        void theEventCarriesMetasFields() {
            String mid = meta.userSays(PAGE, "u1", "caf\u00e9");

            JsonNode event = takeWebhooks().get(0).event();
            assertThat(event.path("sender").path("id").asText()).isEqualTo("u1");
            assertThat(event.path("recipient").path("id").asText()).isEqualTo(PAGE);
            assertThat(event.path("timestamp").asLong()).isPositive();
            assertThat(event.path("message").path("mid").asText()).isEqualTo(mid);
            assertThat(event.path("message").path("text").asText()).isEqualTo("caf\u00e9");
        }

        @Test
        void aStandbyPostbackCarriesNoPayload() {
            meta.userSays(PAGE, "u1", "hi");
            takeWebhooks();

            meta.userPostback(PAGE, "u1", "Opening hours", "OPENING_HOURS");

            List<WebhookEvent> events = takeWebhooks();
            assertThat(events.get(0).event().path("postback").path("payload").asText()).isEqualTo("OPENING_HOURS");
            assertThat(events.get(1).channel()).isEqualTo("standby");
            assertThat(events.get(1).event().path("postback").has("payload")).isFalse();
            assertThat(events.get(1).event().path("postback").path("title").asText()).isEqualTo("Opening hours");
        }

        @Test
        void afterAPassTheNewOwnerGetsMessagingAndTheBotStandby() {
            meta.userSays(PAGE, "u1", "hi");
            meta.passThreadControl(BOT_TOKEN, PAGE, passTo("u1", INBOX));
            takeWebhooks();

            String mid = meta.userSays(PAGE, "u1", "are you there?");

            assertThat(takeWebhooks()).extracting(WebhookEvent::appId, WebhookEvent::channel, WebhookEvent::id)
                    .containsExactly(tuple(BOT, "standby", mid), tuple(INBOX, "messaging", mid),
                            tuple(CS_APP, "standby", mid));
        }

        @Test
        void midsAreUniqueAcrossEmulatorInstances() {
            MessengerPlatform other = new MessengerPlatform(clock, new Journal(), e -> { });
            other.putApp(new AppSpec(BOT, "Shop bot", "secret", java.net.URI.create("http://localhost:1/webhook")));
            other.putApp(AppSpec.pageInbox());
            other.putApp(new AppSpec(CS_APP, "Helpdesk", null, null));
            other.putPage(legacyPage(BOT, List.of(INBOX)));

            assertThat(other.userSays(PAGE, "u1", "a")).isNotEqualTo(meta.userSays(PAGE, "u1", "a"));
        }

        @Test
        void aThreadWithoutActivityFor24HoursIsIdleAgain() {
            meta.userSays(PAGE, "u1", "hi");
            meta.passThreadControl(BOT_TOKEN, PAGE, passTo("u1", INBOX));

            clock.advance(Duration.ofHours(25));

            assertThat(meta.owner(PAGE, "u1")).isNull();
            assertThat(meta.threadOwner(BOT_TOKEN, PAGE, "u1").path("data")).isEmpty();
        }
    }

    @Nested
    class ThreadControl {

        @BeforeEach
        void conversation() {
            meta.userSays(PAGE, "u1", "hi");
            takeWebhooks();
        }

        @Test
        void theOwnerPassesControlAndTheNewOwnerIsTold() {
            assertThat(meta.passThreadControl(BOT_TOKEN, PAGE, passTo("u1", INBOX)).path("success").asBoolean())
                    .isTrue();

            assertThat(meta.owner(PAGE, "u1")).isEqualTo(INBOX);
            List<WebhookEvent> events = takeWebhooks();
            assertThat(events).extracting(WebhookEvent::appId, WebhookEvent::channel, WebhookEvent::kind)
                    .containsExactly(tuple(INBOX, "messaging", "pass_thread_control"));
            JsonNode pass = events.get(0).event().path("pass_thread_control");
            assertThat(pass.path("new_owner_app_id").asText()).isEqualTo(INBOX);
            assertThat(pass.path("previous_owner_app_id").asText()).isEqualTo(BOT);
            assertThat(pass.path("metadata").asText()).isEqualTo("why");
        }

        @Test
        void anAppThatDoesNotOwnTheThreadCannotPassIt() {
            GraphError error = errorOf(() -> meta.passThreadControl(CS_TOKEN, PAGE, passTo("u1", INBOX)));

            assertThat(error.label()).isEqualTo("10/2018300");
            assertThat(meta.owner(PAGE, "u1")).isEqualTo(BOT);
        }

        @Test
        void controlCannotBePassedToAnAppWithoutARole() {
            assertThat(errorOf(() -> meta.passThreadControl(BOT_TOKEN, PAGE, passTo("u1", CS_APP))).code())
                    .isEqualTo(100);
            assertThat(errorOf(() -> meta.passThreadControl(BOT_TOKEN, PAGE, passTo("u1", "999"))).code())
                    .isEqualTo(100);
            assertThat(errorOf(() -> meta.passThreadControl(BOT_TOKEN, PAGE, recipient("u1"))).code())
                    .isEqualTo(100);
        }

        @Test
        void controlOfAThreadWhoseUserNeverWroteCannotBePassed() {
            assertThat(errorOf(() -> meta.passThreadControl(BOT_TOKEN, PAGE, passTo("nobody", INBOX))).label())
                    .isEqualTo("100/2018001");
        }

        @Test
        void onlyThePrimaryReceiverTakesControlAndThePreviousOwnerIsTold() {
            meta.passThreadControl(BOT_TOKEN, PAGE, passTo("u1", INBOX));
            takeWebhooks();

            assertThat(errorOf(() -> meta.takeThreadControl(INBOX_TOKEN, PAGE, recipient("u1"))).code())
                    .isEqualTo(200);
            meta.takeThreadControl(BOT_TOKEN, PAGE, recipient("u1"));

            assertThat(meta.owner(PAGE, "u1")).isEqualTo(BOT);
            List<WebhookEvent> events = takeWebhooks();
            assertThat(events).extracting(WebhookEvent::appId, WebhookEvent::kind)
                    .containsExactly(tuple(INBOX, "take_thread_control"));
            assertThat(events.get(0).event().path("take_thread_control").path("previous_owner_app_id").asText())
                    .isEqualTo(INBOX);
        }

        @Test
        void aRequestGoesToTheOwner() {
            meta.requestThreadControl(INBOX_TOKEN, PAGE, body("{\"recipient\":{\"id\":\"u1\"},\"metadata\":\"m\"}"));

            List<WebhookEvent> events = takeWebhooks();
            assertThat(events).extracting(WebhookEvent::appId, WebhookEvent::channel, WebhookEvent::kind)
                    .containsExactly(tuple(BOT, "messaging", "request_thread_control"));
            assertThat(events.get(0).event().path("request_thread_control").path("requested_owner_app_id").asText())
                    .isEqualTo(INBOX);
            assertThat(meta.owner(PAGE, "u1")).isEqualTo(BOT);
        }

        @Test
        void theOwnerCannotRequestItsOwnThread() {
            assertThat(errorOf(() -> meta.requestThreadControl(BOT_TOKEN, PAGE, recipient("u1"))).code())
                    .isEqualTo(100);
        }

        @Test
        void releaseMakesTheThreadIdleAndOnlyTheOwnerMayRelease() {
            assertThat(errorOf(() -> meta.releaseThreadControl(INBOX_TOKEN, PAGE, recipient("u1"))).label())
                    .isEqualTo("10/2018300");

            meta.releaseThreadControl(BOT_TOKEN, PAGE, recipient("u1"));

            assertThat(meta.threadOwner(BOT_TOKEN, PAGE, "u1").path("data")).isEmpty();
        }

        @Test
        void threadOwnerNamesTheOwningApp() {
            assertThat(meta.threadOwner(INBOX_TOKEN, PAGE, "u1").path("data").get(0).path("thread_owner")
                    .path("app_id").asText()).isEqualTo(BOT);
        }

        @Test
        void everyCallAndOwnerChangeIsJournaled() {
            meta.passThreadControl(BOT_TOKEN, PAGE, passTo("u1", INBOX));

            assertThat(meta.journal().conversation(PAGE, "u1")).extracting(JournalEntry::type, JournalEntry::action,
                    JournalEntry::outcome).containsExactly(
                    tuple(JournalEntry.Type.OWNER_CHANGE, "idle_thread_message", "ok"),
                    tuple(JournalEntry.Type.USER, "text", "ok"),
                    tuple(JournalEntry.Type.OWNER_CHANGE, "pass_thread_control", "ok"),
                    tuple(JournalEntry.Type.THREAD_CONTROL, "pass_thread_control", "ok"));
        }
    }

    @Nested
    class SendApi {

        @BeforeEach
        void conversation() {
            meta.userSays(PAGE, "u1", "hi");
            takeWebhooks();
        }

        @Test
        void theOwnerSendsAndEveryAppGetsTheEchoWithAppIdAndMetadata() {
            JsonNode answer = meta.send(BOT_TOKEN, PAGE, text("u1", "Hello!"));

            String mid = answer.path("message_id").asText();
            assertThat(answer.path("recipient_id").asText()).isEqualTo("u1");
            List<WebhookEvent> echoes = takeWebhooks();
            assertThat(echoes).extracting(WebhookEvent::appId, WebhookEvent::channel, WebhookEvent::kind,
                    WebhookEvent::id).containsExactly(tuple(BOT, "messaging", "message_echo", mid),
                    tuple(INBOX, "standby", "message_echo", mid), tuple(CS_APP, "standby", "message_echo", mid));
            JsonNode message = echoes.get(0).event().path("message");
            assertThat(message.path("is_echo").asBoolean()).isTrue();
            assertThat(message.path("app_id").asLong()).isEqualTo(Long.parseLong(BOT));
            assertThat(message.path("metadata").asText()).isEqualTo("d-1#1");
            assertThat(echoes.get(0).event().path("recipient").path("id").asText()).isEqualTo("u1");
            assertThat(meta.journal().sent(BOT)).singleElement()
                    .satisfies(e -> assertThat(e.detail("callerOwnedThread")).isEqualTo("true"));
        }

        @Test
        void anAppThatDoesNotOwnTheThreadIsRefusedAndTheAttemptIsJournaled() {
            meta.passThreadControl(BOT_TOKEN, PAGE, passTo("u1", INBOX));
            takeWebhooks();

            assertThat(errorOf(() -> meta.send(BOT_TOKEN, PAGE, text("u1", "Still me"))).label())
                    .isEqualTo("10/2018300");
            assertThat(takeWebhooks()).isEmpty();
            assertThat(meta.journal().sendsWithoutControl(BOT)).singleElement()
                    .satisfies(e -> assertThat(e.outcome()).isEqualTo("10/2018300"));
        }

        @Test
        void withoutStrictOwnershipTheMessageGoesOutButIsCountedAsWithoutControl() {
            meta.passThreadControl(BOT_TOKEN, PAGE, passTo("u1", INBOX));
            meta.strictOwnership(false);

            meta.send(BOT_TOKEN, PAGE, text("u1", "Still me"));

            assertThat(meta.journal().sendsWithoutControl(BOT)).singleElement()
                    .satisfies(e -> assertThat(e.outcome()).isEqualTo("ok"));
        }

        @Test
        void tokensAreCheckedAgainstThePage() {
            assertThat(errorOf(() -> meta.send("nope", PAGE, text("u1", "x"))).code()).isEqualTo(190);
            assertThat(errorOf(() -> meta.send(null, PAGE, text("u1", "x"))).code()).isEqualTo(190);
            assertThat(errorOf(() -> meta.send(BOT_TOKEN, "999", text("u1", "x"))).code()).isEqualTo(190);
            assertThat(meta.send(BOT_TOKEN, "me", text("u1", "x")).path("message_id").asText()).startsWith("m_");
        }

        @Test
        void aUserWhoNeverWroteCannotBeMessaged() {
            assertThat(errorOf(() -> meta.send(BOT_TOKEN, PAGE, text("u9", "x"))).label()).isEqualTo("100/2018001");
        }

        @Test
        void quickRepliesFollowMetasLimits() {
            String tooLong = "x".repeat(MessengerPlatform.QUICK_REPLY_TITLE_MAX + 1);
            ObjectNode request = body("{\"recipient\":{\"id\":\"u1\"},\"messaging_type\":\"RESPONSE\",\"message\":"
                    + "{\"text\":\"Q?\",\"quick_replies\":[{\"content_type\":\"text\",\"title\":\"" + tooLong
                    + "\",\"payload\":\"P\"}]}}");

            assertThat(errorOf(() -> meta.send(BOT_TOKEN, PAGE, request)).code()).isEqualTo(100);
        }

        @Test
        void theStandardWindowClosesTwentyFourHoursAfterTheUsersLastMessage() {
            clock.advance(Duration.ofHours(23));
            meta.send(BOT_TOKEN, PAGE, text("u1", "still in time"));
            clock.advance(Duration.ofHours(2));

            assertThat(errorOf(() -> meta.send(BOT_TOKEN, PAGE, text("u1", "too late"))).label())
                    .isEqualTo("10/2018278");
        }

        @Test
        void theUserTapsAQuickReplyThePageOffered() {
            meta.send(BOT_TOKEN, PAGE, body("{\"recipient\":{\"id\":\"u1\"},\"messaging_type\":\"RESPONSE\","
                    + "\"message\":{\"text\":\"Agent?\",\"quick_replies\":[{\"content_type\":\"text\",\"title\":\"Yes\","
                    + "\"payload\":\"MH_HANDOVER_ACCEPT\"},{\"content_type\":\"text\",\"title\":\"No\","
                    + "\"payload\":\"MH_HANDOVER_REJECT\"}]}}"));
            takeWebhooks();

            assertThat(meta.offered(PAGE, "u1")).containsExactly("Yes", "No");
            meta.userTaps(PAGE, "u1", "yes");

            JsonNode message = takeWebhooks().get(0).event().path("message");
            assertThat(message.path("text").asText()).isEqualTo("Yes");
            assertThat(message.path("quick_reply").path("payload").asText()).isEqualTo("MH_HANDOVER_ACCEPT");
            assertThat(meta.offered(PAGE, "u1")).isEmpty();
            assertThatThrownBy(() -> meta.userTaps(PAGE, "u1", "Yes")).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Nested
    class PageInbox {

        @BeforeEach
        void conversationInTheInbox() {
            meta.userSays(PAGE, "u1", "hi");
            meta.passThreadControl(BOT_TOKEN, PAGE, passTo("u1", INBOX));
            takeWebhooks();
        }

        @Test
        void markingDonePassesControlBackToThePrimary() {
            meta.agentMarksDone(PAGE, "u1");

            assertThat(meta.owner(PAGE, "u1")).isEqualTo(BOT);
            List<WebhookEvent> events = takeWebhooks();
            assertThat(events).extracting(WebhookEvent::appId, WebhookEvent::channel, WebhookEvent::kind)
                    .containsExactly(tuple(BOT, "messaging", "pass_thread_control"));
            assertThat(events.get(0).event().path("pass_thread_control").path("new_owner_app_id").asText())
                    .isEqualTo(BOT);
        }

        @Test
        void anAgentReplyIsEchoedWithTheInboxAppId() {
            String mid = meta.agentReplies(PAGE, "u1", "Hi, Anna here");

            assertThat(takeWebhooks()).filteredOn(e -> e.appId().equals(BOT)).singleElement().satisfies(e -> {
                assertThat(e.channel()).isEqualTo("standby");
                assertThat(e.id()).isEqualTo(mid);
                assertThat(e.event().path("message").path("app_id").asText()).isEqualTo(INBOX);
            });
        }

        @Test
        void movingIntoTheInboxAsksTheOwnerForControl() {
            meta.agentMarksDone(PAGE, "u1");
            takeWebhooks();

            meta.agentMovesToInbox(PAGE, "u1");

            assertThat(takeWebhooks()).extracting(WebhookEvent::appId, WebhookEvent::kind)
                    .containsExactly(tuple(BOT, "request_thread_control"));
        }

        @Test
        void aConversationNotInTheInboxCannotBeMarkedDone() {
            meta.agentMarksDone(PAGE, "u1");

            assertThatThrownBy(() -> meta.agentMarksDone(PAGE, "u1")).isInstanceOf(IllegalStateException.class);
        }

        @Test
        void theTranscriptTellsTheStory() {
            meta.agentReplies(PAGE, "u1", "Hi, Anna here");
            meta.agentMarksDone(PAGE, "u1");

            List<TranscriptLine> lines = Transcripts.of(meta.journal().conversation(PAGE, "u1"),
                    id -> meta.app(id).name());

            assertThat(lines).extracting(TranscriptLine::speaker, TranscriptLine::text).containsExactly(
                    tuple("control", "thread owner: idle -> Shop bot (idle_thread_message)"),
                    tuple("user", "hi"),
                    tuple("control", "thread owner: Shop bot -> Page Inbox (pass_thread_control)"),
                    tuple("agent", "Hi, Anna here"),
                    tuple("control", "agent marks the conversation done"),
                    tuple("control", "thread owner: Page Inbox -> Shop bot (pass_thread_control)"));
        }
    }

    @Nested
    class Roles {

        @Test
        void thePrimaryReadsTheSecondaryReceivers() {
            JsonNode data = meta.secondaryReceivers(BOT_TOKEN, PAGE).path("data");

            assertThat(data).hasSize(1);
            assertThat(data.get(0).path("id").asText()).isEqualTo(INBOX);
            assertThat(data.get(0).path("name").asText()).isEqualTo("Page Inbox");
        }

        @Test
        void anAppThatIsNotPrimaryCannotReadTheSecondaryReceivers() {
            meta.setSetup(PAGE, new PageSetup.Legacy(CS_APP, List.of(INBOX)));

            assertThat(errorOf(() -> meta.secondaryReceivers(BOT_TOKEN, PAGE)).code()).isEqualTo(200);
        }

        @Test
        void conversationRoutingHasNoSecondaryReceiversButListsTheSubscribedApps() {
            meta.setSetup(PAGE, new PageSetup.ConversationRouting(BOT));

            assertThat(errorOf(() -> meta.secondaryReceivers(BOT_TOKEN, PAGE)).code()).isEqualTo(200);
            assertThat(meta.subscribedApps(BOT_TOKEN, PAGE).path("data")).extracting(n -> n.path("id").asText())
                    .containsExactly(BOT, INBOX, CS_APP);
        }

        @Test
        void legacyRolesAreAnnouncedWithAppRoles() {
            meta.setSetup(PAGE, new PageSetup.Legacy(BOT, List.of(INBOX, CS_APP)));

            List<WebhookEvent> events = takeWebhooks();
            assertThat(events).extracting(WebhookEvent::appId).containsExactly(BOT, INBOX, CS_APP);
            JsonNode roles = events.get(0).event().path("app_roles");
            assertThat(roles.path(BOT).get(0).asText()).isEqualTo("primary_receiver");
            assertThat(roles.path(CS_APP).get(0).asText()).isEqualTo("secondary_receiver");
        }

        @Test
        void withoutADefaultAppAnIdleThreadsMessagesAreAllStandby() {
            meta.setSetup(PAGE, new PageSetup.ConversationRouting(null));

            meta.userSays(PAGE, "u2", "hello?");

            assertThat(takeWebhooks()).extracting(WebhookEvent::channel).containsOnly("standby");
            assertThat(meta.owner(PAGE, "u2")).isNull();
        }
    }

    @Nested
    class ConversationRoutingRules {

        @BeforeEach
        void routingPage() {
            meta.setSetup(PAGE, new PageSetup.ConversationRouting(BOT));
            meta.userSays(PAGE, "u1", "hi");
            takeWebhooks();
        }

        @Test
        void anIdleThreadGoesToTheDefaultAppWhenTheUserWrites() {
            meta.passThreadControl(BOT_TOKEN, PAGE, passTo("u1", CS_APP));
            clock.advance(Duration.ofHours(25));
            takeWebhooks();

            String mid = meta.userSays(PAGE, "u1", "still there?");

            assertThat(takeWebhooks()).filteredOn(e -> e.id().equals(mid))
                    .extracting(WebhookEvent::appId, WebhookEvent::channel).containsExactly(
                            tuple(BOT, "messaging"), tuple(INBOX, "standby"), tuple(CS_APP, "standby"));
            assertThat(meta.owner(PAGE, "u1")).isEqualTo(BOT);
        }

        @Test
        void anyConnectedAppMayHoldAThreadButOnlyTheDefaultAppTakesIt() {
            meta.passThreadControl(BOT_TOKEN, PAGE, passTo("u1", CS_APP));

            assertThat(errorOf(() -> meta.takeThreadControl(INBOX_TOKEN, PAGE, recipient("u1"))).code())
                    .isEqualTo(200);
            meta.takeThreadControl(BOT_TOKEN, PAGE, recipient("u1"));
            assertThat(meta.owner(PAGE, "u1")).isEqualTo(BOT);
        }

        @Test
        void theInboxsDoneReturnsTheThreadToTheDefaultApp() {
            meta.passThreadControl(BOT_TOKEN, PAGE, passTo("u1", INBOX));
            takeWebhooks();

            meta.agentMarksDone(PAGE, "u1");

            assertThat(meta.owner(PAGE, "u1")).isEqualTo(BOT);
            assertThat(takeWebhooks()).extracting(WebhookEvent::appId, WebhookEvent::kind)
                    .containsExactly(tuple(BOT, "pass_thread_control"));
        }

        @Test
        void aReleasedThreadGoesBackToTheDefaultAppWithoutAWebhook() {
            meta.passThreadControl(BOT_TOKEN, PAGE, passTo("u1", CS_APP));
            takeWebhooks();

            meta.releaseThreadControl(CS_TOKEN, PAGE, recipient("u1"));

            assertThat(meta.owner(PAGE, "u1")).isEqualTo(BOT);
            assertThat(meta.threadOwner(BOT_TOKEN, PAGE, "u1").path("data").get(0).path("thread_owner")
                    .path("app_id").asText()).isEqualTo(BOT);
            assertThat(takeWebhooks()).isEmpty();
        }

        @Test
        void extendThreadControlKeepsAQuietThreadWithItsOwnerForTheDuration() {
            meta.passThreadControl(BOT_TOKEN, PAGE, passTo("u1", INBOX));
            meta.extendThreadControl(INBOX_TOKEN, PAGE,
                    body("{\"recipient\":{\"id\":\"u1\"},\"duration\":" + Duration.ofHours(48).toSeconds() + "}"));

            clock.advance(Duration.ofHours(30));
            assertThat(meta.owner(PAGE, "u1")).as("24 h of silence, but extended to 48 h").isEqualTo(INBOX);
            clock.advance(Duration.ofHours(19));
            assertThat(meta.owner(PAGE, "u1")).as("after the extension").isNull();
        }

        @Test
        void onlyTheOwnerExtendsAndTheDurationIsBounded() {
            assertThat(errorOf(() -> meta.extendThreadControl(INBOX_TOKEN, PAGE,
                    body("{\"recipient\":{\"id\":\"u1\"},\"duration\":60}"))).label()).isEqualTo("10/2018300");
            assertThat(errorOf(() -> meta.extendThreadControl(BOT_TOKEN, PAGE,
                    body("{\"recipient\":{\"id\":\"u1\"},\"duration\":0}"))).code()).isEqualTo(100);
            assertThat(errorOf(() -> meta.extendThreadControl(BOT_TOKEN, PAGE,
                    body("{\"recipient\":{\"id\":\"u1\"},\"duration\":604801}"))).code()).isEqualTo(100);
            assertThat(errorOf(() -> meta.extendThreadControl(BOT_TOKEN, PAGE, recipient("u1"))).code())
                    .isEqualTo(100);
        }

        @Test
        void withHandoverApisDisabledOnlyPassAndReleaseWork() {
            meta.setSetup(PAGE, new PageSetup.ConversationRouting(BOT, true));

            for (Runnable call : List.<Runnable>of(
                    () -> meta.takeThreadControl(BOT_TOKEN, PAGE, recipient("u1")),
                    () -> meta.requestThreadControl(INBOX_TOKEN, PAGE, recipient("u1")),
                    () -> meta.threadOwner(BOT_TOKEN, PAGE, "u1"),
                    () -> meta.secondaryReceivers(BOT_TOKEN, PAGE),
                    () -> meta.extendThreadControl(BOT_TOKEN, PAGE,
                            body("{\"recipient\":{\"id\":\"u1\"},\"duration\":60}")))) {
                GraphError error = errorOf(call);
                assertThat(error.code()).isEqualTo(200);
                assertThat(error.message()).contains("Handover Protocol APIs disabled for this page");
            }
            meta.passThreadControl(BOT_TOKEN, PAGE, passTo("u1", INBOX));
            assertThat(meta.owner(PAGE, "u1")).isEqualTo(INBOX);
            meta.releaseThreadControl(INBOX_TOKEN, PAGE, recipient("u1"));
            assertThat(meta.owner(PAGE, "u1")).isEqualTo(BOT);
        }

        @Test
        void aRevokedTokenIsAnswered190AndARotatedOneWorks() {
            assertThat(meta.revokeToken(PAGE, BOT)).isTrue();
            assertThat(errorOf(() -> meta.send(BOT_TOKEN, PAGE, text("u1", "hi"))).code()).isEqualTo(190);

            meta.grantToken(PAGE, BOT, "bot-token-2");
            assertThat(meta.send("bot-token-2", PAGE, text("u1", "hi")).path("message_id").asText()).startsWith("m_");
            assertThat(errorOf(() -> meta.pageInfo(BOT_TOKEN, PAGE, "name")).code()).isEqualTo(190);
            assertThat(meta.journal().since(0)).extracting(JournalEntry::action).contains("token_revoked",
                    "token_granted");
            assertThat(meta.journal().since(0).toString()).doesNotContain("bot-token-2");
        }

        @Test
        void thePageNodeGivesItsName() {
            JsonNode page = meta.pageInfo(BOT_TOKEN, PAGE, "name");

            assertThat(page.path("id").asText()).isEqualTo(PAGE);
            assertThat(page.path("name").asText()).isEqualTo("Shop");
            assertThat(errorOf(() -> meta.pageInfo("wrong", PAGE, "name")).code()).isEqualTo(190);
            assertThat(errorOf(() -> meta.pageInfo(BOT_TOKEN, PAGE, "secret_field")).code()).isEqualTo(100);
        }
    }
}
