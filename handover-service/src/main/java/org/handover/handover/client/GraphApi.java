package org.handover.handover.client;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.faulttolerance.api.Guard;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.handover.handover.client.GraphApiRestClient.Apps;
import org.handover.handover.client.GraphApiRestClient.ControlBody;
import org.handover.handover.client.GraphApiRestClient.PassBody;
import org.handover.handover.client.GraphApiRestClient.Recipient;
import org.handover.handover.client.GraphApiRestClient.Success;
import org.handover.handover.client.GraphApiRestClient.ThreadOwners;
import org.handover.handover.config.MessengerConfig;
import org.handover.handover.port.PageTokenSource;
import org.handover.service.support.messaging.RetryPolicy;
import org.jboss.logging.Logger;

/**
 * Meta's Graph API thread-control calls, answered as domain outcomes. Never throws for a Meta error, a timeout or a
 * network failure: the caller decides on the {@link GraphStatus}.
 *
 * <p>Transient failures (codes 2, 4, 613, 1200, HTTP 429/5xx, timeouts, connection errors) are retried with
 * exponential backoff, a bounded number of times within a bounded time: service-support's {@link RetryPolicy} with
 * {@code messenger.graph.retry.*}. Every other error is answered at once. A page without a configured access token
 * gets {@link GraphStatus#NO_TOKEN} without any call. Calls block: use them from a worker thread, never the event loop.
 *
 * <p>Logs carry the operation, the page, Meta's code, subcode and message (scrubbed of tokens), never a token.
 * Counter {@code handover.graph.calls} (tags {@code operation}, {@code status}) counts the outcomes.
 *
 * <p>Only {@link GraphApiPort}, production's {@link org.handover.handover.port.MetaGraphPort}, calls it; in shadow
 * mode that port is not chosen and nothing here is reached.
 */
@ApplicationScoped
public class GraphApi {

    private static final Logger LOG = Logger.getLogger(GraphApi.class);

    private final GraphApiRestClient rest;
    private final PageTokenSource tokens;
    private final MeterRegistry registry;
    private final Guard retry;

    public GraphApi(@RestClient GraphApiRestClient rest, MessengerConfig config, PageTokenSource tokens,
            MeterRegistry registry) {
        this.rest = rest;
        this.tokens = tokens;
        this.registry = registry;
        this.retry = retryPolicy(config.graph().retry()).guard("graph-api");
    }

    /**
     * The shared retry policy with {@code messenger.graph.retry.*}: attempts in all become retries after the first,
     * and only {@link TransientFailure} (what {@link #attempt} throws for a retryable answer) is retried.
     */
    private static RetryPolicy retryPolicy(MessengerConfig.Retry settings) {
        return RetryPolicy.builder()
                .maxRetries(Math.max(0, settings.maxAttempts() - 1))
                .initialDelay(settings.initialDelay())
                .maxDelay(settings.maxDelay())
                .maxDuration(settings.maxDuration())
                // Nothing here is a malformed record: no abort class, the retry-on test alone decides.
                .abortOn()
                .retryOn(TransientFailure.class::isInstance)
                .build();
    }

    /** {@code pass_thread_control}: gives the thread to {@code targetAppId}. */
    public ThreadControlOutcome pass(String pageId, String psid, String targetAppId, String metadata) {
        return control("pass_thread_control", pageId,
                token -> rest.passThreadControl(pageId, token, new PassBody(new Recipient(psid), targetAppId, metadata)));
    }

    /** {@code take_thread_control}: takes the thread back (primary receiver / default app only). */
    public ThreadControlOutcome take(String pageId, String psid, String metadata) {
        return control("take_thread_control", pageId,
                token -> rest.takeThreadControl(pageId, token, new ControlBody(new Recipient(psid), metadata)));
    }

    /** {@code request_thread_control}: asks the owner for the thread. */
    public ThreadControlOutcome request(String pageId, String psid, String metadata) {
        return control("request_thread_control", pageId,
                token -> rest.requestThreadControl(pageId, token, new ControlBody(new Recipient(psid), metadata)));
    }

    /** {@code release_thread_control}: lets the thread go idle (or back to the default app). */
    public ThreadControlOutcome release(String pageId, String psid) {
        return control("release_thread_control", pageId,
                token -> rest.releaseThreadControl(pageId, token, new ControlBody(new Recipient(psid), null)));
    }

    /** {@code GET thread_owner}: who owns the thread now; OK without owner when it is idle. */
    public ThreadOwnerOutcome threadOwner(String pageId, String psid) {
        Result<ThreadOwners> result = execute("thread_owner", pageId, ThreadOwners.class,
                token -> rest.threadOwner(pageId, token, psid));
        if (!result.ok()) {
            return new ThreadOwnerOutcome(result.status(), null, result.error());
        }
        String owner = Optional.ofNullable(result.value().data()).orElse(List.of()).stream()
                .map(entry -> entry == null || entry.threadOwner() == null ? null : entry.threadOwner().appId())
                .filter(Objects::nonNull)
                .findFirst()
                .orElse(null);
        return new ThreadOwnerOutcome(GraphStatus.OK, owner, null);
    }

    /**
     * {@code GET secondary_receivers?fields=id,name}: the page's secondary receivers (legacy setup). Only the primary
     * receiver may call it, so {@link GraphStatus#NO_PERMISSION} means "this app is not the primary receiver".
     */
    public ReceiversOutcome secondaryReceivers(String pageId) {
        return apps(execute("secondary_receivers", pageId, Apps.class,
                token -> rest.secondaryReceivers(pageId, token, "id,name")));
    }

    /**
     * {@code GET /{pageId}?fields=name}: the page's name; empty when Meta did not tell (no token, a refusal, an
     * outage: the outcome is counted and logged like any call's).
     */
    public Optional<String> pageName(String pageId) {
        Result<GraphApiRestClient.PageNode> result = execute("page", pageId, GraphApiRestClient.PageNode.class,
                token -> rest.page(pageId, token, "name"));
        return result.ok() && result.value() != null ? Optional.ofNullable(result.value().name())
                .filter(name -> !name.isBlank()) : Optional.empty();
    }

    /**
     * {@code GET /me?fields=id,name} with {@code candidateToken}, a token not configured yet (connecting a page): the
     * page it is a token of. Meta's 190/102 is {@link GraphStatus#BAD_TOKEN}; nothing is marked rejected, since no
     * page uses the token yet.
     */
    public PageOutcome checkToken(String candidateToken) {
        Result<GraphApiRestClient.PageNode> result = executeWith("token_check", "me", candidateToken,
                GraphApiRestClient.PageNode.class, token -> rest.page("me", token, "id,name"));
        return result.ok() && result.value() != null
                ? new PageOutcome(GraphStatus.OK, result.value().id(), result.value().name(), null)
                : new PageOutcome(result.ok() ? GraphStatus.INVALID : result.status(), null, null, result.error());
    }

    /** What {@link #checkToken} found: the page's id and name, or Meta's refusal. */
    public record PageOutcome(GraphStatus status, String pageId, String name, GraphError error) {
    }

    /** {@code GET subscribed_apps}: the apps subscribed to the page's webhooks (Conversation Routing). */
    public ReceiversOutcome subscribedApps(String pageId) {
        return apps(execute("subscribed_apps", pageId, Apps.class, token -> rest.subscribedApps(pageId, token)));
    }

    private ThreadControlOutcome control(String operation, String pageId, Function<String, Success> call) {
        Result<Success> result = execute(operation, pageId, Success.class, call);
        if (!result.ok()) {
            return new ThreadControlOutcome(result.status(), result.error());
        }
        if (!Boolean.TRUE.equals(result.value().success())) {
            // A 200 without success:true is not a success; Meta gave no code, so nothing says a retry would help.
            GraphError error = new GraphError(200, null, null, "answer without success:true");
            LOG.warnf("Graph API %s for page %s answered without success: %s", operation, pageId, error.describe());
            count(operation, GraphStatus.INVALID);
            return new ThreadControlOutcome(GraphStatus.INVALID, error);
        }
        return ThreadControlOutcome.OK;
    }

    private ReceiversOutcome apps(Result<Apps> result) {
        if (!result.ok()) {
            return new ReceiversOutcome(result.status(), List.of(), result.error());
        }
        List<AppRef> apps = Optional.ofNullable(result.value().data()).orElse(List.of()).stream()
                .filter(app -> app != null && app.id() != null)
                .map(app -> new AppRef(app.id(), app.name()))
                .toList();
        return new ReceiversOutcome(GraphStatus.OK, apps, null);
    }

    private <T> Result<T> execute(String operation, String pageId, Class<T> type, Function<String, T> call) {
        Optional<String> token = tokens.token(pageId);
        if (token.isEmpty()) {
            LOG.warnf("Graph API %s for page %s not called: no page access token (connect the page, or set "
                    + "messenger.page-tokens.\"%s\" / MESSENGER_PAGE_TOKENS_<PAGEID>)", operation, pageId, pageId);
            count(operation, GraphStatus.NO_TOKEN);
            return new Result<>(GraphStatus.NO_TOKEN, null, null);
        }
        Result<T> result = executeWith(operation, pageId, token.get(), type, call);
        if (result.status() == GraphStatus.BAD_TOKEN) {
            tokens.rejected(pageId, token.get(), result.error() == null ? null : result.error().describe());
        }
        return result;
    }

    private <T> Result<T> executeWith(String operation, String pageId, String token, Class<T> type,
            Function<String, T> call) {
        try {
            T value = retry.get(() -> attempt(operation, pageId, () -> call.apply(token)), type);
            count(operation, GraphStatus.OK);
            return new Result<>(GraphStatus.OK, value, null);
        } catch (TransientFailure e) {
            LOG.warnf("Graph API %s for page %s unavailable after retries: %s", operation, pageId,
                    e.error.describe());
            count(operation, GraphStatus.UNAVAILABLE);
            return new Result<>(GraphStatus.UNAVAILABLE, null, e.error);
        } catch (Refused e) {
            LOG.infof("Graph API %s for page %s refused (%s): %s", operation, pageId, e.status, e.error.describe());
            count(operation, e.status);
            return new Result<>(e.status, null, e.error);
        } catch (RuntimeException e) {
            // Anything else (an answer that is not the expected JSON...): still an outcome, never an exception.
            GraphError error = GraphError.transport(describe(e));
            LOG.warnf("Graph API %s for page %s failed: %s", operation, pageId, error.describe());
            count(operation, GraphStatus.UNAVAILABLE);
            return new Result<>(GraphStatus.UNAVAILABLE, null, error);
        }
    }

    /** One HTTP attempt; a transient failure is thrown as the one exception type the retry reacts to. */
    private <T> T attempt(String operation, String pageId, Supplier<T> call) {
        try {
            return call.get();
        } catch (GraphApiErrorException e) {
            GraphError error = e.error();
            GraphStatus status = GraphErrors.classify(error.httpStatus(), error.code(), error.subcode());
            if (GraphErrors.isRetryable(status)) {
                LOG.debugf("Graph API %s for page %s failed, may retry: %s", operation, pageId, error.describe());
                throw new TransientFailure(error);
            }
            throw new Refused(status, error);
        } catch (ProcessingException e) {
            // Timeouts and connection failures. Their text can hold the request URL, so only a scrubbed
            // description of the root cause is kept.
            GraphError error = GraphError.transport(describe(e));
            LOG.debugf("Graph API %s for page %s failed, may retry: %s", operation, pageId, error.describe());
            throw new TransientFailure(error);
        }
    }

    private static String describe(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return root.getClass().getSimpleName() + (message == null ? "" : ": " + GraphErrors.scrub(message));
    }

    private void count(String operation, GraphStatus status) {
        registry.counter("handover.graph.calls", "operation", operation, "status", status.name()).increment();
    }

    private record Result<T>(GraphStatus status, T value, GraphError error) {
        boolean ok() {
            return status == GraphStatus.OK;
        }
    }

    /** A failure worth another attempt; carries Meta's last error. No stack trace: it is control flow. */
    private static final class TransientFailure extends RuntimeException {
        private final GraphError error;

        TransientFailure(GraphError error) {
            super(error.describe(), null, false, false);
            this.error = error;
        }
    }

    /** A definitive refusal: not retried. */
    private static final class Refused extends RuntimeException {
        private final GraphStatus status;
        private final GraphError error;

        Refused(GraphStatus status, GraphError error) {
            super(status + " " + error.describe(), null, false, false);
            this.status = status;
            this.error = error;
        }
    }
}
