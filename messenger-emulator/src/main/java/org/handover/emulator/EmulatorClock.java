package org.handover.emulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The emulated platform's time: the system clock plus an offset that tests (or the control API) move forward, so that
 * the 24-hour window and idle threads can be played without waiting a day. Never goes backwards.
 */
public final class EmulatorClock extends Clock {

    private final Clock base;
    private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);

    public EmulatorClock(Clock base) {
        this.base = base;
    }

    /** The system clock, not moved. */
    public static EmulatorClock system() {
        return new EmulatorClock(Clock.systemUTC());
    }

    /** Moves time forward by {@code by} (not negative). */
    public void advance(Duration by) {
        if (by.isNegative()) {
            throw new IllegalArgumentException("Time only moves forward");
        }
        offset.accumulateAndGet(by, Duration::plus);
    }

    /** How far time was moved forward. */
    public Duration offset() {
        return offset.get();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("The emulator runs on UTC");
    }

    @Override
    public Instant instant() {
        return base.instant().plus(offset.get());
    }
}
