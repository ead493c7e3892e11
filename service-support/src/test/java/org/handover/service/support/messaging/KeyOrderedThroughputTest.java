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

/** The services' setting: up to 16 conversations at once, each in order. */
@QuarkusTest
@TestProfile(KeyOrderedThroughputTest.KeyOrdered.class)
@WithTestResource(KafkaAndPostgresResource.class)
class KeyOrderedThroughputTest extends ThroughputMeasurement {

    static final int CONCURRENCY = 16;

    public static class KeyOrdered implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return channel(Topics.CONVERSATION_DECISIONS, CONCURRENCY);
        }
    }

    @Test
    void manyConversationsAreInFlightAtOnceEachInOrder() {
        double rate = measure(Topics.CONVERSATION_DECISIONS, 48, 5, CONCURRENCY);

        // One at a time would be 1 / 0.15 s = 6.7 records/s: concurrency across keys is what this measures.
        assertThat(stub.mostRunning.get()).isGreaterThan(1);
        assertThat(rate).isGreaterThan(1000.0 / SlowStubConsumer.WORK_MILLIS);
    }
}
