package org.handover.ingress.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.EnumMap;
import java.util.Map;

/**
 * The webhook's metrics, all registered up front so that every series exists (at 0) from the start:
 * <ul>
 * <li>{@value #REQUESTS}{@code {outcome}}: POSTs by {@link WebhookOutcome#tag()};</li>
 * <li>{@value #EVENTS}{@code {outcome}}: events of split bodies, {@code accepted} (on the raw topic),
 * {@code quarantined} (too large for a record, kept with their body in quarantine) or {@code unavailable};</li>
 * <li>{@value #TOO_LARGE}{@code {kind}}: signed content too large to store as it was, and kept otherwise:
 * {@code event} (an event over the record size; its body goes to quarantine), {@code body} (a quarantined body over
 * the record size, stored in chunks), {@code refused} (the broker refused a record as too large although it was
 * within the budget: a topic below the budget; the body is kept in quarantine in small chunks);</li>
 * <li>{@value #EVENTS_PER_BODY}: events per split body;</li>
 * <li>{@value #LATENCY}{@code {outcome}}: time from the body being read to the answer, with a histogram;</li>
 * <li>{@value #VERIFICATIONS}{@code {outcome}}: GET verifications, {@code verified} or {@code refused}.</li>
 * </ul>
 */
// Created at start, so every series is exported (at 0) before the first webhook: the alert rules and the dashboard
// see a replica that has had no traffic yet.
@Startup
@ApplicationScoped
public class WebhookMetrics {

    public static final String REQUESTS = "ingress.webhook.requests";
    public static final String EVENTS = "ingress.webhook.events";
    public static final String EVENTS_PER_BODY = "ingress.webhook.events.per.body";
    public static final String LATENCY = "ingress.webhook.latency";
    public static final String VERIFICATIONS = "ingress.webhook.verifications";
    public static final String TOO_LARGE = "ingress.webhook.record.too.large";

    /** The {@code kind} of a {@value #TOO_LARGE} count. */
    public enum TooLarge {
        /** An event over the record size. */
        EVENT,
        /** A quarantined body over the record size, stored in chunks. */
        BODY,
        /** A record the broker refused as too large; the body kept in fallback chunks. */
        REFUSED;

        String tag() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final Map<WebhookOutcome, Counter> requests = new EnumMap<>(WebhookOutcome.class);
    private final Map<WebhookOutcome, Timer> latency = new EnumMap<>(WebhookOutcome.class);
    private final Counter eventsAccepted;
    private final Counter eventsUnavailable;
    private final Counter eventsQuarantined;
    private final Map<TooLarge, Counter> tooLarge = new EnumMap<>(TooLarge.class);
    private final DistributionSummary eventsPerBody;
    private final Counter verified;
    private final Counter refused;

    public WebhookMetrics(MeterRegistry registry) {
        for (WebhookOutcome outcome : WebhookOutcome.values()) {
            requests.put(outcome, Counter.builder(REQUESTS).tag("outcome", outcome.tag())
                    .description("Webhook POSTs by outcome").register(registry));
            latency.put(outcome, Timer.builder(LATENCY).tag("outcome", outcome.tag())
                    .description("Webhook POST handling time, body read to answer")
                    .publishPercentileHistogram().register(registry));
        }
        eventsAccepted = events(registry, "accepted");
        eventsUnavailable = events(registry, "unavailable");
        eventsQuarantined = events(registry, "quarantined");
        for (TooLarge kind : TooLarge.values()) {
            tooLarge.put(kind, Counter.builder(TOO_LARGE).tag("kind", kind.tag())
                    .description("Signed content too large for one record, kept in quarantine").register(registry));
        }
        eventsPerBody = DistributionSummary.builder(EVENTS_PER_BODY).description("Events per webhook body")
                .publishPercentileHistogram().register(registry);
        verified = Counter.builder(VERIFICATIONS).tag("outcome", "verified").register(registry);
        refused = Counter.builder(VERIFICATIONS).tag("outcome", "refused").register(registry);
    }

    private static Counter events(MeterRegistry registry, String outcome) {
        return Counter.builder(EVENTS).tag("outcome", outcome).description("Webhook events by outcome")
                .register(registry);
    }

    /** Counts one POST that ended with {@code result}, started at {@code startNanos} ({@link System#nanoTime()}). */
    public void record(WebhookResult result, long startNanos) {
        requests.get(result.outcome()).increment();
        latency.get(result.outcome()).record(System.nanoTime() - startNanos, java.util.concurrent.TimeUnit.NANOSECONDS);
        if (result.outcome() == WebhookOutcome.ACCEPTED) {
            eventsAccepted.increment(result.events());
            eventsQuarantined.increment(result.quarantinedEvents());
        } else if (result.outcome() == WebhookOutcome.UNAVAILABLE) {
            eventsUnavailable.increment(result.events());
        }
    }

    /** Counts {@code count} things of one kind that were too large for a record and were kept in quarantine. */
    public void tooLarge(TooLarge kind, int count) {
        tooLarge.get(kind).increment(count);
    }

    /** Records the size of a body that was split into events. */
    public void split(int events) {
        eventsPerBody.record(events);
    }

    /** Counts a GET verification. */
    public void verification(boolean ok) {
        (ok ? verified : refused).increment();
    }
}
