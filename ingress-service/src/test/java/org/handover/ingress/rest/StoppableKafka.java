package org.handover.ingress.rest;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;
import org.handover.contracts.kafka.TopicProvisioner;
import org.handover.harness.EmbeddedKafka;

/**
 * A real KRaft broker of its own, which a test may stop: the JVM's shared broker serves every other test class and
 * must stay up.
 */
public class StoppableKafka implements QuarkusTestResourceLifecycleManager {

    private static EmbeddedKafka broker;

    @Override
    public Map<String, String> start() {
        broker = EmbeddedKafka.builder().start();
        TopicProvisioner.createMissing(broker.bootstrapServers(), (short) 1);
        return Map.of("kafka.bootstrap.servers", broker.bootstrapServers());
    }

    /** Stops the broker now, as an outage would. */
    static synchronized void stopBroker() {
        if (broker != null) {
            broker.close();
            broker = null;
        }
    }

    @Override
    public void stop() {
        stopBroker();
    }
}
