package org.handover.bot.domain;

import java.util.List;
import java.util.Optional;
import org.handover.contracts.GuidedCatalog;
import org.handover.contracts.GuidedOption;
import org.handover.contracts.OrderKind;
import org.handover.contracts.ReplyOrder;
import org.handover.contracts.SchemaVersion;
import org.handover.contracts.TrackedAnswerLinks;
import org.handover.contracts.links.LinkToken;
import org.handover.contracts.links.TrackedLinks;

/** Turns an order into the message to send, and a catalog into what routing-service needs. Plain Java. */
public final class CatalogRenderer {

    private CatalogRenderer() {
    }

    /**
     * The message for {@code order}, or empty when it needs a catalog and the page has none.
     *
     * <p>A guided answer renders the catalog's answer for the payload; a payload the catalog does not know (the
     * catalog changed since the user was offered it) renders the catalog's fallback rather than nothing, so the user
     * always gets an answer. FALLBACK renders the fallback. The handover messages render the order's own text and
     * quick replies exactly as handover-service handed them over; they need no catalog.
     */
    public static Optional<OutgoingMessage> render(ReplyOrder order, CatalogDocument catalog) {
        return switch (order.kind()) {
            case ANSWER_GUIDED -> Optional.ofNullable(catalog).map(c -> c.allAnswers().stream()
                    .filter(a -> a.payload().equals(order.guidedPayload()))
                    .findFirst()
                    .map(CatalogAnswer::message)
                    .orElseGet(() -> c.fallback().message()));
            case FALLBACK -> Optional.ofNullable(catalog).map(c -> c.fallback().message());
            case ASK_HANDOVER, CONFIRM_HANDOVER, STAY_WITH_BOT, BOT_IS_BACK ->
                    Optional.of(new OutgoingMessage(order.text(), order.quickReplies()));
            case BULLETIN -> order.text() == null || order.text().isBlank() ? Optional.empty()
                    : Optional.of(new OutgoingMessage(order.text(), order.quickReplies(), true, order.tag()));
        };
    }

    /** Makes the tracked link ({@code TRACKING_BASE_URL} + token) of one link of a guided answer for one recipient. */
    @FunctionalInterface
    public interface LinkMaker {
        String tracked(LinkToken.Link link);
    }

    /**
     * A rendered message and, when a guided answer's links were replaced by tracked links, which (else null).
     */
    public record Rendered(OutgoingMessage message, TrackedAnswerLinks trackedLinks) {
    }

    /**
     * {@link #render(ReplyOrder, CatalogDocument)} for {@code psid} of {@code pageId}: a guided answer of a catalog
     * whose admin chose to track its links ({@link CatalogDocument#tracksLinks}) gets each link replaced by
     * {@code links}' tracked link for this recipient, when {@code links} is not null (tracking configured). Sent as
     * written instead: the fallback, an answer without links, or with more than {@link TrackedLinks#MAX_LINKS}, a
     * payload too long for a token, ids a token cannot carry, or a text that would pass Messenger's limit once tracked
     * (the catalog's validation refuses such answers; this only keeps a message from being refused by Meta).
     */
    public static Optional<Rendered> render(ReplyOrder order, CatalogDocument catalog, String pageId, String psid,
            LinkMaker links) {
        Optional<OutgoingMessage> plain = render(order, catalog);
        if (plain.isEmpty() || links == null || order.kind() != OrderKind.ANSWER_GUIDED || catalog == null
                || !catalog.tracksLinks()) {
            return plain.map(m -> new Rendered(m, null));
        }
        Optional<CatalogAnswer> answer = catalog.allAnswers().stream()
                .filter(a -> a.payload().equals(order.guidedPayload())).findFirst();
        if (answer.isEmpty()) {
            return plain.map(m -> new Rendered(m, null));
        }
        String key = answer.get().payload();
        String text = answer.get().text();
        List<TrackedLinks.Found> found = TrackedLinks.find(text);
        if (found.isEmpty() || found.size() > TrackedLinks.MAX_LINKS || !LinkToken.isTrackableAnswerKey(key)) {
            return plain.map(m -> new Rendered(m, null));
        }
        String tracked;
        try {
            tracked = TrackedLinks.rewrite(text,
                    i -> links.tracked(LinkToken.Link.guidedAnswer(key, i, pageId, psid, found.get(i).url())));
        } catch (IllegalArgumentException idsNoTokenCarries) {
            return plain.map(m -> new Rendered(m, null));
        }
        if (tracked.codePointCount(0, tracked.length()) > CatalogValidator.MAX_TEXT_LENGTH) {
            return plain.map(m -> new Rendered(m, null));
        }
        return Optional.of(new Rendered(new OutgoingMessage(tracked, answer.get().quickReplies()),
                new TrackedAnswerLinks(key, found.stream().map(TrackedLinks.Found::url).toList())));
    }

    /** Whether an order of this kind is rendered from the page's catalog. */
    public static boolean needsCatalog(OrderKind kind) {
        return kind == OrderKind.ANSWER_GUIDED || kind == OrderKind.FALLBACK;
    }

    /** What {@code bot.catalog} carries for a catalog: its guided options (welcome included). */
    public static GuidedCatalog guidedCatalog(CatalogDocument catalog, long revision, java.time.Instant updatedAt) {
        return new GuidedCatalog(SchemaVersion.CURRENT, catalog.pageId(), revision, updatedAt,
                catalog.allAnswers().stream().map(a -> new GuidedOption(a.payload(), a.title(), a.keywords())).toList());
    }
}
