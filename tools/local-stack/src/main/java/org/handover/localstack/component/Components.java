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
     * The Messenger Platform emulator, the first component: it plays Meta (Graph API, webhooks, the user and the
     * Page Inbox agent). It runs inside the launcher's JVM rather than as a child process, since it is a small
     * library with an HTTP server and the launcher must drive it (load the world, read its journal). It starts
     * before the services, so that it is up before anything calls Meta; the services that need it say
     * {@link Need#META}.
     */
    public static final String EMULATOR = "messenger-emulator";

    /** Environment variable that moves the emulator's port. */
    public static final String EMULATOR_PORT_ENV = "EMULATOR_PORT";

    /** The emulator's port when {@link #EMULATOR_PORT_ENV} is not set. */
    public static final int EMULATOR_DEFAULT_PORT = 8090;

    /** Path of the emulator's control API (acting as the user or the agent, journal, transcripts). */
    public static final String EMULATOR_CONTROL_PATH = "/_emulator/";

    /** Every service the stack starts as a child process, in order, after the emulator. */
    public static final List<ServiceDefinition> SERVICES = List.of(
            new ServiceDefinition("ingress-service", "ingress-service", "INGRESS_PORT", 8081,
                    EnumSet.of(Need.KAFKA)),
            new ServiceDefinition("routing-service", "routing-service", "ROUTING_PORT", 8082,
                    EnumSet.of(Need.KAFKA)),
            new ServiceDefinition("handover-service", "handover-service", "HANDOVER_PORT", 8083,
                    EnumSet.of(Need.KAFKA, Need.DATABASE, Need.META)),
            new ServiceDefinition("bot-service", "bot-service", "BOT_PORT", 8084,
                    EnumSet.of(Need.KAFKA, Need.DATABASE, Need.META)));

    /** The service that receives Meta's webhooks; the summary prints its webhook URL. */
    public static final String WEBHOOK_RECEIVER = "ingress-service";

    /** The service whose admin API activates handover for a page. */
    public static final String HANDOVER = "handover-service";

    /** Path of the webhook endpoint on {@link #WEBHOOK_RECEIVER}. */
    public static final String WEBHOOK_PATH = "/webhook";

    /** Readiness endpoint of every Quarkus service (SmallRye Health). */
    public static final String READINESS_PATH = "/q/health/ready";

    /** Prometheus endpoint of every Quarkus service (Micrometer). */
    public static final String METRICS_PATH = "/q/metrics";

    private Components() {
    }
}
