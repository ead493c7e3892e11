package org.handover.handover.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.handover.contracts.EventClass;
import org.handover.contracts.InboundEvent;
import org.handover.contracts.InboundEvents;
import org.handover.contracts.Messenger;
import org.junit.jupiter.api.Test;

class AgentContextTest {

    private static final String PAGE = "110000000000001";

    @Test
    void saysWhyThePageAndTheGuidedPathInOrder() {
        String metadata = new AgentContext(AgentContext.Why.FREE_TEXT_ACCEPTED, PAGE, "Acme Shoes",
                List.of("GET_STARTED", "OPENING_HOURS")).metadata();

        assertThat(metadata).isEqualTo("Handover (free_text_accepted): the user wrote something the bot could not "
                + "answer and accepted the \"Change to agent\" question. Page: Acme Shoes (110000000000001). "
                + "Guided options: GET_STARTED > OPENING_HOURS.");
    }

    @Test
    void theUsersWordsWhereThePageSharesThemComeOnOneLineBeforeTheOptionsWhichGiveWayFirst() {
        assertThat(new AgentContext(AgentContext.Why.FREE_TEXT_ACCEPTED, PAGE, "Acme Shoes",
                List.of("DELIVERY"), "  My parcel\n\nnever   came ").metadata())
                .isEqualTo("Handover (free_text_accepted): the user wrote something the bot could not answer and "
                        + "accepted the \"Change to agent\" question. Page: Acme Shoes (110000000000001). The user "
                        + "wrote: \"My parcel never came\". Guided options: DELIVERY.");
        assertThat(new AgentContext(AgentContext.Why.MENU, PAGE, null, List.of(), " ").metadata())
                .as("blank words are none").doesNotContain("The user wrote");

        List<String> path = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            path.add("OPTION_" + i);
        }
        String words = "\uD83D\uDE42".repeat(AgentContext.USER_WORDS_MAX + 10);
        String metadata = new AgentContext(AgentContext.Why.FREE_TEXT_ACCEPTED, PAGE, "Acme", path, words)
                .metadata();
        assertThat(metadata.codePointCount(0, metadata.length())).isLessThanOrEqualTo(AgentContext.MAX_CHARS);
        assertThat(metadata).contains("The user wrote: \"" + "\uD83D\uDE42".repeat(AgentContext.USER_WORDS_MAX - 1)
                + "…\".").endsWith("OPTION_199.");
    }

    @Test
    void aMenuChoiceAndAnInboxRequestAreToldApartAndAnUnknownNameIsTheId() {
        assertThat(new AgentContext(AgentContext.Why.MENU, PAGE, null, List.of()).metadata())
                .isEqualTo("Handover (menu): the user chose to talk to a person from the menu. "
                        + "Page: 110000000000001. Guided options: none.");
        assertThat(new AgentContext(AgentContext.Why.INBOX_REQUEST, PAGE, " ", null).metadata())
                .startsWith("Handover (inbox_request): the inbox asked for the conversation. Page: 110000000000001.");
    }

    @Test
    void aLongPathLosesItsOldestOptionsFirstAndStaysWithinMetasLimit() {
        List<String> path = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            path.add("OPTION_" + i);
        }

        String metadata = new AgentContext(AgentContext.Why.FREE_TEXT_ACCEPTED, PAGE, "Acme", path).metadata();

        assertThat(metadata.codePointCount(0, metadata.length())).isLessThanOrEqualTo(AgentContext.MAX_CHARS);
        assertThat(metadata).contains("Guided options: … > ").endsWith("OPTION_198 > OPTION_199.")
                .doesNotContain("OPTION_0 ").contains("Page: Acme (110000000000001)");
    }

    @Test
    void aHugeNameOrOptionIsCutOnWholeCharactersWithinTheLimit() {
        String name = "🙂".repeat(3000);
        String option = "X".repeat(1000);

        String metadata = new AgentContext(AgentContext.Why.MENU, PAGE, name, List.of(option)).metadata();

        assertThat(metadata.codePointCount(0, metadata.length())).isEqualTo(AgentContext.MAX_CHARS);
        assertThat(metadata).contains("🙂…").contains("(" + PAGE + ")");
        // No half of a surrogate pair anywhere.
        metadata.codePoints().forEach(c -> assertThat(Character.isSurrogate((char) c) && c < 0x10000).isFalse());
    }

    @Test
    void aStepFactKeepsWhoActedAndThePagesOptionButNoReservedPayload() {
        InboundEvents events = InboundEvents.of(PAGE, "u1");
        Instant at = Instant.parse("2026-12-01T10:00:00Z");

        assertThat(StepFact.of(events.guided("g", "OPENING_HOURS", at), "answered", at)).get()
                .extracting(StepFact::actor, StepFact::payload, StepFact::outcome, StepFact::occurredAt)
                .containsExactly(StepFact.Actor.USER, "OPENING_HOURS", "answered", at);
        assertThat(StepFact.of(events.guided("a", Messenger.HANDOVER_ACCEPT_PAYLOAD, at), "accepted", at)).get()
                .extracting(StepFact::payload).isNull();
        assertThat(StepFact.of(events.standby("s", "message_echo", "263902037430900", at), "standby", at)).get()
                .extracting(StepFact::actor).isEqualTo(StepFact.Actor.AGENT);
        assertThat(StepFact.of(events.standby("u", "message", null, at), "standby", at)).get()
                .extracting(StepFact::actor).isEqualTo(StepFact.Actor.USER);
        InboundEvent echo = events.message("e", EventClass.AGENT_ACTIVITY, at).kind("message_echo")
                .appId("263902037430900").build();
        assertThat(StepFact.of(echo, "agent_activity", at)).get().extracting(StepFact::actor)
                .isEqualTo(StepFact.Actor.AGENT);
        assertThat(StepFact.of(events.standby("r", "read", null, at), "standby", at)).isEmpty();
        assertThat(StepFact.of(events.signal("h", "pass_thread_control", "1", null, null, at), "agent_done", at))
                .isEmpty();
    }
}
