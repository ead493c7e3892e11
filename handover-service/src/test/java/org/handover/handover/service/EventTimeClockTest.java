package org.handover.handover.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class EventTimeClockTest {

    private static final Instant T = Instant.parse("2025-11-20T10:00:00Z");

    @Test
    void readsAsTheLatestEventTimeSeenAndNeverGoesBack() {
        EventTimeClock clock = new EventTimeClock();
        assertThat(clock.instant()).isEqualTo(Instant.EPOCH);

        clock.advanceTo(T);
        assertThat(clock.instant()).isEqualTo(T);
        assertThat(clock.millis()).isEqualTo(T.toEpochMilli());

        clock.advanceTo(T.minusSeconds(30));
        clock.advanceTo(null);
        assertThat(clock.instant()).as("an earlier event (another conversation) does not move it back").isEqualTo(T);

        clock.advanceTo(T.plusSeconds(90));
        assertThat(clock.instant()).isEqualTo(T.plusSeconds(90));
        assertThat(clock.getZone()).isEqualTo(ZoneOffset.UTC);
    }

    @Test
    void aZonedCopySharesTheEventTime() {
        EventTimeClock clock = new EventTimeClock();
        Clock paris = clock.withZone(ZoneId.of("Europe/Paris"));

        clock.advanceTo(T);

        assertThat(paris.instant()).isEqualTo(T);
        assertThat(paris.getZone()).isEqualTo(ZoneId.of("Europe/Paris"));
    }

    @Test
    void concurrentConsumersEndAtTheLatestTime() throws Exception {
        EventTimeClock clock = new EventTimeClock();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        IntStream.range(0, 10_000).forEach(i -> pool.submit(() -> clock.advanceTo(T.plusMillis(i))));
        pool.shutdown();
        assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();

        assertThat(clock.instant()).isEqualTo(T.plusMillis(9_999));
    }
}
