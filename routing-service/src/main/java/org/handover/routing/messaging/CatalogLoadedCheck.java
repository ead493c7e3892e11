package org.handover.routing.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness: DOWN, with what is missing, until {@link CatalogLoadGate} has seen {@code bot.catalog} read to its end
 * offsets at start (before that, routing-service classifies nothing); UP from then on.
 */
@Readiness
@ApplicationScoped
public class CatalogLoadedCheck implements HealthCheck {

    /** The check's name in {@code /q/health/ready}. */
    public static final String NAME = "bot.catalog loaded";

    private final CatalogLoadGate gate;

    public CatalogLoadedCheck(CatalogLoadGate gate) {
        this.gate = gate;
    }

    @Override
    public HealthCheckResponse call() {
        String waitingFor = gate.waitingFor();
        return waitingFor == null ? HealthCheckResponse.up(NAME)
                : HealthCheckResponse.named(NAME).down().withData("reason", waitingFor).build();
    }
}
