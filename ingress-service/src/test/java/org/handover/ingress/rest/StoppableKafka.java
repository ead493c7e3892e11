package org.handover.ingress.rest;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.smallrye.reactive.messaging.kafka.companion.test.EmbeddedKafkaBroker;
import java.util.Map;
import org.handover.contracts.kafka.TopicProvisioner;
import org.handover.testsupport.FreePorts;

/**
 * A real KRaft broker of its own, which a test may stop: the JVM's shared broker serves every other test class and
 * must stay up.
 */
public class StoppableKafka implements QuarkusTestResourceLifecycleManager {

    private static EmbeddedKafkaBroker broker;

    @Override
    public Map<String, String> start() {
        int[] ports = FreePorts.pick(2);
        broker = new EmbeddedKafkaBroker()
                .withKafkaPort(ports[0])
                .withControllerPort(ports[1])
                .withDeleteLogDirsOnClose(true)
                .withAdditionalProperties(p -> p.put("auto.create.topics.enable", "false"))
                .start();
        String listener = broker.getAdvertisedListeners().split(",")[0];
        String bootstrap = listener.substring(listener.indexOf("://") + 3);
        TopicProvisioner.createMissing(bootstrap, (short) 1);
        return Map.of("kafka.bootstrap.servers", bootstrap);
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
