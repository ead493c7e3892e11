package org.handover.bot.client;

import io.smallrye.faulttolerance.api.RateLimitException;
import io.smallrye.faulttolerance.api.TypedGuard;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
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
 * The Send API as bot-service uses it: one message to one user, {@code messaging_type} {@code RESPONSE}, with the
 * page's access token. Owns what the REST client must not: a per-page rate limit, retries with exponential backoff
 * for the retryable failures only (Meta codes 2, 1200, 4, 613, HTTP 5xx without Meta's body, timeouts and network
 * failures), and the mapping of every answer to a {@link SendOutcome}. Both sit on one SmallRye Fault Tolerance guard
 * per page: the retry is service-support's {@link RetryPolicy}, set beside the rate limit.
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
    private static RetryPolicy retryPolicy(BotConfig.Send config) {
        return RetryPolicy.builder()
                .maxRetries(config.maxRetries())
                .initialDelay(config.initialBackoff())
                .maxDelay(config.maxBackoff())
                .maxDuration(Duration.ofMillis(
                        Math.max(60_000, config.maxBackoff().toMillis() * (config.maxRetries() + 1))))
                // Nothing here is a malformed record: no abort class, the retry-on test alone decides.
                .abortOn()
                .retryOn(SendApiClient::retryable)
                .build();
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
        SendRequest request = new SendRequest(new Recipient(psid), SendApiPayloads.RESPONSE,
                new Message(message.text(), message.quickReplies().stream()
                        .map(q -> new SendApiPayloads.QuickReply(SendApiPayloads.TEXT, q.title(), q.payload()))
                        .toList(), metadata));
        try {
            SendResponse response = guard(pageId).call(() -> attempt(pageId, accessToken, request));
            return SendOutcome.sent(response == null ? null : response.messageId());
        } catch (SendFailure failure) {
            return SendOutcome.failed(failure.error.reason(), failure.code, failure.subcode);
        } catch (RateLimitException limited) {
            return SendOutcome.failed(OutboundReasons.RATE_LIMITED, null, null);
        } catch (Exception unexpected) {
            // Only the type: a message could quote the request URL, and with it the token.
            LOG.warnf("Send API call for page %s failed unexpectedly: %s", pageId, unexpected.getClass().getName());
            return SendOutcome.failed(OutboundReasons.TEMPORARY_FAILURE, null, null);
        }
    }

    private SendResponse attempt(String pageId, String accessToken, SendRequest request) {
        try {
            return api.send(pageId, accessToken, request);
        } catch (MetaApiException e) {
            MetaError error = MetaError.classify(e.status(), e.code(), e.subcode());
            LOG.debugf("Send API error for page %s: status %d, code %s, subcode %s, fbtrace_id %s -> %s", pageId,
                    e.status(), e.code(), e.subcode(), e.fbtraceId(), error);
            throw new SendFailure(error, e.code(), e.subcode());
        } catch (ProcessingException e) {
            // Connect failure or timeout. A read timeout is ambiguous (Meta may have sent it); retrying it is the
            // documented trade-off.
            LOG.debugf("Send API call for page %s did not complete: %s", pageId, e.getClass().getName());
            throw new SendFailure(MetaError.TEMPORARY, null, null);
        }
    }

    private TypedGuard<SendResponse> guard(String pageId) {
        return guards.computeIfAbsent(pageId, page -> TypedGuard.create(SendResponse.class)
                .withDescription("send-api-" + page)
                .withRetry().with(retryPolicy::applyTo).done()
                .withRateLimit()
                    .limit(config.rateLimitPerSecond())
                    .window(1, ChronoUnit.SECONDS)
                    .done()
                .build());
    }

    private static boolean retryable(Throwable t) {
        return t instanceof RateLimitException || t instanceof SendFailure f && f.error.retryable();
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
