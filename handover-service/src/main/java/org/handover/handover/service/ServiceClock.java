package org.handover.handover.service;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The clock the service judges "now" by, told about the time of every event it processes. Which one runs is decided
 * once, at start ({@code config.RunModeProducer}): the {@linkplain #wall() wall clock} in production, which ignores
 * what it is told, or in shadow mode an {@link EventTimeClock}, which moves to the latest event time it was told. The
 * consumers {@linkplain #observe observe} each event either way, without asking which mode runs. Injected as a plain
 * {@link Clock} wherever only "now" is read.
 */
public abstract class ServiceClock extends Clock {

    /** For subclasses (and the container's proxy). */
    protected ServiceClock() {
    }

    /** The wall clock in UTC: "now" is the real time; {@link #observe} changes nothing. */
    public static ServiceClock wall() {
        return new WallClock(Clock.systemUTC());
    }

    /**
     * An event (or an outbound result) that happened at {@code eventTime} is being processed: an event-time clock
     * moves there (never back); the wall clock ignores it. {@code null} changes nothing.
     */
    public abstract void observe(Instant eventTime);

    /** The real time; what the events say does not move it. */
    private static final class WallClock extends ServiceClock {

        private final Clock system;

        WallClock(Clock system) {
            this.system = system;
        }

        @Override
        public void observe(Instant eventTime) {
            // The wall clock is the truth in production: an event's time says nothing about "now".
        }

        @Override
        public Instant instant() {
            return system.instant();
        }

        @Override
        public long millis() {
            return system.millis();
        }

        @Override
        public ZoneId getZone() {
            return system.getZone();
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return zone.equals(getZone()) ? this : new WallClock(system.withZone(zone));
        }

        @Override
        public String toString() {
            return "WallClock[" + (getZone().equals(ZoneOffset.UTC) ? "UTC" : getZone()) + "]";
        }
    }
}
