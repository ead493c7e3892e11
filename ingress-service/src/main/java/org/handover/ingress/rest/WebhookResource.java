package org.handover.ingress.rest;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;
import org.handover.ingress.config.IngressConfig;
import org.handover.ingress.domain.SignatureVerifier;
import org.handover.ingress.service.WebhookMetrics;
import org.handover.ingress.service.WebhookOutcome;
import org.handover.ingress.service.WebhookResult;
import org.handover.ingress.service.WebhookService;
import org.handover.service.support.logging.LogContext;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * Meta's webhook, {@value #PATH}: {@code GET} answers the subscription check, {@code POST} takes signed event
 * batches into Kafka. Runs on the event loop ({@code Uni}); the body arrives as raw bytes, never parsed before the
 * signature is checked.
 *
 * <p>Status codes: {@code 200} accepted or quarantined; {@code 401} signature header missing; {@code 403} signature
 * malformed or wrong (and a refused verification); {@code 413} body over the limit; {@code 415} not JSON;
 * {@code 503} with {@code Retry-After} when Kafka did not acknowledge in time; {@code 500} only when Kafka refuses
 * even the smallest chunks of a signed body as too large (a misconfigured topic). Every POST answer carries
 * {@value #REQUEST_ID_HEADER}.
 */
@Path(WebhookResource.PATH)
public class WebhookResource {

    /** The webhook's path, as the local stack prints it. */
    public static final String PATH = "/webhook";
    /** Response header with the id this service gave the request (also in logs and record headers). */
    public static final String REQUEST_ID_HEADER = "X-Request-Id";

    private static final Logger LOG = Logger.getLogger(WebhookResource.class);

    private final WebhookService service;
    private final WebhookMetrics metrics;
    private final byte[] verifyToken;
    private final int maxBodyBytes;
    private final String retryAfter;

    public WebhookResource(WebhookService service, WebhookMetrics metrics, IngressConfig config) {
        this.service = service;
        this.metrics = metrics;
        this.verifyToken = config.verifyToken().getBytes(StandardCharsets.UTF_8);
        this.maxBodyBytes = config.webhook().maxBodyBytes();
        this.retryAfter = Integer.toString(config.webhook().retryAfterSeconds());
    }

    /** Meta's subscription check: echo the challenge when the mode and verify token are right, else 403. */
    @GET
    @Produces(MediaType.TEXT_PLAIN)
    public RestResponse<String> verify(@RestQuery("hub.mode") String mode,
            @RestQuery("hub.verify_token") String token, @RestQuery("hub.challenge") String challenge) {
        boolean ok = "subscribe".equals(mode) && token != null && challenge != null
                && MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8), verifyToken);
        metrics.verification(ok);
        if (!ok) {
            LOG.infof("Webhook verification refused (mode %s, token %s)", mode == null ? "missing" : "present",
                    token == null ? "missing" : "wrong");
            return RestResponse.status(RestResponse.Status.FORBIDDEN, "forbidden");
        }
        LOG.info("Webhook verification answered");
        return RestResponse.ok(challenge);
    }

    /** A signed batch of events: 200 only once Kafka acknowledged every record of it. */
    @POST
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<RestResponse<Object>> receive(byte[] body, @RestHeader("Content-Type") String contentType,
            @RestHeader(SignatureVerifier.HEADER) String signature) {
        long start = System.nanoTime();
        Instant receivedAt = Instant.now();
        String requestId = UUID.randomUUID().toString();
        // Every line about this request carries its id (the MDC lives on the request's Vert.x context).
        LogContext.requestId(requestId);
        if (body.length > maxBodyBytes) {
            // A body without Content-Length (chunked) that grew past the limit; declared sizes are refused earlier
            // by WebhookBodyLimit, before the body is read.
            return Uni.createFrom().item(refuse(WebhookOutcome.OVERSIZE, "body_too_large", requestId, start,
                    "body over " + maxBodyBytes + " bytes"));
        }
        if (!isJson(contentType)) {
            return Uni.createFrom().item(refuse(WebhookOutcome.UNSUPPORTED_MEDIA_TYPE, "not_json", requestId, start,
                    "Content-Type must be application/json"));
        }
        Context context = Vertx.currentContext();
        Uni<WebhookResult> result = service.receive(body, signature, requestId, receivedAt);
        if (context != null) {
            // Kafka completes sends on its own network thread; answer from the request's event loop instead, so
            // that thread goes straight back to Kafka I/O.
            result = result.emitOn(command -> context.runOnContext(ignored -> command.run()));
        }
        return result.map(r -> answer(r, requestId, start));
    }

    private RestResponse<Object> answer(WebhookResult result, String requestId, long start) {
        return switch (result.outcome()) {
            case ACCEPTED -> {
                metrics.record(result, start);
                yield RestResponse.ResponseBuilder.ok((Object) new Accepted(requestId, result.events()))
                        .header(REQUEST_ID_HEADER, requestId).build();
            }
            case QUARANTINED -> {
                metrics.record(result, start);
                yield RestResponse.ResponseBuilder.ok((Object) new Quarantined(requestId, true))
                        .header(REQUEST_ID_HEADER, requestId).build();
            }
            case BAD_SIGNATURE -> refuse(result, requestId, start, "missing".equals(kind(result.reason()))
                    ? 401 : 403, "webhook signature " + kind(result.reason()));
            case UNAVAILABLE -> {
                metrics.record(result, start);
                Object error = new ErrorBody("events could not be stored in time, retry later", result.reason(),
                        requestId);
                yield RestResponse.ResponseBuilder.create(RestResponse.Status.SERVICE_UNAVAILABLE, error)
                        .header(REQUEST_ID_HEADER, requestId)
                        .header("Retry-After", retryAfter)
                        .build();
            }
            case UNSTORABLE -> {
                // No Retry-After: the same body would be refused again until the topic is fixed (logged at ERROR).
                metrics.record(result, start);
                Object error = new ErrorBody("the body cannot be stored: a Kafka topic refuses its records as too "
                        + "large", result.reason(), requestId);
                yield RestResponse.ResponseBuilder.create(RestResponse.Status.INTERNAL_SERVER_ERROR, error)
                        .header(REQUEST_ID_HEADER, requestId).build();
            }
            default -> refuse(result, requestId, start, result.outcome().status(), result.reason());
        };
    }

    private RestResponse<Object> refuse(WebhookOutcome outcome, String reason, String requestId, long start,
            String message) {
        return refuse(new WebhookResult(outcome, reason, 0), requestId, start, outcome.status(), message);
    }

    private RestResponse<Object> refuse(WebhookResult result, String requestId, long start, int status,
            String message) {
        metrics.record(result, start);
        if (result.outcome() != WebhookOutcome.BAD_SIGNATURE) {
            LOG.infof("Webhook %s refused: %s", requestId, result.reason());
        }
        Object error = new ErrorBody(message, result.reason(), requestId);
        return RestResponse.ResponseBuilder.create(RestResponse.Status.fromStatusCode(status), error)
                .header(REQUEST_ID_HEADER, requestId).build();
    }

    /** {@code signature_missing} -> {@code missing}. */
    private static String kind(String reason) {
        return reason.substring(reason.indexOf('_') + 1);
    }

    /** {@code application/json}, with or without parameters such as {@code charset}, in any case. */
    static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        int semicolon = contentType.indexOf(';');
        String type = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim();
        return type.toLowerCase(Locale.ROOT).equals(MediaType.APPLICATION_JSON);
    }

    /** Body of a 200 for split bodies. */
    public record Accepted(String requestId, int events) {
    }

    /** Body of a 200 for quarantined bodies. */
    public record Quarantined(String requestId, boolean quarantined) {
    }

    /** Body of every refusal: a message, a stable reason code, the request id. Never a secret or header value. */
    public record ErrorBody(String error, String reason, String requestId) {
    }
}
