package org.handover.localstack.command;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ChatInputTest {

    @Test
    void plainLinesAreWhatTheUserWrites() {
        assertThat(ChatInput.parse("  Where is my order?  ")).isEqualTo(new ChatInput.Say("Where is my order?"));
        assertThat(ChatInput.parse("")).isEqualTo(new ChatInput.Nothing());
        assertThat(ChatInput.parse("   ")).isEqualTo(new ChatInput.Nothing());
        assertThat(ChatInput.parse(null)).isEqualTo(new ChatInput.Nothing());
    }

    @Test
    void commandsTakeTheirArgument() {
        assertThat(ChatInput.parse("/tap Opening hours")).isEqualTo(new ChatInput.Tap("Opening hours"));
        assertThat(ChatInput.parse("/TAP   Yes, an agent ")).isEqualTo(new ChatInput.Tap("Yes, an agent"));
        assertThat(ChatInput.parse("/postback GET_STARTED")).isEqualTo(new ChatInput.Postback("GET_STARTED"));
        assertThat(ChatInput.parse("/agent Hi, Sam here.")).isEqualTo(new ChatInput.AgentReply("Hi, Sam here."));
        assertThat(ChatInput.parse("/sticker")).isEqualTo(new ChatInput.Sticker());
        assertThat(ChatInput.parse("/click")).isEqualTo(new ChatInput.Click(-1));
        assertThat(ChatInput.parse("/click 2")).isEqualTo(new ChatInput.Click(1));
        assertThat(ChatInput.parse("/click 0")).isInstanceOf(ChatInput.Invalid.class);
        assertThat(ChatInput.parse("/click x")).isInstanceOf(ChatInput.Invalid.class);
        assertThat(ChatInput.parse("/done")).isEqualTo(new ChatInput.Done());
        assertThat(ChatInput.parse("/inbox")).isEqualTo(new ChatInput.Inbox());
        assertThat(ChatInput.parse("/owner")).isEqualTo(new ChatInput.Owner());
        assertThat(ChatInput.parse("/transcript")).isEqualTo(new ChatInput.Transcript());
        assertThat(ChatInput.parse("/help")).isEqualTo(new ChatInput.Help());
        assertThat(ChatInput.parse("/quit")).isEqualTo(new ChatInput.Quit());
        assertThat(ChatInput.parse("/exit")).isEqualTo(new ChatInput.Quit());
    }

    @Test
    void malformedCommandsSayWhatIsWrong() {
        assertThat(ChatInput.parse("/tap")).isEqualTo(
                new ChatInput.Invalid("/tap needs the title of a quick reply, e.g. /tap Delivery"));
        assertThat(ChatInput.parse("/postback")).isEqualTo(
                new ChatInput.Invalid("/postback needs one payload, e.g. /postback GET_STARTED"));
        assertThat(ChatInput.parse("/postback TWO WORDS")).isEqualTo(
                new ChatInput.Invalid("/postback needs one payload, e.g. /postback GET_STARTED"));
        assertThat(ChatInput.parse("/agent")).isEqualTo(
                new ChatInput.Invalid("/agent needs the text of the agent's reply"));
        assertThat(ChatInput.parse("/done now")).isEqualTo(new ChatInput.Invalid("/done takes nothing after it"));
        assertThat(ChatInput.parse("/dance")).isEqualTo(
                new ChatInput.Invalid("Unknown command /dance; /help lists the commands"));
    }
}
