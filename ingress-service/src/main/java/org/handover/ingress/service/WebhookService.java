package org.handover.ingress.service;

import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.TimeoutException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.handover.contracts.SizeBudget;
import org.handover.ingress.config.IngressConfig;
import org.handover.ingress.domain.SignatureCheck;
import org.handover.ingress.domain.SignatureVerifier;
import org.handover.ingress.domain.SplitResult;
import org.handover.ingress.domain.WebhookEvent;
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
 * <p>Sizes follow {@link SizeBudget}: a signed body is never answered {@code 503} for being too large to store, since
 * a retry would fail the same way. An event too large for one record leaves the raw topic out and goes, with its whole
 * body, to quarantine; a quarantined body over the record size is stored in chunks; and a record the broker refuses as
 * too large (a topic below the budget) makes the whole body go to quarantine in small chunks.
 *
 * <p>Nothing here blocks: signing and splitting are CPU work on the calling thread, sends run on the producer's own
 * thread. Logs carry the request id, counts, the outcome and reason codes; never the body or a secret.
 */
@ApplicationScoped
@Startup // created at start, so that an unusable secret list stops the service then, not at the first webhook
public class WebhookService {

    private static final Logger LOG = Logger.getLogger(WebhookService.class);
    /** Quarantine reason of a body kept after the broker refused one of its records as too large. */
    static final String RECORD_TOO_LARGE = "record_too_large";

    private final SignatureVerifier verifier;
    private final RawEventPublisher events;
    private final QuarantinePublisher quarantine;
    private final WebhookMetrics metrics;
    private final Duration ackTimeout;
    private final int maxEvents;

    public WebhookService(IngressConfig config, RawEventPublisher events, QuarantinePublisher quarantine,
            WebhookMetrics metrics) {
        this.verifier = new SignatureVerifier(config.appSecrets());
        this.events = events;
        this.quarantine = quarantine;
        this.metrics = metrics;
        this.ackTimeout = config.webhook().ackTimeout();
        this.maxEvents = config.webhook().maxEvents();
        if (maxEvents < 1) {
            throw new IllegalArgumentException("messenger.webhook.max-events must be at least 1, is " + maxEvents);
        }
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
        SplitResult split = WebhookSplitter.split(body, maxEvents);
        if (split instanceof SplitResult.Unusable unusable) {
            Uni<Void> kept = quarantine.quarantine(body, unusable.reason(), unusable.object(), requestId, receivedAt);
            return bounded(kept, body, unusable.object(), requestId, receivedAt, 0, () -> {
                noteChunks(body, requestId);
                LOG.infof("Webhook %s quarantined: %s (%d bytes)", requestId, unusable.reason(), body.length);
                return new WebhookResult(WebhookOutcome.QUARANTINED, unusable.reason(), 0);
            });
        }
        SplitResult.Batch batch = (SplitResult.Batch) split;
        int count = batch.events().size();
        metrics.split(count);
        List<RawEvent> records = new ArrayList<>(count);
        int tooLarge = 0;
        long largest = 0;
        for (WebhookEvent e : batch.events()) {
            RawEvent event = new RawEvent(e.key(), e.json(), e.channel(), e.pageId(), e.entryTime(), receivedAt,
                    requestId, batch.object());
            if (RawEventPublisher.fits(event)) {
                records.add(event);
            } else {
                // Kafka would refuse it on every retry of the body: keep it, with the whole body, in quarantine.
                tooLarge++;
                largest = Math.max(largest, RawEventPublisher.valueBytes(event));
            }
        }
        Uni<Void> writes = events.publishAll(records);
        List<String> reasons = new ArrayList<>(2);
        if (batch.entriesWithoutEvents() > 0) {
            // Entries of a kind we do not split (no messaging/standby) are kept by quarantining the whole body too.
            reasons.add("entry_without_events: " + batch.entriesWithoutEvents());
        }
        if (tooLarge > 0) {
            reasons.add("event_too_large: " + tooLarge);
            LOG.infof("Webhook %s: %d of %d event(s) over the record size of %d bytes (largest %d bytes), kept "
                    + "with the whole body in quarantine", requestId, tooLarge, count, SizeBudget.RECORD_VALUE_BYTES,
                    largest);
        }
        boolean bodyKept = !reasons.isEmpty();
        if (bodyKept) {
            Uni<Void> kept = quarantine.quarantine(body, String.join("; ", reasons), batch.object(), requestId,
                    receivedAt);
            writes = Uni.combine().all().unis(writes, kept).discardItems();
        }
        int published = records.size();
        int quarantined = tooLarge;
        return bounded(writes, body, batch.object(), requestId, receivedAt, count, () -> {
            if (bodyKept) {
                noteChunks(body, requestId);
            }
            if (quarantined > 0) {
                metrics.tooLarge(WebhookMetrics.TooLarge.EVENT, quarantined);
            }
            LOG.debugf("Webhook %s accepted: %d event(s)", requestId, published);
            return new WebhookResult(WebhookOutcome.ACCEPTED, null, published, quarantined);
        });
    }

    /** Counts and logs (by size only) a quarantined body that was over the record size, hence stored in chunks. */
    private void noteChunks(byte[] body, String requestId) {
        int chunks = SizeBudget.chunkCount(body.length, SizeBudget.RECORD_VALUE_BYTES);
        if (chunks > 1) {
            metrics.tooLarge(WebhookMetrics.TooLarge.BODY, 1);
            LOG.infof("Webhook %s: body of %d bytes over the record size of %d bytes, quarantined in %d chunks",
                    requestId, body.length, SizeBudget.RECORD_VALUE_BYTES, chunks);
        }
    }

    /**
     * Waits for {@code writes} at most the acknowledgement bound. A record the broker refuses as too large (only
     * possible when a topic's {@code max.message.bytes} is below the size budget) is no reason for {@code 503}: the
     * same body would be refused on every retry, so it is kept whole in quarantine in
     * {@link SizeBudget#FALLBACK_CHUNK_BYTES} chunks instead, within the same bound. On timeout the writes are
     * cancelled (sends not yet handed to Kafka are dropped; records already handed over may still land: a duplicate
     * of what Meta will resend, which downstream removes). Any other failure becomes
     * {@link WebhookOutcome#UNAVAILABLE}.
     */
    private Uni<WebhookResult> bounded(Uni<Void> writes, byte[] body, String object, String requestId,
            Instant receivedAt, int count, Supplier<WebhookResult> onSuccess) {
        return Uni.createFrom().deferred(() -> writes)
                .map(ok -> onSuccess.get())
                .onFailure(WebhookService::recordTooLarge)
                .recoverWithUni(failure -> keepRefused(body, object, requestId, receivedAt, failure))
                .ifNoItem().after(ackTimeout).fail()
                .onFailure().recoverWithItem(failure -> {
                    if (recordTooLarge(failure)) {
                        LOG.errorf("Webhook %s unstorable: the quarantine topic refuses even chunks of %d bytes as "
                                + "too large; set its max.message.bytes to %d (SizeBudget.TOPIC_MAX_MESSAGE_BYTES)",
                                requestId, SizeBudget.FALLBACK_CHUNK_BYTES, SizeBudget.TOPIC_MAX_MESSAGE_BYTES);
                        return new WebhookResult(WebhookOutcome.UNSTORABLE, "record_too_large", count);
                    }
                    // Our own bound, or the producer's (max.block.ms, delivery.timeout.ms): both mean "not in time".
                    boolean timeout = failure instanceof TimeoutException
                            || failure instanceof org.apache.kafka.common.errors.TimeoutException;
                    String reason = timeout ? "kafka_timeout" : "kafka_failed";
                    LOG.warnf("Webhook %s unavailable: %s for %d event(s) (%s)", requestId, reason, count,
                            failure.getClass().getSimpleName());
                    return new WebhookResult(WebhookOutcome.UNAVAILABLE, reason, count);
                });
    }

    private Uni<WebhookResult> keepRefused(byte[] body, String object, String requestId, Instant receivedAt,
            Throwable failure) {
        int chunks = SizeBudget.chunkCount(body.length, SizeBudget.FALLBACK_CHUNK_BYTES);
        LOG.warnf("Webhook %s: Kafka refused a record as too large (%s) although it was within the size budget: a "
                + "topic's max.message.bytes is below %d (SizeBudget.TOPIC_MAX_MESSAGE_BYTES); keeping the body (%d "
                + "bytes) in quarantine in %d chunk(s)", requestId, failure.getClass().getSimpleName(),
                SizeBudget.TOPIC_MAX_MESSAGE_BYTES, body.length, chunks);
        return quarantine.quarantine(body, RECORD_TOO_LARGE, object, requestId, receivedAt,
                        SizeBudget.FALLBACK_CHUNK_BYTES)
                .map(ok -> {
                    metrics.tooLarge(WebhookMetrics.TooLarge.REFUSED, 1);
                    LOG.infof("Webhook %s quarantined: %s (%d bytes)", requestId, RECORD_TOO_LARGE, body.length);
                    return new WebhookResult(WebhookOutcome.QUARANTINED, RECORD_TOO_LARGE, 0);
                });
    }

    /** Whether {@code failure}, or one of its causes, is Kafka's "record too large" (from the producer or broker). */
    static boolean recordTooLarge(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof RecordTooLargeException) {
                return true;
            }
        }
        return false;
    }
}
