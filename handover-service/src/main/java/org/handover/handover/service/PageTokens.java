package org.handover.handover.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.handover.contracts.PageConnection;
import org.handover.contracts.SchemaVersion;
import org.handover.handover.config.MessengerConfig;
import org.handover.handover.config.PageTokenConfig;
import org.handover.handover.domain.PageConnectionStatus;
import org.handover.handover.messaging.PageConnectionPublisher;
import org.handover.handover.port.PageTokenSource;
import org.handover.handover.repository.PageConnectionEntity;
import org.handover.handover.repository.PageConnectionRepository;
import org.handover.service.support.secrets.PageTokenCipher;
import org.jboss.logging.Logger;

/**
 * Each page's access token: the one connected through the admin API (stored encrypted, {@code page_connection})
 * <b>wins</b> over the environment's ({@code MESSENGER_PAGE_TOKENS_<PAGEID>}), so a page configured by the
 * environment can have its token rotated without a redeploy, and disconnecting it falls back to the environment's.
 * A replica keeps what it read for {@code page-token.cache-ttl} (5 s): a change made on another replica is used
 * within that time. Tokens are never logged.
 *
 * <p>When Meta rejects the token in use (190/102, seen on a Graph API call here or reported by bot-service), the
 * page <em>needs reconnecting</em>: the token's fingerprint is stored as rejected and published on
 * {@code page.connections}, so bot-service stops sending with it ({@code page_token_rejected}); connecting a new
 * token clears it.
 */
@ApplicationScoped
public class PageTokens implements PageTokenSource {

    private static final Logger LOG = Logger.getLogger(PageTokens.class);

    private final MessengerConfig messenger;
    private final Optional<PageTokenCipher> cipher;
    private final PageConnectionRepository connections;
    private final PageConnectionPublisher publisher;
    private final Clock clock;
    private final MeterRegistry registry;
    private final long ttlNanos;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    public PageTokens(MessengerConfig messenger, PageTokenConfig config, PageConnectionRepository connections,
            PageConnectionPublisher publisher, Clock clock, MeterRegistry registry) {
        this.messenger = messenger;
        this.cipher = PageTokenCipher.fromConfig(config.keyId(), config.key(), config.previousKeys());
        this.connections = connections;
        this.publisher = publisher;
        this.clock = clock;
        this.registry = registry;
        this.ttlNanos = config.cacheTtl().toNanos();
    }

    /** The cipher of connected tokens; empty when no {@code PAGE_TOKEN_KEY} is configured (connecting is off). */
    Optional<PageTokenCipher> cipher() {
        return cipher;
    }

    @Override
    public Optional<String> token(String pageId) {
        if (pageId == null) {
            return Optional.empty();
        }
        long now = System.nanoTime();
        Cached cached = cache.get(pageId);
        if (cached == null || now - cached.readAt() > ttlNanos) {
            cached = new Cached(now, read(pageId));
            cache.put(pageId, cached);
        }
        return cached.token();
    }

    /** Forgets what this replica read of the page: its next call reads the database. */
    void forget(String pageId) {
        cache.remove(pageId);
    }

    /** Page ids with a connected token or a rejection (for the page list). */
    public java.util.List<String> pagesWithConnections() {
        return QuarkusTransaction.joiningExisting().call(() -> connections.all().stream().map(e -> e.pageId).toList());
    }

    /** The page's connection as shown to its admins; never the token. */
    public PageConnectionStatus status(String pageId) {
        Optional<PageConnectionEntity> row = QuarkusTransaction.joiningExisting().call(() -> connections.find(pageId));
        Optional<String> environment = messenger.pageToken(pageId);
        boolean connected = row.map(e -> e.tokenCiphertext != null).orElse(false);
        String inUse = connected ? row.get().tokenFingerprint
                : environment.map(PageTokenCipher::fingerprint).orElse(null);
        boolean rejected = inUse != null && row.map(e -> inUse.equals(e.rejectedFingerprint)).orElse(false);
        PageConnectionStatus.Source source = connected ? PageConnectionStatus.Source.CONNECTED
                : environment.isPresent() ? PageConnectionStatus.Source.ENVIRONMENT : PageConnectionStatus.Source.NONE;
        return new PageConnectionStatus(pageId, source,
                connected ? row.get().connectedAt : null, connected ? row.get().connectedBy : null,
                connected ? row.get().keyId : null, environment.isPresent(), rejected,
                rejected ? row.get().rejectedAt : null, rejected ? row.get().rejectedDetail : null);
    }

    @Override
    public void rejected(String pageId, String token, String detail) {
        if (pageId == null || token == null) {
            return;
        }
        try {
            String fingerprint = PageTokenCipher.fingerprint(token);
            Optional<PageConnection> changed = QuarkusTransaction.requiringNew().call(() -> {
                PageConnectionEntity row = lockOrCreate(pageId);
                if (fingerprint.equals(row.rejectedFingerprint)) {
                    return Optional.<PageConnection>empty();
                }
                row.rejectedFingerprint = fingerprint;
                row.rejectedAt = clock.instant();
                row.rejectedDetail = detail == null ? "rejected by Facebook" : detail.length()
                        > PageConnectionRepository.DETAIL_MAX ? detail.substring(0, PageConnectionRepository.DETAIL_MAX)
                        : detail;
                return Optional.of(save(row));
            });
            forget(pageId);
            changed.ifPresent(record -> {
                registry.counter("handover.page.connections", "change", "token_rejected").increment();
                LOG.warnf("Page %s: Facebook rejected the page access token (%s); the page needs reconnecting and "
                        + "bot-service stops sending with it", pageId, code(detail));
                // Not waited for: bot-service sees Meta's 190 itself too; the settings page reads the database.
                publisher.publish(record).subscribe().with(ok -> { }, failure -> LOG.warnf(
                        "Page %s: the rejection of its token was not published (%s); bot-service learns it from "
                                + "Meta's next answer", pageId, failure.getClass().getSimpleName()));
            });
        } catch (RuntimeException e) {
            // A finding for the page admin: it never holds up the call that made it.
            LOG.warnf("Page %s: the rejection of its token was not recorded: %s", pageId, e.getClass().getSimpleName());
        }
    }

    /** bot-service reported Meta's 190/102 for the page: the token in use here is the one it used (same rule). */
    public void rejectedInUse(String pageId, String detail) {
        token(pageId).ifPresent(token -> rejected(pageId, token, detail));
    }

    /** The page's row locked for this transaction, created (empty) when it has none. Inside a transaction. */
    PageConnectionEntity lockOrCreate(String pageId) {
        connections.createIfAbsent(pageId, clock.instant());
        return connections.lock(pageId).orElseThrow();
    }

    /**
     * Counts a change on the (locked) row, writes the row, and returns the record that tells bot-service. Inside a
     * transaction.
     */
    PageConnection save(PageConnectionEntity row) {
        row.revision = row.revision + 1;
        row.updatedAt = clock.instant();
        connections.update(row);
        return record(row);
    }

    static PageConnection record(PageConnectionEntity row) {
        return new PageConnection(SchemaVersion.CURRENT, row.pageId, row.revision, row.keyId, row.tokenCiphertext,
                row.rejectedFingerprint, row.updatedAt);
    }

    private Optional<String> read(String pageId) {
        Optional<String> environment = messenger.pageToken(pageId);
        Optional<PageConnectionEntity> row;
        try {
            row = QuarkusTransaction.requiringNew().call(() -> connections.find(pageId));
        } catch (RuntimeException e) {
            // The database is away: the environment's token (if any) still lets the service call Meta.
            LOG.debugf("Page %s: connection not readable (%s)", pageId, e.getClass().getSimpleName());
            return environment;
        }
        if (row.isEmpty() || row.get().tokenCiphertext == null) {
            return environment;
        }
        PageConnectionEntity e = row.get();
        if (cipher.isEmpty()) {
            LOG.warnf("Page %s has a connected token but no PAGE_TOKEN_KEY is configured: it cannot be used", pageId);
            return environment;
        }
        try {
            return Optional.of(cipher.get().open(pageId, e.keyId, e.tokenCiphertext));
        } catch (PageTokenCipher.Unreadable unreadable) {
            LOG.errorf("Page %s: the connected token cannot be decrypted (%s); check PAGE_TOKEN_KEY / "
                    + "PAGE_TOKEN_PREVIOUS_KEYS, or connect the page again", pageId, unreadable.getMessage());
            return environment;
        }
    }

    private static String code(String detail) {
        if (detail == null) {
            return "190";
        }
        int at = detail.indexOf("code=");
        return at < 0 ? "token" : detail.substring(at, Math.min(detail.length(), at + 9)).trim();
    }

    /** Awaits a publication for at most {@code timeout}; true when the broker acknowledged it. */
    static boolean acknowledged(io.smallrye.mutiny.Uni<Void> publication, Duration timeout) {
        try {
            publication.await().atMost(timeout);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private record Cached(long readAt, Optional<String> token) {
    }
}
