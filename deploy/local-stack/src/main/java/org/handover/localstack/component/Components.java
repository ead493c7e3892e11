package org.handover.localstack.component;

import java.util.EnumSet;
import java.util.List;
import org.handover.localstack.component.ServiceDefinition.Need;

/**
 * The processes of the local stack, in start order. Everything else (ports, environment, readiness, summary, state
 * file, stop) is derived from this list, so a new process is one more entry here.
 */
public final class Components {

    /**
     * Every service the stack starts, in order.
     *
     * <p>The Messenger Platform emulator joins this list as one more entry, placed first so that it is up before
     * the services that call Meta (its port from its own variable, e.g. {@code EMULATOR_PORT}); a new
     * {@link Need} (say {@code META}) then gives handover-service and bot-service its base URL.
     */
    public static final List<ServiceDefinition> SERVICES = List.of(
            new ServiceDefinition("ingress-service", "ingress-service", "INGRESS_PORT", 8081,
                    EnumSet.of(Need.KAFKA)),
            new ServiceDefinition("routing-service", "routing-service", "ROUTING_PORT", 8082,
                    EnumSet.of(Need.KAFKA)),
            new ServiceDefinition("handover-service", "handover-service", "HANDOVER_PORT", 8083,
                    EnumSet.of(Need.KAFKA, Need.DATABASE)),
            new ServiceDefinition("bot-service", "bot-service", "BOT_PORT", 8084,
                    EnumSet.of(Need.KAFKA, Need.DATABASE)));

    /** The service that receives Meta's webhooks; the summary prints its webhook URL. */
    public static final String WEBHOOK_RECEIVER = "ingress-service";

    /** Path of the webhook endpoint on {@link #WEBHOOK_RECEIVER}. */
    public static final String WEBHOOK_PATH = "/webhook";

    /** Readiness endpoint of every Quarkus service (SmallRye Health). */
    public static final String READINESS_PATH = "/q/health/ready";

    /** Prometheus endpoint of every Quarkus service (Micrometer). */
    public static final String METRICS_PATH = "/q/metrics";

    private Components() {
    }
}
