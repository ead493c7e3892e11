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
        measure(Topics.CONVERSATION_DECISIONS, 48, 5, CONCURRENCY);

        // Records of different conversations ran at the same time; the rate is printed by measure(), not asserted: a
        // speed is a benchmark's figure, and a busy machine would make such an assertion fail at random.
        assertThat(stub.mostRunning.get()).isGreaterThan(1);
    }
}
