package org.handover.handover.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.handover.contracts.PageConnection;
import org.handover.handover.domain.AdminPrincipal;
import org.handover.handover.domain.PageConnectionStatus;
import org.handover.handover.messaging.PageConnectionPublisher;
import org.handover.handover.port.MetaGraphPort;
import org.handover.handover.port.MetaGraphPort.TokenCheck;
import org.handover.handover.repository.PageConnectionEntity;
import org.handover.handover.repository.PageConnectionRepository;
import org.handover.service.support.secrets.PageTokenCipher;
import org.jboss.logging.Logger;

/**
 * Connects a page with its access token, rotates it, disconnects it: no restart. The same code behind the admin API
 * ({@code /admin/pages/{pageId}/connection}) and the settings page.
 *
 * <ul>
 *   <li><b>Connect / rotate</b>: the token is checked with one Graph API call, {@code GET /me?fields=id,name} with
 *       that token: Meta must accept it (else {@code page_token_rejected}) and name this page (else
 *       {@code token_of_another_page}). Only then is it sealed ({@link PageTokenCipher}, AES-GCM) and stored, and the
 *       sealed token published on {@code page.connections} for bot-service, inside one transaction that holds the
 *       page's row: the broker's acknowledgement comes before the commit, so what the database says and what
 *       bot-service was told do not part (a publish that fails changes nothing: {@code 503 not_published}).</li>
 *   <li><b>Disconnect</b>: the stored token is removed (a tombstone on the topic); an environment token, if the page
 *       has one, is used again.</li>
 * </ul>
 * Every change is audited (never the token). Logs carry page ids and outcomes only.
 */
@ApplicationScoped
public class PageConnectionService {

    private static final Logger LOG = Logger.getLogger(PageConnectionService.class);
    /** Longest token accepted; Meta's page tokens are a few hundred characters. */
    public static final int TOKEN_MAX = 1000;
    private static final Duration PUBLISH_TIMEOUT = Duration.ofSeconds(10);

    private final PageTokens tokens;
    private final PageConnectionRepository connections;
    private final PageConnectionPublisher publisher;
    private final MetaGraphPort graph;
    private final AuditService audit;
    private final Clock clock;
    private final MeterRegistry registry;

    public PageConnectionService(PageTokens tokens, PageConnectionRepository connections,
            PageConnectionPublisher publisher, MetaGraphPort graph, AuditService audit, Clock clock,
            MeterRegistry registry) {
        this.tokens = tokens;
        this.connections = connections;
        this.publisher = publisher;
        this.graph = graph;
        this.audit = audit;
        this.clock = clock;
        this.registry = registry;
    }

    /** How a change went. */
    public enum Outcome {
        /** Done; {@link Result#status()} is the page's connection now. */
        DONE,
        /** The token is not a token (blank, too long, spaces): nothing asked, nothing changed. */
        INVALID_TOKEN,
        /** Meta rejected the token (190/102). */
        TOKEN_REJECTED,
        /** Meta accepted the token, but it is another page's. */
        TOKEN_OF_ANOTHER_PAGE,
        /** Meta refused the check otherwise. */
        REFUSED,
        /** Meta could not be reached: nothing changed, try again. */
        GRAPH_UNAVAILABLE,
        /** No {@code PAGE_TOKEN_KEY}: connecting pages is off. */
        NOT_CONFIGURED,
        /** The change could not be published for bot-service: nothing changed, try again. */
        NOT_PUBLISHED,
        /** Disconnect of a page that has no connected token. */
        NOT_CONNECTED
    }

    /**
     * @param outcome what happened
     * @param reason  the admin API's {@code reason} when not done
     * @param message what a page admin reads
     * @param status  the page's connection after it (unchanged when not done)
     */
    public record Result(Outcome outcome, String reason, String message, PageConnectionStatus status) {
    }

    /** The page's connection. */
    public PageConnectionStatus status(String pageId) {
        return QuarkusTransaction.requiringNew().call(() -> tokens.status(pageId));
    }

    /** Page ids with a connected token or a standing rejection (the page list shows them too). */
    public java.util.List<String> pagesWithConnections() {
        return QuarkusTransaction.requiringNew().call(tokens::pagesWithConnections);
    }

    /** Why {@code token} cannot be a page access token; null when it can. Never repeats the token. */
    public static String tokenProblem(String token) {
        if (token == null || token.isBlank()) {
            return "pageToken: required.";
        }
        if (token.length() > TOKEN_MAX) {
            return "pageToken: at most " + TOKEN_MAX + " characters.";
        }
        if (!token.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            return "pageToken: letters, digits and punctuation only, no spaces.";
        }
        return null;
    }

    /** Connects the page with {@code token}, or replaces its connected token (a rotation). */
    public Result connect(String pageId, String token, AdminPrincipal by) {
        String problem = tokenProblem(token);
        if (problem != null) {
            return refused(pageId, Outcome.INVALID_TOKEN, "invalid_page_token", problem);
        }
        Optional<PageTokenCipher> cipher = tokens.cipher();
        if (cipher.isEmpty()) {
            return refused(pageId, Outcome.NOT_CONFIGURED, "connections_not_configured", "Connecting pages is not "
                    + "configured on this service: the operator must set PAGE_TOKEN_KEY (and the same on bot-service).");
        }
        TokenCheck check = graph.checkToken(token);
        switch (check.answer()) {
            case REJECTED:
                count("connect_rejected");
                return refused(pageId, Outcome.TOKEN_REJECTED, "page_token_rejected", "Facebook rejected this token "
                        + "(expired, revoked or not a page access token). Generate a new page access token and try "
                        + "again." + detail(check));
            case REFUSED:
                count("connect_refused");
                return refused(pageId, Outcome.REFUSED, "page_token_refused", "Facebook refused to check this token."
                        + detail(check));
            case UNAVAILABLE:
                return refused(pageId, Outcome.GRAPH_UNAVAILABLE, "graph_unavailable", "Facebook could not be "
                        + "reached to check the token; nothing was changed. Try again.");
            case OK:
            default:
                break;
        }
        if (!pageId.equals(check.pageId())) {
            count("connect_other_page");
            return refused(pageId, Outcome.TOKEN_OF_ANOTHER_PAGE, "token_of_another_page", "This is a token of "
                    + "another page" + (check.pageId() == null ? "" : " (" + check.pageId() + ")")
                    + ", not of page " + pageId + ".");
        }
        PageTokenCipher.Sealed sealed = cipher.get().seal(pageId, token);
        String fingerprint = PageTokenCipher.fingerprint(token);
        boolean[] rotated = {false};
        try {
            QuarkusTransaction.requiringNew().run(() -> {
                PageConnectionEntity row = tokens.lockOrCreate(pageId);
                rotated[0] = row.tokenCiphertext != null;
                row.keyId = sealed.keyId();
                row.tokenCiphertext = sealed.ciphertext();
                row.tokenFingerprint = fingerprint;
                row.connectedAt = clock.instant();
                row.connectedBy = by.name();
                // Meta just accepted this token: whatever was rejected before is not in use any more.
                row.rejectedFingerprint = null;
                row.rejectedAt = null;
                row.rejectedDetail = null;
                publishOrThrow(tokens.save(row));
            });
        } catch (NotPublished e) {
            return refused(pageId, Outcome.NOT_PUBLISHED, "not_published", "The token could not be handed to "
                    + "bot-service (Kafka did not acknowledge it); nothing was changed. Try again.");
        } finally {
            tokens.forget(pageId);
        }
        String action = rotated[0] ? "page_token_rotated" : "page_connected";
        count(action);
        audit.record(by, pageId, action, (rotated[0] ? "Page token rotated" : "Page connected")
                + (check.pageName() == null ? "" : " (" + check.pageName() + ")") + ", key " + sealed.keyId());
        LOG.infof("Page %s: %s by %s (key %s)", pageId, rotated[0] ? "token rotated" : "connected", by.name(),
                sealed.keyId());
        return new Result(Outcome.DONE, null, rotated[0] ? "Page token rotated." : "Page connected.", status(pageId));
    }

    /** Removes the page's connected token; the environment's token, if any, is used again. */
    public Result disconnect(String pageId, AdminPrincipal by) {
        boolean[] found = {false};
        try {
            QuarkusTransaction.requiringNew().run(() -> {
                Optional<PageConnectionEntity> locked = connections.lock(pageId);
                if (locked.isEmpty() || locked.get().tokenCiphertext == null) {
                    return;
                }
                found[0] = true;
                PageConnectionEntity row = locked.get();
                if (row.tokenFingerprint != null && row.tokenFingerprint.equals(row.rejectedFingerprint)) {
                    // The rejection was about the token removed now.
                    row.rejectedFingerprint = null;
                    row.rejectedAt = null;
                    row.rejectedDetail = null;
                }
                row.keyId = null;
                row.tokenCiphertext = null;
                row.tokenFingerprint = null;
                row.connectedAt = null;
                row.connectedBy = null;
                if (row.rejectedFingerprint == null) {
                    connections.delete(pageId);
                    if (!PageTokens.acknowledged(publisher.remove(pageId), PUBLISH_TIMEOUT)) {
                        throw new NotPublished();
                    }
                } else {
                    publishOrThrow(tokens.save(row));
                }
            });
        } catch (NotPublished e) {
            return refused(pageId, Outcome.NOT_PUBLISHED, "not_published", "bot-service could not be told (Kafka did "
                    + "not acknowledge it); nothing was changed. Try again.");
        } finally {
            tokens.forget(pageId);
        }
        if (!found[0]) {
            return refused(pageId, Outcome.NOT_CONNECTED, "not_connected", "The page has no connected token.");
        }
        count("page_disconnected");
        audit.record(by, pageId, "page_disconnected", "Page disconnected (its connected token removed)");
        LOG.infof("Page %s: disconnected by %s", pageId, by.name());
        return new Result(Outcome.DONE, null, "Page disconnected.", status(pageId));
    }

    private void publishOrThrow(PageConnection record) {
        if (!PageTokens.acknowledged(publisher.publish(record), PUBLISH_TIMEOUT)) {
            throw new NotPublished();
        }
    }

    private Result refused(String pageId, Outcome outcome, String reason, String message) {
        return new Result(outcome, reason, message, status(pageId));
    }

    private static String detail(TokenCheck check) {
        return check.detail() == null ? "" : " Facebook said: " + check.detail();
    }

    private void count(String change) {
        registry.counter("handover.page.connections", "change", change).increment();
    }

    /** Rolls the transaction back: the broker did not acknowledge the record. */
    private static final class NotPublished extends RuntimeException {
        NotPublished() {
            super("not published", null, false, false);
        }
    }
}
