package org.handover.localstack.component;

import org.handover.harness.ServiceDefinition.Need;
import org.handover.harness.Services;

/**
 * The parts of the local stack: the emulator, then the services of {@link Services#ALL}, in that order. Everything
 * else (ports, environment, readiness, summary, state file, stop) is derived from these, so a new service is one
 * more entry there.
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

    /** The service that receives Meta's webhooks; the summary prints its webhook URL. */
    public static final String WEBHOOK_RECEIVER = "ingress-service";

    /** The service whose admin API activates handover for a page. */
    public static final String HANDOVER = "handover-service";

    private Components() {
    }
}
