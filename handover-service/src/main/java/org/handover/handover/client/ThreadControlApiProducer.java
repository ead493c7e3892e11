package org.handover.handover.client;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import org.handover.handover.config.HandoverConfig;
import org.handover.handover.service.ThreadControlApi;
import org.jboss.logging.Logger;

/**
 * Chooses the thread-control port at start: over the Graph API in production, {@link ShadowThreadControlApi} in
 * shadow mode. A runtime choice (the same jar runs both ways), hence a producer rather than a build-time switch.
 */
@ApplicationScoped
public class ThreadControlApiProducer {

    private static final Logger LOG = Logger.getLogger(ThreadControlApiProducer.class);

    private final HandoverConfig config;

    public ThreadControlApiProducer(HandoverConfig config) {
        this.config = config;
    }

    @Produces
    @ApplicationScoped
    ThreadControlApi threadControlApi(GraphApi graph, MeterRegistry registry) {
        return config.shadowMode() ? new ShadowThreadControlApi(registry) : new GraphThreadControlApi(graph);
    }

    void warnInShadowMode(@Observes StartupEvent start) {
        if (config.shadowMode()) {
            LOG.warn("SHADOW MODE is on (HANDOVER_SHADOW_MODE): the Graph API is never called (every pass and take "
                    + "is answered as accepted, owner lookups as unknown, activations without checking the page's "
                    + "setup), and the clock is event time, not the wall clock. Never run this against production "
                    + "topics.");
        }
    }
}
