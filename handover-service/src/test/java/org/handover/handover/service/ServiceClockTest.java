package org.handover.handover.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ServiceClockTest {

    @Test
    void theWallClockReadsTheRealTimeWhateverTheEventsSay() {
        ServiceClock clock = ServiceClock.wall();
        Instant before = Instant.now();

        clock.observe(before.minus(Duration.ofDays(30)));
        clock.observe(before.plus(Duration.ofDays(30)));

        assertThat(clock.instant()).isBetween(before, Instant.now());
        assertThat(clock.getZone()).isEqualTo(ZoneOffset.UTC);
    }

    @Test
    void anEventTimeClockIsToldTheEventsTimeThroughObserve() {
        ServiceClock clock = new EventTimeClock();
        Instant at = Instant.parse("2025-11-20T10:00:00Z");

        clock.observe(at);

        assertThat(clock.instant()).isEqualTo(at);
    }
}
