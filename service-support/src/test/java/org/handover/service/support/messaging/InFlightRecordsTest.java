package org.handover.service.support.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class InFlightRecordsTest {

    private static final TopicPartition P0 = new TopicPartition("conversation.inbound", 0);
    private static final TopicPartition P1 = new TopicPartition("conversation.inbound", 1);

    private static ConsumerRecord<String, String> record(TopicPartition partition, long offset) {
        return new ConsumerRecord<>(partition.topic(), partition.partition(), offset, "PAGE:user", "{}");
    }

    @Test
    void countsTheWorkInFlightPerPartition() {
        InFlightRecords inFlight = new InFlightRecords(Duration.ofSeconds(1));
        InFlightRecords.Work a = inFlight.start(record(P0, 1));
        InFlightRecords.Work b = inFlight.start(record(P0, 2));
        inFlight.start(record(P1, 1)).close();

        assertThat(inFlight.inFlight(P0)).isEqualTo(2);
        assertThat(inFlight.inFlight(P1)).isZero();
        a.close();
        a.close();
        assertThat(inFlight.inFlight(P0)).isEqualTo(1);
        b.close();
        assertThat(inFlight.inFlight(P0)).isZero();
    }

    @Test
    void aRevocationWaitsForTheWorkInFlightOnItsPartitionsOnly() throws Exception {
        InFlightRecords inFlight = new InFlightRecords(Duration.ofSeconds(30));
        InFlightRecords.Work onRevoked = inFlight.start(record(P0, 7));
        InFlightRecords.Work elsewhere = inFlight.start(record(P1, 7));

        CompletableFuture<Integer> revocation = CompletableFuture.supplyAsync(() -> inFlight.revoke(List.of(P0)));
        // the revocation runs on another thread: once it has begun, it waits for the work in flight on P0
        await().atMost(Duration.ofSeconds(10)).until(() -> inFlight.isRevoked(P0));
        assertThat(revocation).isNotDone();
        // No new work starts on a revoked partition: its new owner does it.
        assertThat(inFlight.start(record(P0, 8)).owned()).isFalse();
        assertThat(inFlight.start(record(P1, 8)).owned()).isTrue();

        onRevoked.close();
        assertThat(revocation.get(5, TimeUnit.SECONDS)).isZero();
        assertThat(inFlight.inFlight(P1)).isEqualTo(2);
        elsewhere.close();
    }

    @Test
    void aRevocationGivesUpAfterTheDrainTimeoutAndAReassignedPartitionWorksAgain() {
        InFlightRecords inFlight = new InFlightRecords(Duration.ofMillis(50));
        InFlightRecords.Work stuck = inFlight.start(record(P0, 1));

        assertThat(inFlight.revoke(List.of(P0))).isEqualTo(1);
        inFlight.assigned(List.of(P0));

        assertThat(inFlight.start(record(P0, 2)).owned()).isTrue();
        stuck.close();
    }

    @Test
    void lostPartitionsStartNoWorkAndAreNotWaitedFor() {
        InFlightRecords inFlight = new InFlightRecords(Duration.ofSeconds(30));
        inFlight.start(record(P0, 1));

        inFlight.markLost(List.of(P0));

        assertThat(inFlight.start(record(P0, 2)).owned()).isFalse();
    }
}
