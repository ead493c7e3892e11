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

    private static final String BASE = "https://hooks.example.com/l/";
    private static final org.handover.contracts.links.LinkToken TOKENS =
            org.handover.contracts.links.LinkToken.withSecrets(List.of("link-signing-key-for-tests-0123456789"));
    private static final CatalogRenderer.LinkMaker LINKS = link -> BASE + TOKENS.make(link);

    private static CatalogDocument withLinks(Boolean trackLinks) {
        CatalogDocument c = CATALOG;
        return new CatalogDocument(c.pageId(), new CatalogAnswer("GET_STARTED", "Main menu", List.of("hi"),
                "Welcome! Shop at https://shop.example.com/new.", c.welcome().quickReplies()),
                List.of(new CatalogAnswer("DELIVERY", "Delivery", List.of(), "Zones: https://a.example/zones, "
                        + "tracking: https://b.example/track?id=1", List.of(new QuickReply("Main menu", "GET_STARTED"))),
                        new CatalogAnswer("HOURS", "Opening hours", List.of(), "9 to 5.", List.of())),
                new CatalogMessage("Sorry? See https://help.example/", List.of()), trackLinks);
    }

    @Test
    void sendsAGuidedAnswersLinksTrackedForTheRecipientWhenThePageChoseIt() {
        CatalogRenderer.Rendered rendered = CatalogRenderer.render(guided("DELIVERY"), withLinks(true),
                "960000000000001", "7000000000000042", LINKS).orElseThrow();

        String text = rendered.message().text();
        assertThat(text).startsWith("Zones: " + BASE).contains(", tracking: " + BASE)
                .doesNotContain("a.example").doesNotContain("b.example");
        List<String> tokens = java.util.Arrays.stream(text.split(java.util.regex.Pattern.quote(BASE))).skip(1)
                .map(part -> part.split("[ ,]")[0]).toList();
        assertThat(tokens).hasSize(2);
        assertThat(tokens.stream().map(t -> TOKENS.read(t).orElseThrow()).toList()).containsExactly(
                org.handover.contracts.links.LinkToken.Link.guidedAnswer("DELIVERY", 0, "960000000000001",
                        "7000000000000042", "https://a.example/zones"),
                org.handover.contracts.links.LinkToken.Link.guidedAnswer("DELIVERY", 1, "960000000000001",
                        "7000000000000042", "https://b.example/track?id=1"));
        assertThat(rendered.message().quickReplies()).containsExactly(new QuickReply("Main menu", "GET_STARTED"));
        assertThat(rendered.trackedLinks()).isEqualTo(new org.handover.contracts.TrackedAnswerLinks("DELIVERY",
                List.of("https://a.example/zones", "https://b.example/track?id=1")));
        assertThat(CatalogRenderer.render(guided("GET_STARTED"), withLinks(true), "960000000000001",
                "7000000000000042", LINKS).orElseThrow().trackedLinks().answerKey()).isEqualTo("GET_STARTED");
    }

    @Test
    void sendsLinksAsWrittenWithoutTheChoiceWithoutTrackingAndInTheFallback() {
        for (Boolean choice : new Boolean[] {null, false}) {
            CatalogRenderer.Rendered rendered = CatalogRenderer.render(guided("DELIVERY"), withLinks(choice),
                    "960000000000001", "7000000000000042", LINKS).orElseThrow();
            assertThat(rendered.message()).isEqualTo(withLinks(choice).answers().get(0).message());
            assertThat(rendered.trackedLinks()).isNull();
        }
        CatalogRenderer.Rendered untracked = CatalogRenderer.render(guided("DELIVERY"), withLinks(true),
                "960000000000001", "7000000000000042", null).orElseThrow();
        assertThat(untracked.message().text()).contains("https://a.example/zones");
        assertThat(untracked.trackedLinks()).isNull();
        CatalogRenderer.Rendered fallback = CatalogRenderer.render(guided("GONE"), withLinks(true),
                "960000000000001", "7000000000000042", LINKS).orElseThrow();
        assertThat(fallback.message().text()).isEqualTo("Sorry? See https://help.example/");
        assertThat(fallback.trackedLinks()).isNull();
        CatalogRenderer.Rendered noLinks = CatalogRenderer.render(guided("HOURS"), withLinks(true),
                "960000000000001", "7000000000000042", LINKS).orElseThrow();
        assertThat(noLinks.message().text()).isEqualTo("9 to 5.");
        assertThat(noLinks.trackedLinks()).isNull();
    }

    private static ReplyOrder guided(String payload) {
        return new ReplyOrder(OrderKind.ANSWER_GUIDED, payload, null, null, Instant.now());
    }
}
