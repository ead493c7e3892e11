package org.handover.ingress.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.handover.contracts.BulletinClick;
import org.handover.contracts.SchemaVersion;
import org.handover.contracts.links.LinkToken;
import org.handover.ingress.config.LinkConfig;
import org.handover.ingress.messaging.ClickPublisher;
import org.jboss.logging.Logger;

/**
 * A click on a tracked link ({@code /l/{token}}) of a bulletin or of a guided answer: the token is verified and
 * decrypted here, with no lookup ({@link LinkToken}), so the redirect is answered at once; the click record is published to Kafka afterwards and
 * never waited for. A broker that is down or slow loses click records (counted), never a redirect.
 *
 * <p>Metrics, registered up front: {@value #CLICKS}{@code {outcome}} = {@code redirected} (counted, a record
 * published), {@code preview} (redirected, not counted: a link-preview crawler such as Meta's own, or a {@code HEAD}),
 * {@code refused} (a forged, truncated, unknown or malformed token: {@code 404}); {@value #RECORDS}{@code {outcome}}
 * = {@code published}, {@code failed} (the broker did not take it), {@code dropped} (over {@code link.click-backlog}
 * unacknowledged records); the gauge {@value #BACKLOG}.
 */
@Startup
@ApplicationScoped
public class ClickService {

    private static final Logger LOG = Logger.getLogger(ClickService.class);

    public static final String CLICKS = "ingress.link.clicks";
    public static final String RECORDS = "ingress.link.click.records";
    public static final String BACKLOG = "ingress.link.click.backlog";

    /**
     * User agents of link-preview fetchers: Messenger's (Meta's crawler fetches a link to draw its preview card) and
     * the usual others. They are redirected like anyone, but their fetch is not the user's click.
     */
    private static final Pattern PREVIEW_AGENTS = Pattern.compile(
            "(?i).*(facebookexternalhit|facebookcatalog|facebot|meta-externalagent|twitterbot|slackbot|"
                    + "linkedinbot|whatsapp|telegrambot|discordbot|googlebot|bingbot).*");

    /** What a click gets. */
    public sealed interface Answer {
        /** {@code 302} to the URL the admin wrote. */
        record Redirect(String url) implements Answer {
        }

        /** {@code 404}, nothing more said. */
        record NotFound() implements Answer {
        }
    }

    private final Optional<LinkToken> tokens;
    private final ClickPublisher publisher;
    private final Clock clock;
    private final int backlogMax;
    private final AtomicInteger backlog = new AtomicInteger();
    private final Counter redirected;
    private final Counter preview;
    private final Counter refused;
    private final Counter published;
    private final Counter failed;
    private final Counter dropped;

    public ClickService(LinkConfig config, ClickPublisher publisher, MeterRegistry registry) {
        List<String> keys = config.signingKeys().orElse(List.of()).stream().map(String::strip)
                .filter(k -> !k.isEmpty()).toList();
        this.tokens = keys.isEmpty() ? Optional.empty() : Optional.of(LinkToken.withSecrets(keys));
        if (tokens.isEmpty()) {
            LOG.warn("Link tracking is off: LINK_SIGNING_KEYS is not set, every /l/ link answers 404");
        }
        this.publisher = publisher;
        this.clock = Clock.systemUTC();
        this.backlogMax = config.clickBacklog();
        this.redirected = clicks(registry, "redirected");
        this.preview = clicks(registry, "preview");
        this.refused = clicks(registry, "refused");
        this.published = records(registry, "published");
        this.failed = records(registry, "failed");
        this.dropped = records(registry, "dropped");
        Gauge.builder(BACKLOG, backlog, AtomicInteger::get)
                .description("click records handed to Kafka, not acknowledged yet").register(registry);
    }

    /**
     * Answers a click on {@code token}. {@code counted} is false for a fetch that is not a user's click ({@code HEAD},
     * a preview crawler's user agent): redirected, no record.
     */
    public Answer click(String token, String userAgent, boolean head) {
        Optional<LinkToken.Link> link = tokens.flatMap(t -> t.read(token));
        if (link.isEmpty()) {
            refused.increment();
            return new Answer.NotFound();
        }
        LinkToken.Link l = link.get();
        if (head || (userAgent != null && PREVIEW_AGENTS.matcher(userAgent).matches())) {
            preview.increment();
        } else {
            redirected.increment();
            publish(new BulletinClick(SchemaVersion.CURRENT, UUID.randomUUID().toString(),
                    l.bulletinId() == null ? null : l.bulletinId().toString(), l.linkIndex(), l.pageId(), l.psid(),
                    clock.instant(), l.answerKey()));
        }
        return new Answer.Redirect(l.url());
    }

    /** Hands the record to Kafka without waiting; what the broker does not take is counted, never retried here. */
    private void publish(BulletinClick click) {
        if (backlog.incrementAndGet() > backlogMax) {
            backlog.decrementAndGet();
            dropped.increment();
            LOG.debugf("Click record of %s dropped: %d records wait for the broker", describe(click), backlogMax);
            return;
        }
        publisher.publish(click).subscribe().with(ok -> {
            backlog.decrementAndGet();
            published.increment();
        }, e -> {
            backlog.decrementAndGet();
            failed.increment();
            LOG.debugf("Click record of %s lost: %s", describe(click), e.getClass().getSimpleName());
        });
    }

    /** Which message a click record is of, for a log line: the bulletin id, or that it is a guided answer's. */
    private static String describe(BulletinClick click) {
        return click.guidedAnswer() ? "a guided answer of page " + click.pageId() : "bulletin " + click.bulletinId();
    }

    private static Counter clicks(MeterRegistry registry, String outcome) {
        return Counter.builder(CLICKS).tag("outcome", outcome.toLowerCase(Locale.ROOT))
                .description("tracked-link requests by outcome").register(registry);
    }

    private static Counter records(MeterRegistry registry, String outcome) {
        return Counter.builder(RECORDS).tag("outcome", outcome)
                .description("click records by what the broker did with them").register(registry);
    }
}
