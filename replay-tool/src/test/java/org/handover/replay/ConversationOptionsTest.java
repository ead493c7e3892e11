package org.handover.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class ConversationOptionsTest {

    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

    @Test
    void readsInstantsUtcDateTimesNowAndTimesAgo() {
        assertThat(ConversationOptions.time("2026-11-30T09:30:00Z", "--from", NOW))
                .isEqualTo(Instant.parse("2026-11-30T09:30:00Z"));
        assertThat(ConversationOptions.time("2026-11-30T09:30", "--from", NOW))
                .isEqualTo(Instant.parse("2026-11-30T09:30:00Z"));
        assertThat(ConversationOptions.time("now", "--to", NOW)).isEqualTo(NOW);
        assertThat(ConversationOptions.time("90m", "--from", NOW)).isEqualTo(Instant.parse("2026-12-01T10:30:00Z"));
        assertThat(ConversationOptions.time("-6h", "--from", NOW)).isEqualTo(Instant.parse("2026-12-01T06:00:00Z"));
        assertThat(ConversationOptions.time("2d", "--from", NOW)).isEqualTo(Instant.parse("2026-11-29T12:00:00Z"));
        assertThat(ConversationOptions.time("30s", "--from", NOW)).isEqualTo(Instant.parse("2026-12-01T11:59:30Z"));
    }

    @Test
    void refusesWhatIsNotATimeNamingTheOption() {
        assertThatThrownBy(() -> ConversationOptions.time("yesterday", "--from", NOW))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--from yesterday")
                .hasMessageContaining("90m");
    }

    @Test
    void aWindowThatEndsBeforeItStartsIsRefused() {
        assertThatThrownBy(() -> new org.handover.replay.timeline.TimelineQuery("1", "2", NOW, NOW.minusSeconds(1),
                null, null, null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ends");
    }
}
