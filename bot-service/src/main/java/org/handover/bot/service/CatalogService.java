package org.handover.bot.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.handover.bot.config.BotConfig;
import org.handover.bot.domain.CatalogDocument;
import org.handover.bot.domain.CatalogRenderer;
import org.handover.bot.domain.CatalogValidator;
import org.handover.bot.messaging.CatalogPublisher;
import org.handover.bot.repository.PageCatalog;
import org.handover.bot.repository.PageCatalogRepository;
import org.handover.contracts.ContractJson;
import org.jboss.logging.Logger;

/**
 * The guided-response catalogs: stored in the database (every replica and every restart sees an edit), seeded at
 * start from catalog files for pages the database does not know, validated before anything is stored, and
 * published to {@code bot.catalog} on every change and at every start.
 */
@ApplicationScoped
public class CatalogService {

    private static final Logger LOG = Logger.getLogger(CatalogService.class);
    private static final Duration PUBLISH_TIMEOUT = Duration.ofSeconds(30);

    /** The catalog shipped on the classpath, used when {@code bot.catalog.dir} is not set. */
    static final String DEFAULT_CATALOG_RESOURCE = "catalogs/demo-110000000000001.json";

    private final PageCatalogRepository catalogs;
    private final CatalogPublisher publisher;
    private final BotConfig config;
    private final Clock clock;
    /**
     * The last catalog parsed per page, by revision: a reply order needs its page's catalog, and parsing the stored
     * JSON again for every order is work for nothing. The database still says which revision is
     * current (one small query), so an edit on any replica is seen by the next order.
     */
    private final ConcurrentMap<String, StoredCatalog> parsed = new ConcurrentHashMap<>();

    private final AnswerLinkTracker links;

    public CatalogService(PageCatalogRepository catalogs, CatalogPublisher publisher, BotConfig config, Clock clock,
            AnswerLinkTracker links) {
        this.links = links;
        this.catalogs = catalogs;
        this.publisher = publisher;
        this.config = config;
        this.clock = clock;
    }

    /** A page's current catalog with its revision. */
    public record StoredCatalog(CatalogDocument catalog, long revision, Instant updatedAt) {
    }

    /** The outcome of an edit: the new revision, or every problem found (nothing stored). */
    public record EditResult(StoredCatalog stored, List<String> errors) {

        /** Whether the catalog was stored. */
        public boolean accepted() {
            return errors.isEmpty();
        }
    }

    /** The page's catalog, empty when it has none (never had, or deleted). */
    public Optional<StoredCatalog> find(String pageId) {
        return QuarkusTransaction.joiningExisting().call(() -> {
            Optional<Long> revision = catalogs.liveRevision(pageId);
            if (revision.isEmpty()) {
                return Optional.empty();
            }
            StoredCatalog known = parsed.get(pageId);
            if (known != null && known.revision() == revision.get()) {
                return Optional.of(known);
            }
            PageCatalog row = catalogs.findById(pageId);
            if (row == null || row.document == null) {
                return Optional.empty();
            }
            StoredCatalog stored = new StoredCatalog(parseStored(row.document), row.revision, row.updatedAt);
            // Two orders may parse a new revision at once: the higher revision stays.
            parsed.merge(pageId, stored, (old, fresh) -> fresh.revision() >= old.revision() ? fresh : old);
            return Optional.of(stored);
        });
    }

    /** Parses a catalog in the documented JSON format; a syntax problem is one error, never quoting the input. */
    public static ParseResult parse(String json) {
        try {
            CatalogDocument document = ContractJson.mapper().readValue(json, CatalogDocument.class);
            return document == null ? new ParseResult(null, List.of("catalog: missing"))
                    : new ParseResult(document, List.of());
        } catch (JsonProcessingException e) {
            return new ParseResult(null, List.of("not a catalog document: " + ContractJson.describe(e)));
        }
    }

    /** A parsed catalog, or why it could not be parsed. */
    public record ParseResult(CatalogDocument document, List<String> errors) {
    }

    /**
     * Replaces the page's catalog if it is valid, then publishes it. An invalid catalog changes nothing: the previous
     * one stays in force.
     */
    public EditResult put(String pageId, CatalogDocument catalog) {
        List<String> errors = CatalogValidator.validate(pageId, catalog, links.baseUrlOrNull());
        if (!errors.isEmpty()) {
            return new EditResult(null, errors);
        }
        String json = ContractJson.toJson(catalog);
        PageCatalog row = QuarkusTransaction.requiringNew().call(() -> catalogs.store(pageId, json, clock.instant()));
        publisher.publish(CatalogRenderer.guidedCatalog(catalog, row.revision, row.updatedAt))
                .await().atMost(PUBLISH_TIMEOUT);
        LOG.infof("Catalog of page %s stored and published at revision %d", pageId, row.revision);
        StoredCatalog stored = new StoredCatalog(catalog, row.revision, row.updatedAt);
        parsed.merge(pageId, stored, (old, fresh) -> fresh.revision() >= old.revision() ? fresh : old);
        return new EditResult(stored, List.of());
    }

    /**
     * Deletes the page's catalog and publishes the tombstone.
     *
     * @return false when the page had no catalog
     */
    public boolean delete(String pageId) {
        Long revision = QuarkusTransaction.requiringNew().call(() -> {
            PageCatalog current = catalogs.findById(pageId);
            return current == null || current.document == null ? null
                    : catalogs.store(pageId, null, clock.instant()).revision;
        });
        if (revision == null) {
            return false;
        }
        publisher.remove(pageId).await().atMost(PUBLISH_TIMEOUT);
        LOG.infof("Catalog of page %s deleted at revision %d", pageId, revision);
        return true;
    }

    void onStart(@Observes StartupEvent start) {
        seed();
        publishAll();
    }

    /** Stores the catalog files of pages the database does not know yet; an invalid file is logged and skipped. */
    void seed() {
        for (Seed seed : readSeeds()) {
            ParseResult parsed = parse(seed.json());
            List<String> errors = parsed.errors().isEmpty()
                    ? CatalogValidator.validate(parsed.document().pageId(), parsed.document(), links.baseUrlOrNull())
                    : parsed.errors();
            if (!errors.isEmpty()) {
                LOG.errorf("Catalog file %s is invalid and was not loaded: %s", seed.source(), errors);
                continue;
            }
            String pageId = parsed.document().pageId();
            boolean seeded = QuarkusTransaction.requiringNew().call(
                    () -> catalogs.seed(pageId, ContractJson.toJson(parsed.document()), clock.instant()));
            if (seeded) {
                LOG.infof("Catalog of page %s seeded from %s", pageId, seed.source());
            }
        }
    }

    /**
     * Publishes every page's current catalog (a tombstone for deleted ones). Compaction keeps the last per page, so
     * publishing the same revision again is harmless; it repairs a publish lost after a commit. Does not wait: a
     * broker that is slow at start must not keep the service from starting.
     */
    void publishAll() {
        List<PageCatalog> pages = QuarkusTransaction.requiringNew().call(catalogs::allPages);
        for (PageCatalog page : pages) {
            var sending = page.document == null ? publisher.remove(page.pageId)
                    : publisher.publish(CatalogRenderer.guidedCatalog(parseStored(page.document), page.revision,
                            page.updatedAt));
            sending.subscribe().with(done -> LOG.debugf("Catalog of page %s published", page.pageId),
                    failure -> LOG.warnf("Catalog of page %s not published at start: %s", page.pageId,
                            failure.getClass().getName()));
        }
    }

    private record Seed(String source, String json) {
    }

    private List<Seed> readSeeds() {
        List<Seed> seeds = new ArrayList<>();
        if (config.catalog().dir().isPresent()) {
            Path dir = Path.of(config.catalog().dir().get());
            try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.json")) {
                for (Path file : files) {
                    seeds.add(new Seed(file.toString(), Files.readString(file)));
                }
            } catch (IOException e) {
                LOG.errorf("Catalog directory %s cannot be read: %s", dir, e.getClass().getName());
            }
            return seeds;
        }
        try (InputStream in = Thread.currentThread().getContextClassLoader()
                .getResourceAsStream(DEFAULT_CATALOG_RESOURCE)) {
            if (in != null) {
                seeds.add(new Seed("classpath:" + DEFAULT_CATALOG_RESOURCE,
                        new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)));
            }
        } catch (IOException e) {
            LOG.errorf("Catalog %s cannot be read: %s", DEFAULT_CATALOG_RESOURCE, e.getClass().getName());
        }
        return seeds;
    }

    private static CatalogDocument parseStored(String json) {
        ParseResult parsed = parse(json);
        if (!parsed.errors().isEmpty()) {
            // Only valid catalogs are stored; this is a corrupted row, not user input.
            throw new IllegalStateException("stored catalog unreadable: " + parsed.errors());
        }
        return parsed.document();
    }
}
