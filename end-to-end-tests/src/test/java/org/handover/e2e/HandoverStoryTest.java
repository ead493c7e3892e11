package org.handover.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.handover.emulator.GraphError;
import org.handover.emulator.JournalEntry;
import org.handover.emulator.MessengerEmulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The product's story through the whole system: Meta (the emulator) posts signed webhooks to ingress-service, the
 * events go through routing-service and handover-service over Kafka, bot-service sends through the emulator's Send
 * API, and handover-service passes and takes thread control there. Every assertion reads what Meta saw.
 */
@ExtendWith(StackExtension.class)
class HandoverStoryTest {

    private final E2eStack stack;
    private final MessengerEmulator meta;
    private Conversations conversations;
    private String pageId;
    private String psid;

    HandoverStoryTest(E2eStack stack) {
        this.stack = stack;
        this.meta = stack.emulator();
    }

    /** Each story runs on both demo pages: Conversation Routing and legacy roles. */
    static List<DemoPage> pages() {
        return DemoPage.both();
    }

    /** A new user on the demo page, its handover active. */
    private void newUserOn(DemoPage demo) {
        conversations = new Conversations(stack, demo);
        conversations.activateDemoPage();
        pageId = demo.id();
        psid = Conversations.newUser();
    }

    @AfterEach
    void printTranscript(TestInfo test) {
        meta.delivery().duplicateProbability(0);
        if (conversations != null && psid != null) {
            System.out.println("---- " + test.getDisplayName() + " (user " + psid + " on " + pageId + ")\n"
                    + conversations.transcript(psid));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pages")
    void aGuidedMessageGetsTheGuidedAnswer(DemoPage demo) {
        newUserOn(demo);
        meta.user(pageId, psid).postback("Get Started", "GET_STARTED");
        JournalEntry welcome = conversations.awaitBotSays(psid, conversations.answerText("GET_STARTED"));
        assertThat(welcome.detail("quickReplies")).contains("Opening hours", "Delivery", "Returns");

        meta.user(pageId, psid).taps("Opening hours");
        conversations.awaitBotSays(psid, conversations.answerText("OPENING_HOURS"));

        assertThat(conversations.botTexts(psid)).containsExactly(conversations.answerText("GET_STARTED"),
                conversations.answerText("OPENING_HOURS"));
        assertThat(meta.platform().owner(pageId, psid)).isEqualTo(World.OUR_APP);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pages")
    void freeTextAsksTheQuestionAndARejectLeavesTheUserWithTheBot(DemoPage demo) {
        newUserOn(demo);
        JsonNode page = conversations.settings(pageId);
        meta.user(pageId, psid).says("Can I pay with a cheque?");
        JournalEntry question = conversations.awaitBotSays(psid, page.path("questionText").asText());
        assertThat(meta.user(pageId, psid).offered())
                .containsExactly(page.path("acceptTitle").asText(), page.path("rejectTitle").asText());
        assertThat(question.detail("quickReplies")).isNotNull();

        meta.user(pageId, psid).taps(page.path("rejectTitle").asText());
        conversations.awaitBotSays(psid, page.path("stayWithBotText").asText());

        // the bot carries on
        meta.user(pageId, psid).says("delivery");
        conversations.awaitBotSays(psid, conversations.answerText("DELIVERY"));
        assertThat(meta.platform().owner(pageId, psid)).isEqualTo(World.OUR_APP);
        assertThat(conversations.threadControlCalls(psid, "pass_thread_control")).isEmpty();
        assertThat(conversations.history(pageId, psid).path("transitions"))
                .extracting(t -> t.path("cause").asText()).doesNotContain("user_accepted");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pages")
    void anAcceptedHandoverGoesToTheInboxAndComesBackWhenTheAgentIsDone(DemoPage demo) {
        newUserOn(demo);
        JsonNode page = conversations.settings(pageId);
        meta.user(pageId, psid).says("My bike arrived with a broken brake");
        conversations.awaitBotSays(psid, page.path("questionText").asText());

        meta.user(pageId, psid).taps(page.path("acceptTitle").asText());
        JournalEntry confirmation = conversations.awaitBotSays(psid, page.path("confirmationText").asText());
        conversations.awaitOwner(psid, World.INBOX);
        List<JournalEntry> passes = conversations.threadControlCalls(psid, "pass_thread_control");
        assertThat(passes).hasSize(1);
        assertThat(passes.get(0).ok()).isTrue();
        assertThat(passes.get(0).seq()).as("the confirmation is sent before control passes")
                .isGreaterThan(confirmation.seq());

        // while the inbox owns the thread the user's messages reach the bot as standby, and it stays silent
        String whileWithAgent = meta.user(pageId, psid).says("Hello? Is somebody there?");
        JournalEntry standby = conversations.awaitEntry("the message as standby for our app",
                e -> e.type() == JournalEntry.Type.WEBHOOK && World.OUR_APP.equals(e.appId())
                        && "true".equals(e.detail("accepted"))
                        && Conversations.carries(e, whileWithAgent, "standby"));
        assertThat(standby).isNotNull();
        conversations.awaitProcessed(whileWithAgent);
        meta.agent(pageId).replies(psid, "Hi, I am Anna. Sorry about the brake: we will send a new one.");
        String guidedWhileWithAgent = meta.user(pageId, psid).says("opening hours");
        conversations.awaitProcessed(guidedWhileWithAgent);

        meta.agent(pageId).marksDone(psid);
        conversations.awaitOwner(psid, World.OUR_APP);
        JournalEntry back = conversations.awaitBotSays(psid, page.path("botIsBackText").asText());
        // Every conversation's events are handled in order, so anything the bot would have said to the messages
        // above would have been sent before "bot is back".
        assertThat(conversations.botSends(psid)).filteredOn(e -> e.seq() > confirmation.seq() && e.seq() < back.seq())
                .as("bot messages while the agent owned the thread").isEmpty();

        meta.user(pageId, psid).says("opening hours");
        conversations.awaitBotSays(psid, conversations.answerText("OPENING_HOURS"));
        assertThat(conversations.history(pageId, psid).path("transitions"))
                .extracting(t -> t.path("from").asText() + "->" + t.path("to").asText() + " "
                        + t.path("cause").asText())
                .containsExactly("BOT->AGENT user_accepted", "AGENT->BOT agent_done");
        assertThat(meta.journal().sendsWithoutControl(World.OUR_APP)).filteredOn(e -> psid.equals(e.psid()))
                .isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pages")
    void theInboxRequestingTheThreadGetsIt(DemoPage demo) {
        newUserOn(demo);
        meta.user(pageId, psid).says("hi");
        conversations.awaitBotSays(psid, conversations.answerText("GET_STARTED"));

        meta.agent(pageId).movesToInbox(psid);
        conversations.awaitOwner(psid, World.INBOX);

        JournalEntry request = conversations.awaitEntry("the inbox's request_thread_control delivered to our app",
                e -> e.type() == JournalEntry.Type.WEBHOOK && World.OUR_APP.equals(e.appId())
                        && "true".equals(e.detail("accepted")) && Conversations.events(e).stream().anyMatch(
                                event -> psid.equals(event.get("psid"))
                                        && "request_thread_control".equals(event.get("kind"))));
        List<JournalEntry> passes = conversations.threadControlCalls(psid, "pass_thread_control");
        assertThat(passes).hasSize(1);
        assertThat(passes.get(0).ok()).isTrue();
        assertThat(passes.get(0).seq()).isGreaterThan(request.seq());
        assertThat(conversations.history(pageId, psid).path("transitions"))
                .extracting(t -> t.path("to").asText() + " " + t.path("cause").asText())
                .containsExactly("AGENT inbox_request");
    }

    @Test
    void twoPagesAtOnceKeepTheirOwnTextsCatalogsAndOwners() {
        Conversations routing = new Conversations(stack, DemoPage.ROUTING);
        Conversations legacy = new Conversations(stack, DemoPage.LEGACY);
        routing.activateDemoPage();
        legacy.activateDemoPage();
        conversations = routing;
        pageId = World.ROUTING_DEMO_PAGE;
        // the same PSID on both pages (Meta's are page-scoped, so this is the harder case): only the conversation
        // key (page:psid) keeps them apart
        psid = Conversations.newUser();
        JsonNode routingPage = routing.settings(World.ROUTING_DEMO_PAGE);
        JsonNode legacyPage = legacy.settings(World.DEMO_PAGE);
        assertThat(routingPage.path("setupKind").asText()).isEqualTo("CONVERSATION_ROUTING");
        assertThat(legacyPage.path("setupKind").asText()).isEqualTo("LEGACY_ROLES");
        assertThat(routingPage.path("questionText").asText()).isNotEqualTo(legacyPage.path("questionText").asText());
        assertThat(routing.answerText("GET_STARTED")).isNotEqualTo(legacy.answerText("GET_STARTED"));

        meta.user(World.ROUTING_DEMO_PAGE, psid).says("hi");
        meta.user(World.DEMO_PAGE, psid).says("hi");
        routing.awaitBotSays(psid, routing.answerText("GET_STARTED"));
        legacy.awaitBotSays(psid, legacy.answerText("GET_STARTED"));
        meta.user(World.ROUTING_DEMO_PAGE, psid).says("Do you have signed copies?");
        meta.user(World.DEMO_PAGE, psid).says("Do you have signed copies?");
        routing.awaitBotSays(psid, routingPage.path("questionText").asText());
        legacy.awaitBotSays(psid, legacyPage.path("questionText").asText());

        meta.user(World.ROUTING_DEMO_PAGE, psid).taps(routingPage.path("acceptTitle").asText());
        meta.user(World.DEMO_PAGE, psid).taps(legacyPage.path("rejectTitle").asText());
        routing.awaitBotSays(psid, routingPage.path("confirmationText").asText());
        routing.awaitOwner(psid, World.INBOX);
        legacy.awaitBotSays(psid, legacyPage.path("stayWithBotText").asText());
        meta.user(World.DEMO_PAGE, psid).says("delivery");
        legacy.awaitBotSays(psid, legacy.answerText("DELIVERY"));
        meta.agent(World.ROUTING_DEMO_PAGE).marksDone(psid);
        routing.awaitBotSays(psid, routingPage.path("botIsBackText").asText());

        assertThat(routing.botTexts(psid)).containsExactly(routing.answerText("GET_STARTED"),
                routingPage.path("questionText").asText(), routingPage.path("confirmationText").asText(),
                routingPage.path("botIsBackText").asText());
        assertThat(legacy.botTexts(psid)).containsExactly(legacy.answerText("GET_STARTED"),
                legacyPage.path("questionText").asText(), legacyPage.path("stayWithBotText").asText(),
                legacy.answerText("DELIVERY"));
        assertThat(meta.platform().owner(World.DEMO_PAGE, psid)).isEqualTo(World.OUR_APP);
        assertThat(legacy.threadControlCalls(psid, "pass_thread_control")).isEmpty();
        assertThat(routing.history(World.ROUTING_DEMO_PAGE, psid).path("transitions"))
                .extracting(t -> t.path("cause").asText()).containsExactly("user_accepted", "agent_done");
        assertThat(legacy.history(World.DEMO_PAGE, psid).path("transitions")).isEmpty();
    }

    @Test
    void activationWithWrongRolesFailsClearlyAndHandoverStaysOff() {
        conversations = new Conversations(stack);
        Map<String, String> legacy = Map.of(
                World.INBOX_IS_PRIMARY, "not_primary_receiver",
                World.NO_SECONDARY, "no_secondary_receiver",
                World.INBOX_NOT_SECONDARY, "target_not_secondary_receiver");
        Map<String, String> routing = Map.of(
                World.ROUTING_WITHOUT_US, "app_not_subscribed",
                World.ROUTING_WITHOUT_INBOX, "target_not_subscribed",
                World.ROUTING_NO_PERMISSION, "missing_permission");
        legacy.forEach((pageId, reason) -> assertRefused(pageId, "MESSENGER", "LEGACY_ROLES", 409, reason));
        routing.forEach((pageId, reason) -> {
            if (reason.equals("missing_permission")) {
                meta.failNext("subscribed_apps", 1, GraphError.permission(
                        "(#200) The page has not granted this app pages_manage_metadata"));
            }
            assertRefused(pageId, "MESSENGER", "CONVERSATION_ROUTING", 409, reason);
        });
        assertRefused(World.TELEGRAM_PAGE, "TELEGRAM", "LEGACY_ROLES", 422, "channel_not_supported");
        assertRefused(World.WHATSAPP_PAGE, "WHATSAPP", "LEGACY_ROLES", 422, "channel_not_supported");
    }

    private void assertRefused(String pageId, String channel, String setupKind, int status, String reason) {
        E2eStack.Response saved = stack.admin("PUT", "handover-service", "/admin/pages/" + pageId + "/settings",
                conversations.settingsBody(channel, setupKind));
        assertThat(saved.status()).as("settings of %s: %s", pageId, saved.body()).isEqualTo(200);

        E2eStack.Response activation = stack.admin("POST", "handover-service",
                "/admin/pages/" + pageId + "/activate", null);

        assertThat(activation.status()).as("activation of %s: %s", pageId, activation.body()).isEqualTo(status);
        assertThat(activation.body().path("reason").asText()).as("reason for %s", pageId).isEqualTo(reason);
        assertThat(activation.body().path("message").asText()).as("message for %s", pageId).isNotBlank();
        assertThat(conversations.settings(pageId).path("handoverActive").asBoolean())
                .as("handover of %s after a refused activation", pageId).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pages")
    void duplicatedWebhooksGetNoSecondReplyAndNoSecondTransition(DemoPage demo) {
        newUserOn(demo);
        meta.delivery().duplicateProbability(1.0);
        JsonNode page = conversations.settings(pageId);

        meta.user(pageId, psid).says("hi");
        conversations.awaitBotSays(psid, conversations.answerText("GET_STARTED"));
        meta.user(pageId, psid).says("Do you repair e-bikes?");
        conversations.awaitBotSays(psid, page.path("questionText").asText());
        meta.user(pageId, psid).taps(page.path("acceptTitle").asText());
        conversations.awaitBotSays(psid, page.path("confirmationText").asText());
        conversations.awaitOwner(psid, World.INBOX);
        meta.agent(pageId).marksDone(psid);
        conversations.awaitBotSays(psid, page.path("botIsBackText").asText());
        // Events of a conversation are handled in order: once this answer is out, every duplicate before it was
        // handled too.
        meta.user(pageId, psid).says("returns");
        conversations.awaitBotSays(psid, conversations.answerText("RETURNS"));

        assertThat(meta.journal().select(e -> e.type() == JournalEntry.Type.WEBHOOK && "redelivered".equals(
                e.action()) && Conversations.events(e).stream().anyMatch(event -> psid.equals(event.get("psid")))))
                .as("duplicates Meta delivered").hasSizeGreaterThanOrEqualTo(5);
        assertThat(conversations.botTexts(psid)).containsExactly(
                conversations.answerText("GET_STARTED"),
                page.path("questionText").asText(),
                page.path("confirmationText").asText(),
                page.path("botIsBackText").asText(),
                conversations.answerText("RETURNS"));
        assertThat(conversations.threadControlCalls(psid, "pass_thread_control")).hasSize(1);
        assertThat(conversations.history(pageId, psid).path("transitions"))
                .extracting(t -> t.path("cause").asText()).containsExactly("user_accepted", "agent_done");
    }
}
