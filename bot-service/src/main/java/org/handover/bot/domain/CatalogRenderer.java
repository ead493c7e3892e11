package org.handover.bot.domain;

import java.util.Optional;
import org.handover.contracts.GuidedCatalog;
import org.handover.contracts.GuidedOption;
import org.handover.contracts.OrderKind;
import org.handover.contracts.ReplyOrder;
import org.handover.contracts.SchemaVersion;

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
