package org.handover.harness;

import java.util.EnumSet;
import java.util.List;
import org.handover.harness.ServiceDefinition.Need;

/**
 * The four services of the system, in start order (the order data flows through them), and the endpoints every one
 * serves. The local stack, the end-to-end tests and the replay tool start them from this one list.
 */
public final class Services {

    /** Every service, in start order. */
    public static final List<ServiceDefinition> ALL = List.of(
            new ServiceDefinition("ingress-service", "ingress-service", "INGRESS_PORT", 8081,
                    EnumSet.of(Need.KAFKA)),
            new ServiceDefinition("routing-service", "routing-service", "ROUTING_PORT", 8082,
                    EnumSet.of(Need.KAFKA)),
            new ServiceDefinition("handover-service", "handover-service", "HANDOVER_PORT", 8083,
                    EnumSet.of(Need.KAFKA, Need.DATABASE, Need.META)),
            new ServiceDefinition("bot-service", "bot-service", "BOT_PORT", 8084,
                    EnumSet.of(Need.KAFKA, Need.DATABASE, Need.META)));

    /** Path of ingress-service's webhook endpoint, where Meta (or the emulator) posts. */
    public static final String WEBHOOK_PATH = "/webhook";

    /** Readiness endpoint of every Quarkus service (SmallRye Health). */
    public static final String READINESS_PATH = "/q/health/ready";

    /** Prometheus endpoint of every Quarkus service (Micrometer). */
    public static final String METRICS_PATH = "/q/metrics";

    private Services() {
    }

    /** The service called {@code name}. */
    public static ServiceDefinition named(String name) {
        return ALL.stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no service " + name));
    }
}
