package org.handover.ingress.rest;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.UUID;
import org.handover.ingress.config.IngressConfig;
import org.handover.ingress.service.WebhookMetrics;
import org.handover.ingress.service.WebhookOutcome;
import org.handover.ingress.service.WebhookResult;
import org.handover.service.support.logging.LogContext;
import org.jboss.logging.Logger;

/**
 * Refuses a webhook {@code POST} whose declared {@code Content-Length} is over {@code messenger.webhook.max-body-bytes}
 * before a byte of the body is read, with the same JSON error and metric as every other refusal ({@code 413}).
 * Bodies without a declared length are checked by {@link WebhookResource} once read; Quarkus'
 * {@code quarkus.http.limits.max-body-size}, set above this limit, remains the hard memory cap for those.
 */
@ApplicationScoped
public class WebhookBodyLimit {

    private static final Logger LOG = Logger.getLogger(WebhookBodyLimit.class);

    private final WebhookMetrics metrics;
    private final long maxBodyBytes;

    public WebhookBodyLimit(WebhookMetrics metrics, IngressConfig config) {
        this.metrics = metrics;
        this.maxBodyBytes = config.webhook().maxBodyBytes();
    }

    void install(@Observes Router router) {
        // Negative order: ahead of the REST layer, which would read the whole body first.
        router.post(WebhookResource.PATH).order(-100).handler(this::check);
    }

    private void check(RoutingContext rc) {
        long start = System.nanoTime();
        String declared = rc.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (declared == null || !tooLarge(declared)) {
            rc.next();
            return;
        }
        String requestId = UUID.randomUUID().toString();
        LogContext.requestId(requestId);
        metrics.record(new WebhookResult(WebhookOutcome.OVERSIZE, "body_too_large", 0), start);
        LOG.infof("Webhook %s refused: body_too_large (declared %s bytes)", requestId, declared);
        rc.response()
                .setStatusCode(413)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .putHeader(WebhookResource.REQUEST_ID_HEADER, requestId)
                // The unread body would otherwise be taken for the next request on this connection.
                .putHeader(HttpHeaders.CONNECTION, "close")
                .end(new JsonObject()
                        .put("error", "body over " + maxBodyBytes + " bytes")
                        .put("reason", "body_too_large")
                        .put("requestId", requestId)
                        .encode());
    }

    private boolean tooLarge(String declared) {
        try {
            return Long.parseLong(declared.trim()) > maxBodyBytes;
        } catch (NumberFormatException e) {
            return false; // Vert.x itself rejects a malformed Content-Length
        }
    }
}
