package org.handover.bot.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.handover.contracts.GuidedCatalog;
import org.handover.contracts.GuidedOption;
import org.handover.contracts.Messenger;
import org.handover.contracts.OrderKind;
import org.handover.contracts.QuickReply;
import org.handover.contracts.ReplyOrder;
import org.handover.contracts.SchemaVersion;
import org.junit.jupiter.api.Test;

class CatalogRendererTest {

    private static final CatalogDocument CATALOG = CatalogValidatorTest.valid();

    @Test
    void rendersTheAnswerOfAGuidedPayload() {
        assertThat(CatalogRenderer.render(guided("HOURS"), CATALOG))
                .contains(new OutgoingMessage("9 to 5.", List.of(new QuickReply("Main menu", "GET_STARTED"))));
    }

    @Test
    void rendersTheWelcomeLikeAnyOtherAnswer() {
        assertThat(CatalogRenderer.render(guided("GET_STARTED"), CATALOG)).contains(CATALOG.welcome().message());
    }

    @Test
    void rendersTheFallbackForAPayloadTheCatalogDoesNotKnowAndForFallbackOrders() {
        assertThat(CatalogRenderer.render(guided("GONE"), CATALOG)).contains(CATALOG.fallback().message());
        assertThat(CatalogRenderer.render(new ReplyOrder(OrderKind.FALLBACK, null, null, null, null), CATALOG))
                .contains(CATALOG.fallback().message());
    }

    @Test
    void rendersNothingFromACatalogThePageDoesNotHave() {
        assertThat(CatalogRenderer.render(guided("HOURS"), null)).isEmpty();
        assertThat(CatalogRenderer.render(new ReplyOrder(OrderKind.FALLBACK, null, null, null, null), null)).isEmpty();
    }

    @Test
    void rendersHandoverMessagesExactlyAsHandedOverWithoutACatalog() {
        List<QuickReply> answers = List.of(new QuickReply("Yes", Messenger.HANDOVER_ACCEPT_PAYLOAD),
                new QuickReply("No", Messenger.HANDOVER_REJECT_PAYLOAD));
        for (OrderKind kind : List.of(OrderKind.ASK_HANDOVER, OrderKind.CONFIRM_HANDOVER, OrderKind.STAY_WITH_BOT,
                OrderKind.BOT_IS_BACK)) {
            assertThat(CatalogRenderer.render(new ReplyOrder(kind, null, "Agent?", answers, null), null))
                    .contains(new OutgoingMessage("Agent?", answers));
        }
    }

    @Test
    void publishesEveryAnswerAsAGuidedOption() {
        Instant at = Instant.parse("2026-11-25T10:00:00Z");

        assertThat(CatalogRenderer.guidedCatalog(CATALOG, 7, at)).isEqualTo(new GuidedCatalog(SchemaVersion.CURRENT,
                "110000000000001", 7, at, List.of(new GuidedOption("GET_STARTED", "Main menu", List.of("hi")),
                        new GuidedOption("HOURS", "Opening hours", List.of("hours")),
                        new GuidedOption("DELIVERY", "Delivery", List.of("delivery")))));
    }

    private static ReplyOrder guided(String payload) {
        return new ReplyOrder(OrderKind.ANSWER_GUIDED, payload, null, null, Instant.now());
    }
}
