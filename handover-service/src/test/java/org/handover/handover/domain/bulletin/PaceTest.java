package org.handover.handover.domain.bulletin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PaceTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final Instant NEVER = Instant.EPOCH;

    @Test
    void aFreshPageGetsOneBurstAndThenTheRate() {
        Pace pace = new Pace(200, Duration.ofSeconds(1));
        assertThat(pace.allowance(NEVER, NOW)).isEqualTo(200);
        Instant next = pace.after(NEVER, NOW, 200);
        assertThat(next).isEqualTo(NOW.plusSeconds(1));
        // nothing more in the same instant, and the rate's share of each later moment
        assertThat(pace.allowance(next, NOW)).isZero();
        assertThat(pace.allowance(next, NOW.plusMillis(100))).isEqualTo(20);
        assertThat(pace.allowance(next, NOW.plusSeconds(1))).isEqualTo(200);
    }

    @Test
    void overAnyStretchNoMoreThanTheRateTimesTheStretchPlusOneBurstAreOrdered() {
        Pace pace = new Pace(300, Duration.ofMillis(250));
        Instant next = NEVER;
        long ordered = 0;
        Instant t = NOW;
        // asked every 7 ms, ordering all it is allowed each time, for 10 s
        for (int i = 0; i < 10_000 / 7; i++) {
            int allowed = pace.allowance(next, t);
            next = pace.after(next, t, allowed);
            ordered += allowed;
            t = t.plusMillis(7);
        }
        Duration stretch = Duration.between(NOW, t);
        assertThat(ordered).isLessThanOrEqualTo((stretch.toMillis() + 250) * 300 / 1000);
        // and not much less: the rate is held, not undershot
        assertThat(ordered).isGreaterThanOrEqualTo(stretch.toMillis() * 300 / 1000 - 300);
    }

    @Test
    void orderingLessThanAllowedLeavesTheRestForLaterButNeverBanksMoreThanOneBurst() {
        Pace pace = new Pace(10, Duration.ofSeconds(1));
        Instant next = pace.after(NEVER, NOW, 3);
        assertThat(pace.allowance(next, NOW)).isEqualTo(7);
        // an idle hour is not credited: one burst at most
        assertThat(pace.allowance(next, NOW.plus(Duration.ofHours(1)))).isEqualTo(10);
    }

    @Test
    void roundingNeverCreditsACopy() {
        Pace pace = new Pace(3, Duration.ofSeconds(1));
        Instant next = pace.after(NEVER, NOW, 1);
        // a third of a second, rounded up to the microsecond PostgreSQL keeps
        assertThat(next).isEqualTo(NOW.plusNanos(333_334_000));
        assertThat(pace.allowance(next, NOW)).isEqualTo(1);
    }

    @Test
    void aRateBelowOneOrNoBurstIsRefused() {
        assertThatThrownBy(() -> new Pace(0, Duration.ofSeconds(1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bulletin.rate-per-page");
        assertThatThrownBy(() -> new Pace(5, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }
}
