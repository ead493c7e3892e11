package org.handover.bot.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.handover.bot.config.MessengerConfig;
import org.handover.bot.config.PageTokenConfig;
import org.handover.bot.port.PageTokenLookup;
import org.handover.bot.repository.PageConnectionRepository;
import org.handover.bot.repository.StoredPageConnection;
import org.handover.contracts.OutboundReasons;
import org.handover.contracts.PageConnection;
import org.handover.service.support.secrets.PageTokenCipher;
import org.jboss.logging.Logger;

/**
 * Each page's access token for the Send API. A token connected through handover-service (read from
 * {@code page.connections}, decrypted with {@code PAGE_TOKEN_KEY}) <b>wins</b> over the environment's
 * ({@code MESSENGER_PAGE_TOKENS_<PAGEID>}), as in handover-service; a disconnected page falls back to the
 * environment's. Kept in memory (every order asks) and in {@code page_connection}, so a replica that starts has the
 * connected tokens at once, before it has read the topic again.
 *
 * <p>A token Meta rejected (190/102) is not used again: its fingerprint is remembered, from handover-service (the
 * record's {@code rejectedFingerprint}) or from this replica's own send, and every order for the page is refused
 * {@code page_token_rejected} until a new token is connected (its fingerprint differs) or the environment's changes.
 * Tokens are never logged.
 */
@ApplicationScoped
public class PageTokenStore implements PageTokenLookup {

    private static final Logger LOG = Logger.getLogger(PageTokenStore.class);

    private final Map<String, String> environment;
    private final Optional<PageTokenCipher> cipher;
    private final PageConnectionRepository repository;
    private final MeterRegistry registry;
    private final Clock clock;
    /** Per page, what handover-service last published (decrypted). */
    private final Map<String, Known> connections = new ConcurrentHashMap<>();
    /** Per page, the fingerprint of a token this replica saw Meta reject. */
    private final Map<String, String> rejectedHere = new ConcurrentHashMap<>();

    public PageTokenStore(MessengerConfig messenger, PageTokenConfig config, PageConnectionRepository repository,
            MeterRegistry registry, Clock clock) {
        this.environment = Map.copyOf(messenger.pageTokens());
        this.cipher = PageTokenCipher.fromConfig(config.keyId(), config.key(), config.previousKeys());
        this.repository = repository;
        this.registry = registry;
        this.clock = clock;
    }

    /** Loads what was stored before the topic is read again. */
    void load(@Observes StartupEvent event) {
        try {
            QuarkusTransaction.requiringNew().call(repository::all).forEach(row -> remember(new PageConnection(0,
                    row.pageId, row.revision, row.keyId, row.tokenCiphertext, row.rejectedFingerprint,
                    row.updatedAt)));
        } catch (RuntimeException e) {
            // The topic brings them all the same (from its beginning); only the first seconds go without.
            LOG.warnf("Stored page connections not loaded at start: %s", e.getClass().getSimpleName());
        }
    }

    /** Applies a record of {@code page.connections}; an older revision than the one known changes nothing. */
    public void apply(PageConnection connection) {
        Known known = connections.get(connection.pageId());
        if (known != null && known.revision() > connection.revision()) {
            count("stale");
            return;
        }
        QuarkusTransaction.requiringNew().run(() -> repository.store(connection, clock.instant()));
        remember(connection);
        count(connection.connected() ? "connected" : "not_connected");
        LOG.infof("Page %s: connection revision %d applied (%s%s)", connection.pageId(), connection.revision(),
                connection.connected() ? "token connected" : "no connected token",
                connection.rejectedFingerprint() == null ? "" : ", a token rejected by Facebook");
    }

    /** A tombstone: the page was disconnected. */
    public void remove(String pageId) {
        QuarkusTransaction.requiringNew().run(() -> repository.remove(pageId));
        connections.remove(pageId);
        count("removed");
        LOG.infof("Page %s: disconnected", pageId);
    }

    @Override
    public Optional<String> token(String pageId) {
        Known known = pageId == null ? null : connections.get(pageId);
        if (known != null && known.token().isPresent()) {
            return known.token();
        }
        return Optional.ofNullable(pageId == null ? null : environment.get(pageId)).filter(t -> !t.isBlank());
    }

    @Override
    public Optional<String> refusal(String pageId) {
        Optional<String> token = token(pageId);
        if (token.isEmpty()) {
            return Optional.of(OutboundReasons.NO_PAGE_TOKEN);
        }
        String fingerprint = PageTokenCipher.fingerprint(token.get());
        Known known = connections.get(pageId);
        if (fingerprint.equals(rejectedHere.get(pageId))
                || (known != null && fingerprint.equals(known.rejectedFingerprint()))) {
            return Optional.of(OutboundReasons.PAGE_TOKEN_REJECTED);
        }
        return Optional.empty();
    }

    @Override
    public void rejected(String pageId, String token) {
        if (pageId == null || token == null) {
            return;
        }
        if (rejectedHere.put(pageId, PageTokenCipher.fingerprint(token)) == null) {
            count("rejected_by_meta");
            LOG.warnf("Page %s: Facebook rejected the page access token; nothing more is sent to this page "
                    + "(page_token_rejected) until it is connected again with a new token", pageId);
        }
    }

    private void remember(PageConnection connection) {
        Optional<String> token = Optional.empty();
        if (connection.connected()) {
            if (cipher.isEmpty()) {
                LOG.errorf("Page %s has a connected token but PAGE_TOKEN_KEY is not configured here: it cannot be "
                        + "used", connection.pageId());
            } else {
                try {
                    token = Optional.of(cipher.get().open(connection.pageId(), connection.keyId(),
                            connection.tokenCiphertext()));
                } catch (PageTokenCipher.Unreadable e) {
                    count("unreadable");
                    LOG.errorf("Page %s: the connected token cannot be decrypted (%s); check PAGE_TOKEN_KEY / "
                            + "PAGE_TOKEN_PREVIOUS_KEYS (the same as handover-service's)", connection.pageId(),
                            e.getMessage());
                }
            }
        }
        connections.put(connection.pageId(), new Known(connection.revision(), token,
                connection.rejectedFingerprint()));
    }

    private void count(String outcome) {
        registry.counter("bot.page.connections", "outcome", outcome).increment();
    }

    private record Known(long revision, Optional<String> token, String rejectedFingerprint) {
    }
}
