package org.handover.handover.service;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock that reads as the time of the events being processed, for shadow mode: a replay feeds events that happened
 * hours or days ago within seconds, and every rule that compares an event's time with "now" (the stale-signal
 * watermark, the idle timeout, the confirmation bound, last activity) must see the time of the replayed events, not
 * the wall clock. The consumers {@linkplain #observe advance} it; it never goes backwards (the latest time seen so
 * far), so events of several conversations interleaved out of order cannot move "now" back. Until the first event it
 * reads as {@link Instant#EPOCH}. Thread-safe.
 */
public final class EventTimeClock extends ServiceClock {

    private final AtomicReference<Instant> now;
    private final ZoneId zone;

    public EventTimeClock() {
        this(new AtomicReference<>(Instant.EPOCH), ZoneOffset.UTC);
    }

    private EventTimeClock(AtomicReference<Instant> now, ZoneId zone) {
        this.now = now;
        this.zone = zone;
    }

    /** Moves the clock to {@code eventTime} if that is later than what it reads; {@code null} changes nothing. */
    public void advanceTo(Instant eventTime) {
        if (eventTime != null) {
            now.accumulateAndGet(eventTime, (current, seen) -> seen.isAfter(current) ? seen : current);
        }
    }

    /** As {@link #advanceTo}: the consumers tell it the time of each event they process. */
    @Override
    public void observe(Instant eventTime) {
        advanceTo(eventTime);
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    /** The same event time seen in another zone (shares the time with this clock). */
    @Override
    public Clock withZone(ZoneId zone) {
        return zone.equals(this.zone) ? this : new EventTimeClock(now, zone);
    }
}
