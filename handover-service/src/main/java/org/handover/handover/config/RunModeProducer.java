package org.handover.handover.config;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import org.handover.handover.client.GraphApi;
import org.handover.handover.client.GraphApiPort;
import org.handover.handover.client.ShadowGraphPort;
import org.handover.handover.port.MetaGraphPort;
import org.handover.handover.service.EventTimeClock;
import org.handover.handover.service.PageHealthService;
import org.handover.handover.service.ServiceClock;
import org.jboss.logging.Logger;

/**
 * The one place that reads {@link HandoverConfig#shadowMode()}: at start it chooses the two things that differ
 * between production and shadow mode, and everything else just uses them.
 * <ul>
 *   <li>{@link MetaGraphPort}: {@link GraphApiPort} over the Graph API in production; {@link ShadowGraphPort} in
 *       shadow mode, where the Graph API client is never even created;</li>
 *   <li>{@link ServiceClock} (also every {@code java.time.Clock} injection): the wall clock in production, an
 *       {@link EventTimeClock} in shadow mode.</li>
 * </ul>
 * A runtime choice (the same jar runs both ways), hence a producer rather than a build-time switch.
 */
@ApplicationScoped
public class RunModeProducer {

    private static final Logger LOG = Logger.getLogger(RunModeProducer.class);

    private final boolean shadowMode;
    private final ServiceClock clock;

    public RunModeProducer(HandoverConfig config) {
        this.shadowMode = config.shadowMode();
        this.clock = shadowMode ? new EventTimeClock() : ServiceClock.wall();
    }

    @Produces
    @ApplicationScoped
    MetaGraphPort metaGraph(Instance<GraphApi> graph, MeterRegistry registry, PageHealthService health) {
        return shadowMode ? new ShadowGraphPort(registry) : new GraphApiPort(graph.get(), health);
    }

    @Produces
    @ApplicationScoped
    ServiceClock clock() {
        return clock;
    }

    void warnInShadowMode(@Observes StartupEvent start) {
        if (shadowMode) {
            LOG.warn("SHADOW MODE is on (HANDOVER_SHADOW_MODE): the Graph API is never called (every pass and take "
                    + "is answered as accepted, owner lookups as unknown, activations without checking the page's "
                    + "setup), and the clock is event time, not the wall clock. Never run this against production "
                    + "topics.");
        }
    }
}
