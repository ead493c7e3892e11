package org.handover.ingress.messaging;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.handover.contracts.BulletinClick;
import org.handover.contracts.ContractJson;
import org.handover.contracts.Topics;

/**
 * Writes {@link BulletinClick}s to {@link Topics#BULLETIN_CLICKS}, keyed by bulletin id. The send runs on the
 * producer's own sending thread (see {@link KafkaSends}); the {@link Uni} completes on the broker's acknowledgement.
 */
@ApplicationScoped
public class ClickPublisher {

    private final KafkaSends<String> sends;
    private final String topic;

    public ClickPublisher(@Channel(Channels.BULLETIN_CLICKS) MutinyEmitter<String> channelWiring,
            KafkaClientService clients,
            @ConfigProperty(name = "mp.messaging.outgoing.bulletin-clicks.topic", defaultValue = Topics.BULLETIN_CLICKS)
            String topic) {
        this.sends = new KafkaSends<>(clients, Channels.BULLETIN_CLICKS);
        this.topic = topic;
    }

    /** Publishes one click; completes when the broker acknowledged it. */
    public Uni<Void> publish(BulletinClick click) {
        return Uni.createFrom().deferred(() -> sends.producer()
                .send(new ProducerRecord<>(topic, click.key(), ContractJson.toJson(click)))
                .replaceWithVoid());
    }
}
