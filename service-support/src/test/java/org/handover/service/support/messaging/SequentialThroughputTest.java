package org.handover.service.support.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.handover.contracts.Topics;
import org.handover.testsupport.KafkaAndPostgresResource;
import org.junit.jupiter.api.Test;

/**
 * The consumers before key-ordered concurrency: one record at a time per channel (what {@code @Blocking(ordered =
 * true)} gave), the baseline of {@link KeyOrderedThroughputTest}.
 */
@QuarkusTest
@TestProfile(SequentialThroughputTest.Sequential.class)
@WithTestResource(KafkaAndPostgresResource.class)
class SequentialThroughputTest extends ThroughputMeasurement {

    public static class Sequential implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return channel(Topics.MESSENGER_OUTBOUND, 1);
        }
    }

    @Test
    void oneRecordAtATimeIsBoundByTheWorksLatency() {
        double rate = measure(Topics.MESSENGER_OUTBOUND, 10, 3, 1);

        assertThat(stub.mostRunning.get()).isEqualTo(1);
        assertThat(rate).isLessThanOrEqualTo(1000.0 / SlowStubConsumer.WORK_MILLIS);
    }
}
