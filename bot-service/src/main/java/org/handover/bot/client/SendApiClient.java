package org.handover.bot.client;

import com.google.common.util.concurrent.RateLimiter;
import io.smallrye.faulttolerance.api.TypedGuard;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.handover.bot.client.SendApiPayloads.Message;
import org.handover.bot.client.SendApiPayloads.Recipient;
import org.handover.bot.client.SendApiPayloads.SendRequest;
import org.handover.bot.client.SendApiPayloads.SendResponse;
import org.handover.bot.config.BotConfig;
import org.handover.bot.domain.MetaError;
import org.handover.bot.domain.OutgoingMessage;
import org.handover.bot.domain.SendOutcome;
import org.handover.contracts.OutboundReasons;
import org.handover.service.support.messaging.RetryPolicy;
import org.jboss.logging.Logger;

/**
 * The Send API as bot-service uses it: one message to one user, {@code messaging_type} {@code RESPONSE} (a bulletin:
 * {@code UPDATE}, or {@code MESSAGE_TAG} with its tag), with the
 * page's access token. Owns what the REST client must not: a per-page rate limit, retries with exponential backoff
 * for the failures that say the message was not sent, and the mapping of every answer to a {@link SendOutcome}.
 *
 * <ul>
 * <li><b>Retried</b> ({@link MetaError#retryable()}): Meta's "wait and retry" codes with its error body (1, 2, 1200),
 * its rate limits (4, 17, 32, 341, 613), HTTP 429, and a connection that could not be made (refused, connect timeout,
 * unknown host): Meta did not take the message.</li>
 * <li><b>Ambiguous</b> ({@link MetaError#AMBIGUOUS}): a read timeout, a connection reset or closed once the request
 * may have been written, HTTP 5xx or 408 without a code Meta names. Meta may have accepted the message, so by default
 * it is not repeated and the send is reported {@code outcome_unknown}: the user gets it at most once.
 * {@code bot.send.retry-ambiguous=true} retries these too (at least once where a retry gets through, and possibly
 * twice); a send that then still fails after any ambiguous attempt is reported {@code outcome_unknown} too, since an
 * earlier attempt may have delivered it.</li>
 * </ul>
 *
 * <p>The retry is service-support's {@link RetryPolicy} on one SmallRye Fault Tolerance guard per page. The rate
 * limit is per page and per replica ({@code bot.send.rate-limit-per-second}): every attempt waits for a permit of its
 * page (Guava's {@link RateLimiter}, smooth) on the calling thread, at most {@code bot.send.rate-limit-max-wait}, so a
 * page over its limit slows only its own conversations and never turns into a failure; only an attempt that could not
 * get a permit within that bound fails (retried as {@code rate_limited}, nothing was sent).
 *
 * <p>The token is a query parameter, so it is in the request URL: the REST client does not log requests, network
 * exceptions (whose message may hold the URL) are never logged nor kept as a cause, and Meta's error message is
 * not kept either.
 */
@ApplicationScoped
public class SendApiClient {

    private static final Logger LOG = Logger.getLogger(SendApiClient.class);

    private final SendApi api;
    private final BotConfig.Send config;
    private final RetryPolicy retryPolicy;
    private final ConcurrentMap<String, TypedGuard<SendResponse>> guards = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, RateLimiter> limiters = new ConcurrentHashMap<>();

    SendApiClient(@RestClient SendApi api, BotConfig config) {
        this.api = api;
        this.config = config.send();
        this.retryPolicy = retryPolicy(this.config);
    }

    /**
     * The shared retry policy with {@code bot.send.*}: {@code max-retries} retries from {@code initial-backoff}
     * doubling to {@code max-backoff}, none started after a minute (or after {@code max-backoff} times the attempts,
     * when that is longer), only for what {@link #retryable(Throwable)} accepts.
     */
    private RetryPolicy retryPolicy(BotConfig.Send config) {
        return RetryPolicy.builder()
                .maxRetries(config.maxRetries())
                .initialDelay(config.initialBackoff())
                .maxDelay(config.maxBackoff())
                .maxDuration(Duration.ofMillis(
                        Math.max(60_000, config.maxBackoff().toMillis() * (config.maxRetries() + 1))))
                // Nothing here is a malformed record: no abort class, the retry-on test alone decides.
                .abortOn()
                .retryOn(this::retryable)
                .build();
    }

    /**
     * The longest one {@link #send} can take: every attempt waiting its longest for a permit, connecting and reading
     * up to the timeouts, plus every backoff between them. What an in-flight send's lease must outlast.
     */
    public Duration worstCase() {
        int attempts = config.maxRetries() + 1;
        Duration perAttempt = config.rateLimitMaxWait().plusMillis(config.connectTimeoutMs())
                .plusMillis(config.readTimeoutMs());
        Duration total = perAttempt.multipliedBy(attempts);
        Duration delay = config.initialBackoff();
        for (int retry = 0; retry < config.maxRetries(); retry++) {
            total = total.plus(delay);
            Duration doubled = delay.multipliedBy(2);
            delay = doubled.compareTo(config.maxBackoff()) > 0 ? config.maxBackoff() : doubled;
        }
        return total;
    }

    /**
     * Sends {@code message} to {@code psid} on {@code pageId}; never throws.
     *
     * @return sent with Meta's message id, or failed with the reason and Meta's code and subcode
     */
    public SendOutcome send(String pageId, String accessToken, String psid, OutgoingMessage message) {
        return send(pageId, accessToken, psid, message, null);
    }

    /**
     * As {@link #send(String, String, String, OutgoingMessage)}, with {@code metadata} (the decision id) in Meta's
     * {@code message.metadata}, which comes back on the echo.
     */
    public SendOutcome send(String pageId, String accessToken, String psid, OutgoingMessage message,
            String metadata) {
        SendRequest request = new SendRequest(new Recipient(psid), message.messagingType(), message.tag(),
                new Message(message.text(), message.quickReplies().stream()
                        .map(q -> new SendApiPayloads.QuickReply(SendApiPayloads.TEXT, q.title(), q.payload()))
                        .toList(), metadata));
        // Set by any attempt that may have reached Meta without an answer saying it did not take the message.
        AtomicBoolean ambiguous = new AtomicBoolean();
        try {
            SendResponse response = guard(pageId).call(() -> attempt(pageId, accessToken, request, ambiguous));
            return SendOutcome.sent(response == null ? null : response.messageId());
        } catch (SendFailure failure) {
            if (ambiguous.get()) {
                // An earlier (or this) attempt may have delivered it: what became of it is unknown.
                return SendOutcome.failed(OutboundReasons.OUTCOME_UNKNOWN, failure.code, failure.subcode);
            }
            return SendOutcome.failed(failure.error.reason(), failure.code, failure.subcode);
        } catch (Exception unexpected) {
            // Only the type: a message could quote the request URL, and with it the token.
            LOG.warnf("Send API call for page %s failed unexpectedly: %s", pageId, unexpected.getClass().getName());
            return SendOutcome.failed(OutboundReasons.OUTCOME_UNKNOWN, null, null);
        }
    }

    private SendResponse attempt(String pageId, String accessToken, SendRequest request, AtomicBoolean ambiguous) {
        if (!limiter(pageId).tryAcquire(config.rateLimitMaxWait())) {
            // Our own limit, with a queue longer than the bound: nothing was sent.
            LOG.debugf("Send API call for page %s found no permit within %s", pageId, config.rateLimitMaxWait());
            throw new SendFailure(MetaError.RATE_LIMITED, null, null);
        }
        MetaError error;
        Integer code = null;
        Integer subcode = null;
        try {
            return api.send(pageId, accessToken, request);
        } catch (MetaApiException e) {
            error = MetaError.classify(e.status(), e.code(), e.subcode());
            code = e.code();
            subcode = e.subcode();
            LOG.debugf("Send API error for page %s: status %d, code %s, subcode %s, fbtrace_id %s -> %s", pageId,
                    e.status(), e.code(), e.subcode(), e.fbtraceId(), error);
        } catch (RuntimeException e) {
            // A connect failure, a timeout, a reset, an answer that could not be read...
            error = transportFailure(e);
            LOG.debugf("Send API call for page %s did not complete: %s -> %s", pageId, e.getClass().getName(), error);
        }
        if (error == MetaError.AMBIGUOUS) {
            ambiguous.set(true);
        }
        throw new SendFailure(error, code, subcode);
    }

    /**
     * What a call that got no answer means: {@link MetaError#TEMPORARY} only when the connection was never made
     * (refused, connect timeout, no route, unknown host, no pooled connection free), so the request cannot have
     * reached Meta; anything else (a read timeout, a reset or closed connection, an unreadable answer) may come after
     * Meta took the message: {@link MetaError#AMBIGUOUS}.
     */
    static MetaError transportFailure(Throwable failure) {
        Throwable t = failure;
        for (int depth = 0; t != null && depth < 16; depth++, t = t.getCause()) {
            // Netty's ConnectTimeoutException and AnnotatedConnectException are ConnectExceptions.
            if (t instanceof ConnectException || t instanceof NoRouteToHostException
                    || t instanceof UnknownHostException
                    || "io.vertx.core.http.ConnectionPoolTooBusyException".equals(t.getClass().getName())) {
                return MetaError.TEMPORARY;
            }
        }
        return MetaError.AMBIGUOUS;
    }

    private TypedGuard<SendResponse> guard(String pageId) {
        return guards.computeIfAbsent(pageId, page -> TypedGuard.create(SendResponse.class)
                .withDescription("send-api-" + page)
                .withRetry().with(retryPolicy::applyTo).done()
                .build());
    }

    private RateLimiter limiter(String pageId) {
        return limiters.computeIfAbsent(pageId, page -> RateLimiter.create(config.rateLimitPerSecond()));
    }

    private boolean retryable(Throwable t) {
        return t instanceof SendFailure f
                && (f.error.retryable() || f.error == MetaError.AMBIGUOUS && config.retryAmbiguous());
    }

    /** One failed attempt, classified; carries no cause and no text that could hold the token. */
    private static final class SendFailure extends RuntimeException {

        private final MetaError error;
        private final Integer code;
        private final Integer subcode;

        SendFailure(MetaError error, Integer code, Integer subcode) {
            super(error + " (code " + code + ", subcode " + subcode + ")", null, false, false);
            this.error = error;
            this.code = code;
            this.subcode = subcode;
        }
    }
}
