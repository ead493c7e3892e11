package org.handover.service.support.config;

import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.time.Clock;

/**
 * The service's {@link Clock}: the wall clock in UTC, injectable so that time rules (the 24-hour window, idle
 * timeouts, session expiry) can be tested. A {@link DefaultBean}: a service that needs another clock (handover-service
 * runs on event time in shadow mode) produces its own {@code Clock}, which replaces this one without ambiguity.
 */
@ApplicationScoped
public class WallClockProducer {

    @Produces
    @DefaultBean
    @ApplicationScoped
    Clock clock() {
        return Clock.systemUTC();
    }
}
