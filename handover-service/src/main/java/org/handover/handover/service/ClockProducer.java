package org.handover.handover.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.time.Clock;
import java.time.Instant;
import org.handover.handover.config.HandoverConfig;

/**
 * The clock of the service, injectable so that time-dependent rules (idle timeout) can be tested. The wall clock in
 * production; in shadow mode ({@link HandoverConfig#shadowMode()}) an {@link EventTimeClock} that the consumers
 * advance through {@link #eventSeen(Instant)}.
 */
@ApplicationScoped
public class ClockProducer {

    private final Clock clock;

    public ClockProducer(HandoverConfig config) {
        this.clock = config.shadowMode() ? new EventTimeClock() : Clock.systemUTC();
    }

    @Produces
    @ApplicationScoped
    Clock clock() {
        return clock;
    }

    /**
     * An event (or an outbound result) that happened at {@code at} is being processed: in shadow mode the clock moves
     * there (never back); in production nothing happens, the clock is the wall clock.
     */
    public void eventSeen(Instant at) {
        if (clock instanceof EventTimeClock eventTime) {
            eventTime.advanceTo(at);
        }
    }
}
