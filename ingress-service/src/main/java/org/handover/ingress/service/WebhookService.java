package org.handover.ingress.service;

import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.TimeoutException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import org.handover.ingress.config.IngressConfig;
import org.handover.ingress.domain.SignatureCheck;
import org.handover.ingress.domain.SignatureVerifier;
import org.handover.ingress.domain.SplitResult;
import org.handover.ingress.domain.WebhookSplitter;
import org.handover.ingress.messaging.QuarantinePublisher;
import org.handover.ingress.messaging.RawEvent;
import org.handover.ingress.messaging.RawEventPublisher;
import org.jboss.logging.Logger;

/**
 * Handles a webhook body whose size and content type were already accepted: verifies the signature over the raw
 * bytes, splits the body into events, and completes only when Kafka acknowledged every record, or with
 * {@link WebhookOutcome#UNAVAILABLE} when it did not within {@code messenger.webhook.ack-timeout}.
 *
 * <p>Nothing here blocks: signing and splitting are CPU work on the calling thread, sends run on the producer's own
 * thread. Logs carry the request id, counts, the outcome and reason codes; never the body or a secret.
 */
@ApplicationScoped
@Startup // created at start, so that an unusable secret list stops the service then, not at the first webhook
public class WebhookService {

    private static final Logger LOG = Logger.getLogger(WebhookService.class);

    private final SignatureVerifier verifier;
    private final RawEventPublisher events;
    private final QuarantinePublisher quarantine;
    private final WebhookMetrics metrics;
    private final Duration ackTimeout;

    public WebhookService(IngressConfig config, RawEventPublisher events, QuarantinePublisher quarantine,
            WebhookMetrics metrics) {
        this.verifier = new SignatureVerifier(config.appSecrets());
        this.events = events;
        this.quarantine = quarantine;
        this.metrics = metrics;
        this.ackTimeout = config.webhook().ackTimeout();
        LOG.infof("Webhook accepts signatures from %d app secret(s); Kafka acknowledgement bound %d ms",
                verifier.secretCount(), ackTimeout.toMillis());
    }

    /** Verifies and publishes one body; never fails (every failure is an outcome). */
    public Uni<WebhookResult> receive(byte[] body, String signature, String requestId, Instant receivedAt) {
        SignatureCheck check = verifier.check(body, signature);
        if (check != SignatureCheck.VALID) {
            LOG.infof("Webhook %s refused: %s (%d bytes)", requestId, check.reason(), body.length);
            return Uni.createFrom().item(new WebhookResult(WebhookOutcome.BAD_SIGNATURE, check.reason(), 0));
        }
        SplitResult split = WebhookSplitter.split(body);
        if (split instanceof SplitResult.Unusable unusable) {
            return quarantine(body, unusable.reason(), unusable.object(), requestId, receivedAt);
        }
        SplitResult.Batch batch = (SplitResult.Batch) split;
        int count = batch.events().size();
        metrics.split(count);
        List<RawEvent> records = batch.events().stream()
                .map(e -> new RawEvent(e.key(), e.json(), e.channel(), e.pageId(), e.entryTime(), receivedAt,
                        requestId, batch.object()))
                .toList();
        Uni<Void> writes = events.publishAll(records);
        if (batch.entriesWithoutEvents() > 0) {
            // Entries of a kind we do not split (no messaging/standby) are kept by quarantining the whole body too.
            Uni<Void> kept = quarantine.quarantine(body, "entry_without_events: " + batch.entriesWithoutEvents(),
                    batch.object(), requestId, receivedAt);
            writes = Uni.combine().all().unis(writes, kept).discardItems();
        }
        return bounded(writes, requestId, count, () -> {
            LOG.debugf("Webhook %s accepted: %d event(s)", requestId, count);
            return new WebhookResult(WebhookOutcome.ACCEPTED, null, count);
        });
    }

    private Uni<WebhookResult> quarantine(byte[] body, String reason, String object, String requestId,
            Instant receivedAt) {
        return bounded(quarantine.quarantine(body, reason, object, requestId, receivedAt), requestId, 0, () -> {
            LOG.infof("Webhook %s quarantined: %s (%d bytes)", requestId, reason, body.length);
            return new WebhookResult(WebhookOutcome.QUARANTINED, reason, 0);
        });
    }

    /**
     * Waits for {@code writes} at most the acknowledgement bound. On timeout the writes are cancelled (sends not yet
     * handed to Kafka are dropped; records already handed over may still land: a duplicate of what Meta will resend,
     * which downstream removes). Any failure becomes {@link WebhookOutcome#UNAVAILABLE}.
     */
    private Uni<WebhookResult> bounded(Uni<Void> writes, String requestId, int count,
            Supplier<WebhookResult> onSuccess) {
        return Uni.createFrom().deferred(() -> writes)
                .ifNoItem().after(ackTimeout).fail()
                .map(ok -> onSuccess.get())
                .onFailure().recoverWithItem(failure -> {
                    // Our own bound, or the producer's (max.block.ms, delivery.timeout.ms): both mean "not in time".
                    boolean timeout = failure instanceof TimeoutException
                            || failure instanceof org.apache.kafka.common.errors.TimeoutException;
                    String reason = timeout ? "kafka_timeout" : "kafka_failed";
                    LOG.warnf("Webhook %s unavailable: %s for %d event(s) (%s)", requestId, reason, count,
                            failure.getClass().getSimpleName());
                    return new WebhookResult(WebhookOutcome.UNAVAILABLE, reason, count);
                });
    }
}
