package org.handover.bot.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import org.handover.bot.port.PageTokenLookup;
import org.handover.contracts.OutboundReasons;
import org.junit.jupiter.api.Test;

/** What each Send port answers without sending: its "now" and which pages it refuses. */
class SendPortsTest {

    private static final Instant WALL = Instant.parse("2026-11-25T10:00:00Z");
    private static final Instant DECIDED = WALL.minus(Duration.ofDays(10));
    private static final Clock CLOCK = Clock.fixed(WALL, ZoneOffset.UTC);

    @Test
    void productionJudgesEveryOrderByTheWallClock() {
        SendApiPort port = new SendApiPort(null, tokens(Map.of()), CLOCK);

        assertThat(port.now(DECIDED)).isEqualTo(WALL);
        assertThat(port.now(null)).isEqualTo(WALL);
    }

    @Test
    void productionRefusesWhatItsTokenLookupRefuses() {
        SendApiPort port = new SendApiPort(null, tokens(Map.of("1", "token-1")), CLOCK);

        assertThat(port.refusal("1")).isEmpty();
        assertThat(port.refusal("3")).contains(OutboundReasons.NO_PAGE_TOKEN);
    }

    /** A lookup of fixed tokens (the store itself is tested with the service: PageConnectionsTest). */
    private static PageTokenLookup tokens(Map<String, String> tokens) {
        return new PageTokenLookup() {
            @Override
            public Optional<String> token(String pageId) {
                return Optional.ofNullable(tokens.get(pageId));
            }

            @Override
            public Optional<String> refusal(String pageId) {
                return token(pageId).isPresent() ? Optional.empty() : Optional.of(OutboundReasons.NO_PAGE_TOKEN);
            }

            @Override
            public void rejected(String pageId, String token) {
            }
        };
    }

    @Test
    void shadowModeJudgesAnOrderAtItsDecisionTimeAndTheWallClockOnlyWithoutOne() {
        ShadowSendPort port = new ShadowSendPort(CLOCK);

        assertThat(port.now(DECIDED)).isEqualTo(DECIDED);
        assertThat(port.now(null)).isEqualTo(WALL);
    }

    @Test
    void shadowModeRefusesEveryPageWhateverItsToken() {
        ShadowSendPort port = new ShadowSendPort(CLOCK);

        assertThat(port.refusal("1")).isEqualTo(Optional.of(OutboundReasons.SHADOW));
        assertThat(port.send("1", "psid", null, "d1").sent()).isFalse();
    }
}
