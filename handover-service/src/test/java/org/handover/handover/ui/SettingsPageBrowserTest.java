package org.handover.handover.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kafka.InjectKafkaCompanion;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.handover.contracts.ContractJson;
import org.handover.contracts.Decision;
import org.handover.contracts.DecisionType;
import org.handover.contracts.Owner;
import org.handover.contracts.Topics;
import org.handover.emulator.MessengerEmulator;
import org.handover.emulator.PageSetup;
import org.handover.handover.domain.Channel;
import org.handover.handover.domain.ConversationState;
import org.handover.handover.domain.ConversationStates;
import org.handover.handover.domain.PageSettings;
import org.handover.handover.domain.PageSettingsBuilder;
import org.handover.handover.domain.TransitionRecord;
import org.handover.handover.repository.ConversationRepository;
import org.handover.handover.repository.PageSettingsRepository;
import org.handover.handover.repository.TransitionRepository;
import org.handover.testsupport.KafkaAndPostgresResource;
import org.handover.testsupport.TopicReader;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The settings page in a real headless Chromium ({@link ChromiumBrowserTest}), with the Messenger Platform emulator
 * as the Graph API. Every step leaves a screenshot in {@code target/screenshots/}.
 */
@QuarkusTest
@WithTestResource(value = KafkaAndPostgresResource.class, initArgs = @ResourceArg(name = "postgres", value = "true"))
@WithTestResource(EmulatorResource.class)
class SettingsPageBrowserTest extends ChromiumBrowserTest {

    @InjectEmulator
    MessengerEmulator meta;

    @InjectKafkaCompanion
    KafkaCompanion kafka;

    @Inject
    PageSettingsRepository pages;

    @Inject
    ConversationRepository conversations;

    @Inject
    TransitionRepository transitions;

    @Test
    void tickTheBoxEditTheQuestionSaveAndSeeSuccess() {
        String page = EmulatorResource.PAGE_ACTIVATE;
        open("ui/pages");
        screenshot("pages");
        // the link shows the page's name with its id beside it
        browser.findElement(By.partialLinkText(page)).click();
        WebElement box = waitFor(By.id("handoverActive"));
        assertThat(box.isSelected()).isFalse();

        box.click();
        WebElement question = browser.findElement(By.id("questionText"));
        question.clear();
        question.sendKeys("Would you like to talk to someone from our newsroom?");
        screenshot("edited");
        browser.findElement(By.id("save")).click();

        WebElement notice = waitFor(By.id("notice"));
        screenshot("saved");
        assertThat(notice.getText()).isEqualTo("Settings saved. The Handover Protocol is active.");
        assertThat(browser.findElements(By.id("error"))).isEmpty();
        assertThat(browser.findElement(By.id("handoverActive")).isSelected()).isTrue();
        assertThat(browser.findElement(By.id("questionText")).getAttribute("value"))
                .isEqualTo("Would you like to talk to someone from our newsroom?");
        PageSettings stored = stored(page);
        assertThat(stored.handoverActive()).isTrue();
        assertThat(stored.questionText()).isEqualTo("Would you like to talk to someone from our newsroom?");
    }

    @Test
    void wrongAppRolesShowTheRedErrorAndLeaveTheBoxUnticked() {
        String page = EmulatorResource.PAGE_WRONG_ROLES;
        // The Page Inbox is Primary Receiver, our app only a Secondary Receiver.
        meta.platform().setSetup(page, new PageSetup.Legacy(EmulatorResource.INBOX, List.of(EmulatorResource.OUR_APP)));
        open("ui/pages/" + page);
        waitFor(By.id("handoverActive")).click();
        WebElement accept = browser.findElement(By.id("acceptTitle"));
        accept.clear();
        accept.sendKeys("Yes, please");
        browser.findElement(By.id("save")).click();

        WebElement error = waitFor(By.id("error"));
        screenshot("refused");
        assertThat(error.getAttribute("role")).isEqualTo("alert");
        assertThat(error.getText()).contains("The Handover Protocol was not activated")
                .contains("This app is not the Primary Receiver of the page").contains("Double-check your app roles");
        assertThat(error.getCssValue("color")).isEqualTo("rgba(160, 24, 24, 1)");
        assertThat(error.getCssValue("border-top-color")).isEqualTo("rgba(211, 47, 47, 1)");
        assertThat(browser.findElement(By.id("handoverActive")).isSelected()).isFalse();
        assertThat(browser.findElement(By.id("acceptTitle")).getAttribute("value")).isEqualTo("Yes, please");
        assertThat(browser.findElements(By.id("notice"))).isEmpty();
        PageSettings stored = stored(page);
        assertThat(stored.handoverActive()).isFalse();
        assertThat(stored.acceptTitle()).isEqualTo("Yes, please");
    }

    @Test
    void aTelegramPageShowsTheOptionDisabledWithTheReason() {
        String page = "930000000000009";
        Instant now = Instant.now();
        QuarkusTransaction.requiringNew().run(() -> pages.save(PageSettingsBuilder.page(page)
                .channel(Channel.TELEGRAM).setup(PageSettings.defaults(page).setupKind(), EmulatorResource.INBOX)
                .question("q?", "Yes", "No").answers("c", "s", null).updatedAt(now).build(), now));
        open("ui/pages/" + page);

        WebElement box = waitFor(By.id("handoverActive"));
        screenshot("telegram");
        assertThat(box.isEnabled()).isFalse();
        assertThat(box.isSelected()).isFalse();
        assertThat(box.getAttribute("aria-describedby")).isEqualTo("handoverActive-reason");
        assertThat(browser.findElement(By.id("handoverActive-reason")).getText())
                .isEqualTo("The handover protocol is only available for Facebook Messenger. This page uses "
                        + "Telegram, so the option cannot be turned on.");

        // The rest of the form still saves.
        WebElement question = browser.findElement(By.id("questionText"));
        question.clear();
        question.sendKeys("Talk to a person?");
        browser.findElement(By.id("save")).click();
        assertThat(waitFor(By.id("notice")).getText()).isEqualTo("Settings saved. The Handover Protocol is not active.");
        assertThat(stored(page)).extracting(PageSettings::questionText, PageSettings::handoverActive,
                PageSettings::channel).containsExactly("Talk to a person?", false, Channel.TELEGRAM);
    }

    @Test
    void giveBackMakesTheBotTheOwnerAgain() throws Exception {
        String page = EmulatorResource.PAGE_CONVERSATIONS;
        String psid = "ui-user-" + System.nanoTime();
        // At Meta: the user wrote (the bot got the thread), the bot passed it to the Page Inbox.
        meta.user(page, psid).says("I want to talk to a person");
        meta.platform().passThreadControl(EmulatorResource.token(page), page, new ObjectMapper().readTree(
                "{\"recipient\":{\"id\":\"" + psid + "\"},\"target_app_id\":\"" + EmulatorResource.INBOX + "\"}"));
        assertThat(meta.platform().owner(page, psid)).isEqualTo(EmulatorResource.INBOX);
        // Here: the agent holds it at epoch 1.
        Instant since = Instant.now().minusSeconds(300).truncatedTo(ChronoUnit.MILLIS);
        QuarkusTransaction.requiringNew().run(() -> {
            conversations.lock(page, psid, EmulatorResource.OUR_APP, since);
            conversations.save(ConversationStates.agentOwned(page, psid, EmulatorResource.INBOX).epoch(1).since(since)
                    .lastAgentActivityAt(since).build(), since);
        });

        open("ui/pages/" + page + "/conversations");
        WebElement row = waitFor(By.cssSelector("tr[data-psid='" + psid + "']"));
        screenshot("held");
        assertThat(row.getText()).contains(psid).contains("Page Inbox");
        row.findElement(By.tagName("button")).click();

        WebElement notice = waitFor(By.id("notice"));
        screenshot("given-back");
        assertThat(notice.getText()).isEqualTo("The conversation with user " + psid + " is the bot's again.");
        assertThat(browser.findElements(By.cssSelector("tr[data-psid='" + psid + "']"))).isEmpty();
        assertThat(meta.platform().owner(page, psid)).isEqualTo(EmulatorResource.OUR_APP);
        ConversationState state = QuarkusTransaction.requiringNew()
                .call(() -> conversations.find(page, psid)).orElseThrow();
        assertThat(state.owner()).isEqualTo(Owner.BOT);
        assertThat(state.epoch()).isEqualTo(2);
        List<TransitionRecord> history = QuarkusTransaction.requiringNew()
                .call(() -> transitions.history(page, psid));
        assertThat(history).extracting(TransitionRecord::from, TransitionRecord::to, TransitionRecord::cause,
                TransitionRecord::epoch).containsExactly(org.assertj.core.groups.Tuple.tuple(Owner.AGENT, Owner.BOT,
                        "admin_give_back", 2L));
        List<Decision> decisions = TopicReader.of(kafka, Topics.CONVERSATION_DECISIONS)
                .awaitKey(page + ":" + psid, 2, WAIT).stream()
                .map(r -> ContractJson.fromJson(r.value(), Decision.class)).toList();
        assertThat(decisions).extracting(Decision::type, Decision::epoch).containsExactly(
                org.assertj.core.groups.Tuple.tuple(DecisionType.CONTROL_CHANGE, 2L),
                org.assertj.core.groups.Tuple.tuple(DecisionType.REPLY_ORDER, 2L));
        assertThat(decisions.get(0).control().cause()).isEqualTo("admin_give_back");
        assertThat(decisions.get(1).order().text()).isEqualTo(PageSettings.DEFAULT_BOT_IS_BACK);
    }

    private PageSettings stored(String page) {
        return QuarkusTransaction.requiringNew().call(() -> pages.find(page)).orElseThrow();
    }
}
