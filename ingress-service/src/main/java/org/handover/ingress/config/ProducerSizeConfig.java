package org.handover.ingress.config;

import io.quarkus.arc.Unremovable;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.handover.contracts.SizeBudget;

/**
 * The size budget's part of ingress-service's Kafka producer configuration, taken from {@link SizeBudget} rather
 * than copied into {@code application.properties}: each outgoing channel names this bean with
 * {@code kafka-configuration=}{@value #ID}. SmallRye merges it with the global {@code kafka.*} settings; a channel's
 * own properties would still win over it, which is why none of them sets {@code max.request.size}.
 */
@ApplicationScoped
public class ProducerSizeConfig {

    /** The bean's identifier, as the channels' {@code kafka-configuration} name it. */
    public static final String ID = "ingress-producer-sizes";

    /** {@code max.request.size}: one record of the budget, value and headroom ({@code SizeBudget}). */
    @Produces
    @Identifier(ID)
    @Unremovable // looked up by name by the Kafka connector, never injected
    Map<String, Object> producerSizes() {
        return Map.of(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, SizeBudget.PRODUCER_MAX_REQUEST_BYTES);
    }
}
