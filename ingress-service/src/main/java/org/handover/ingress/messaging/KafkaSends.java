package org.handover.ingress.messaging;

import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.smallrye.reactive.messaging.kafka.KafkaProducer;

/**
 * The producer of an outgoing channel, looked up once the connector has created it.
 *
 * <p>Why not the channel's {@code Emitter}: records go through SmallRye's {@link KafkaProducer}, whose
 * {@code send} runs on the channel's own sending thread and returns a {@code Uni} that completes on the broker's
 * acknowledgement. So (a) nothing blocks the HTTP event loop, not even Kafka's {@code send()} waiting for metadata
 * while the broker is down ({@code max.block.ms}); (b) a request that gave up waiting cancels its sends, and
 * sends not yet handed to Kafka are dropped instead of piling up behind a dead broker in an emitter buffer; (c) there
 * is no emitter buffer to overflow when many large batches arrive at once. The emitter is still injected by each
 * publisher: it is what connects the channel, so that the connector creates the producer at all.
 */
final class KafkaSends<V> {

    private final KafkaClientService clients;
    private final String channel;
    private volatile KafkaProducer<String, V> producer;

    KafkaSends(KafkaClientService clients, String channel) {
        this.clients = clients;
        this.channel = channel;
    }

    KafkaProducer<String, V> producer() {
        KafkaProducer<String, V> current = producer;
        if (current == null) {
            current = clients.getProducer(channel);
            if (current == null) {
                throw new IllegalStateException("no Kafka producer for channel " + channel);
            }
            producer = current;
        }
        return current;
    }
}
