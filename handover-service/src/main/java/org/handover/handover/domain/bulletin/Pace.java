package org.handover.handover.domain.bulletin;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * A page's bulletin pace: at most {@code ratePerSecond} copies ordered a second, in bursts of at most one
 * {@code burst} (a generic cell rate algorithm). The state is one instant, the earliest time the page's next copy may
 * be ordered ({@code nextFreeAt}): each copy ordered moves it {@code 1/rate} later, and at {@code now} the copies that
 * fit between it and {@code now + burst} may be ordered. Over any stretch of time {@code t} no more than
 * {@code rate * (t + burst)} copies are ordered, however often and by however many replicas it is asked. Plain Java.
 *
 * @param ratePerSecond copies a second, at least 1
 * @param burst         how far ahead of now a page may be credited: one tick of the bulletin timer
 */
public record Pace(int ratePerSecond, Duration burst) {

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    public Pace {
        if (ratePerSecond < 1) {
            throw new IllegalArgumentException("bulletin.rate-per-page must be at least 1: " + ratePerSecond);
        }
        if (burst.isNegative() || burst.isZero()) {
            throw new IllegalArgumentException("the burst must be positive: " + burst);
        }
    }

    /** How many copies may be ordered at {@code now} when the page's next one may be at {@code nextFreeAt}. */
    public int allowance(Instant nextFreeAt, Instant now) {
        Instant start = nextFreeAt.isAfter(now) ? nextFreeAt : now;
        long room = Duration.between(start, now.plus(burst)).toNanos();
        if (room <= 0) {
            return 0;
        }
        return (int) Math.min(Integer.MAX_VALUE, room * ratePerSecond / NANOS_PER_SECOND);
    }

    /**
     * When the page's next copy may be ordered after {@code ordered} copies at {@code now}: rounded up to the
     * microsecond (what PostgreSQL stores), so that rounding never credits a copy.
     */
    public Instant after(Instant nextFreeAt, Instant now, int ordered) {
        Instant start = nextFreeAt.isAfter(now) ? nextFreeAt : now;
        long nanos = (ordered * NANOS_PER_SECOND + ratePerSecond - 1) / ratePerSecond;
        Instant next = start.plusNanos(nanos);
        Instant micros = next.truncatedTo(ChronoUnit.MICROS);
        return micros.equals(next) ? next : micros.plus(1, ChronoUnit.MICROS);
    }
}
