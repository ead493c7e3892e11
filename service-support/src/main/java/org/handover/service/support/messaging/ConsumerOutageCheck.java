package org.handover.service.support.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness: DOWN while a consumer is paused on an infrastructure failure ({@link OutageMonitor}), with one entry per
 * paused channel: {@code "<channel>": "paused since <instant>: <failure class>"}. A paused replica cannot make progress,
 * so a load balancer or an operator should know; it comes back UP by itself when the consumer resumes. (Readiness, not
 * liveness: restarting the process would not bring the database back.)
 */
@Readiness
@ApplicationScoped
public class ConsumerOutageCheck implements HealthCheck {

    /** The check's name in {@code /q/health/ready}. */
    public static final String NAME = "Consumers not paused on an outage";

    private final OutageMonitor monitor;

    public ConsumerOutageCheck(OutageMonitor monitor) {
        this.monitor = monitor;
    }

    @Override
    public HealthCheckResponse call() {
        Map<String, OutageMonitor.Pause> pauses = monitor.pauses();
        HealthCheckResponseBuilder response = HealthCheckResponse.named(NAME).status(pauses.isEmpty());
        pauses.forEach((channel, pause) -> response.withData(channel,
                "paused since " + pause.since() + ": " + pause.failureClass()));
        return response.build();
    }
}
