package org.handover.bot.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.handover.contracts.QuickReply;
import org.junit.jupiter.api.Test;

class CatalogValidatorTest {

    private static final String PAGE = "110000000000001";

    static CatalogDocument valid() {
        return new CatalogDocument(PAGE,
                new CatalogAnswer("GET_STARTED", "Main menu", List.of("hi"), "Welcome!",
                        List.of(new QuickReply("Opening hours", "HOURS"), new QuickReply("Delivery", "DELIVERY"))),
                List.of(new CatalogAnswer("HOURS", "Opening hours", List.of("hours"), "9 to 5.",
                                List.of(new QuickReply("Main menu", "GET_STARTED"))),
                        new CatalogAnswer("DELIVERY", "Delivery", List.of("delivery"), "2-3 days.", List.of())),
                new CatalogMessage("Sorry?", List.of(new QuickReply("Main menu", "GET_STARTED"))));
    }

    @Test
    void acceptsAValidCatalog() {
        assertThat(CatalogValidator.validate(PAGE, valid())).isEmpty();
    }

    @Test
    void acceptsTheShippedDemoCatalog() throws Exception {
        try (var in = getClass().getClassLoader().getResourceAsStream("catalogs/demo-110000000000001.json")) {
            CatalogDocument demo = org.handover.contracts.ContractJson.mapper().readValue(in, CatalogDocument.class);
            assertThat(CatalogValidator.validate(PAGE, demo)).isEmpty();
            assertThat(demo.allAnswers()).extracting(CatalogAnswer::payload)
                    .containsExactly("GET_STARTED", "OPENING_HOURS", "DELIVERY", "TRACK_ORDER", "RETURNS");
        }
    }

    @Test
    void refusesAQuickReplyTitleOverTwentyCharacters() {
        CatalogDocument catalog = withWelcomeQuickReplies(List.of(new QuickReply("Opening hours and more", "HOURS")));

        assertThat(CatalogValidator.validate(PAGE, catalog)).containsExactly(
                "welcome.quickReplies[0].title: \"Opening hours and more\" is 22 characters, at most 20");
    }

    @Test
    void countsTitleLengthInCharactersNotUtf16Units() {
        // 20 characters, one of them outside the BMP (two UTF-16 units).
        CatalogDocument catalog = withWelcomeQuickReplies(List.of(new QuickReply("Opening hours 1234 \uD83D\uDEB2", "HOURS")));

        assertThat(CatalogValidator.validate(PAGE, catalog)).isEmpty();
    }

    @Test
    void refusesMoreThanThirteenQuickReplies() {
        List<QuickReply> fourteen = IntStream.range(0, 14).mapToObj(i -> new QuickReply("Option " + i, "HOURS" + i))
                .toList();
        List<CatalogAnswer> answers = new ArrayList<>(valid().answers());
        IntStream.range(0, 14).forEach(i -> answers.add(
                new CatalogAnswer("HOURS" + i, "Option " + i, List.of(), "Text " + i, List.of())));
        CatalogDocument catalog = new CatalogDocument(PAGE,
                new CatalogAnswer("GET_STARTED", "Main menu", List.of(), "Welcome!", fourteen), answers,
                valid().fallback());

        assertThat(CatalogValidator.validate(PAGE, catalog))
                .containsExactly("welcome.quickReplies: 14 quick replies, at most 13");
    }

    @Test
    void refusesDuplicatePayloadsAcrossAnswersAndWithinAMessage() {
        CatalogDocument catalog = new CatalogDocument(PAGE,
                new CatalogAnswer("GET_STARTED", "Main menu", List.of(), "Welcome!",
                        List.of(new QuickReply("Hours", "HOURS"), new QuickReply("Hours again", "HOURS"))),
                List.of(new CatalogAnswer("HOURS", "Opening hours", List.of(), "9 to 5.", List.of()),
                        new CatalogAnswer("HOURS", "Hours", List.of(), "Also 9 to 5.", List.of())),
                valid().fallback());

        assertThat(CatalogValidator.validate(PAGE, catalog)).containsExactly(
                "welcome.quickReplies[1].payload: HOURS offered twice in the same message",
                "answers: payload HOURS is answered 2 times");
    }

    @Test
    void refusesPayloadsReservedForTheHandoverAnswers() {
        CatalogDocument catalog = new CatalogDocument(PAGE, valid().welcome(),
                List.of(new CatalogAnswer("MH_AGENT", "Agent", List.of(), "An agent.", List.of()),
                        valid().answers().get(0), valid().answers().get(1)),
                new CatalogMessage("Sorry?", List.of(new QuickReply("Talk to a human", "MH_HANDOVER_ACCEPT"))));

        assertThat(CatalogValidator.validate(PAGE, catalog)).containsExactly(
                "answers[0].payload: MH_AGENT starts with MH_, which is reserved for the handover answers",
                "fallback.quickReplies[0].payload: MH_HANDOVER_ACCEPT starts with MH_, which is reserved for the"
                        + " handover answers");
    }

    @Test
    void refusesEmptyTextsTitlesAndPayloadsAndListsEveryProblem() {
        CatalogDocument catalog = new CatalogDocument(PAGE,
                new CatalogAnswer("GET_STARTED", " ", List.of(""), "", List.of(new QuickReply("", "HOURS"))),
                List.of(new CatalogAnswer("", "Opening hours", List.of(), "9 to 5.", List.of()),
                        valid().answers().get(0)),
                new CatalogMessage(null, List.of()));

        assertThat(CatalogValidator.validate(PAGE, catalog)).containsExactly(
                "welcome.title: empty",
                "welcome.keywords[0]: empty",
                "welcome.text: empty",
                "welcome.quickReplies[0].title: empty",
                "answers[0].payload: empty",
                "fallback.text: empty");
    }

    @Test
    void refusesQuickRepliesWithoutAnAnswerAndAmbiguousKeywords() {
        CatalogDocument catalog = new CatalogDocument(PAGE, valid().welcome(),
                List.of(new CatalogAnswer("HOURS", "Opening hours", List.of("Open"), "9 to 5.",
                                List.of(new QuickReply("Prices", "PRICES"))),
                        new CatalogAnswer("DELIVERY", "Delivery", List.of("open "), "2-3 days.", List.of())),
                valid().fallback());

        assertThat(CatalogValidator.validate(PAGE, catalog)).containsExactly(
                "answers[0].quickReplies[0].payload: PRICES has no answer in the catalog",
                "answers: keyword \"open\" belongs to 2 answers [DELIVERY, HOURS]");
    }

    @Test
    void refusesACatalogForAnotherPageOrWithoutWelcomeOrFallback() {
        CatalogDocument catalog = new CatalogDocument("OTHER", null, valid().answers().subList(1, 2), null);

        assertThat(CatalogValidator.validate(PAGE, catalog)).containsExactly(
                "pageId: is OTHER but the catalog is for page " + PAGE,
                "welcome: missing",
                "fallback: missing");
    }

    @Test
    void refusesAPageIdThatCannotKeyTheCatalogTopic() {
        CatalogDocument catalog = new CatalogDocument("a:b", valid().welcome(), valid().answers(), valid().fallback());

        assertThat(CatalogValidator.validate("a:b", catalog))
                .containsExactly("pageId: a:b is not a page id (no ':' and no surrounding spaces)");
    }

    private static CatalogDocument withWelcomeQuickReplies(List<QuickReply> quickReplies) {
        CatalogAnswer welcome = valid().welcome();
        return new CatalogDocument(PAGE, new CatalogAnswer(welcome.payload(), welcome.title(), welcome.keywords(),
                welcome.text(), quickReplies), valid().answers(), valid().fallback());
    }

    private static final String BASE = "https://hooks.example.com/l/";

    /** The valid catalog with the DELIVERY answer's text replaced and the admin's choice to track links. */
    private static CatalogDocument tracking(String deliveryText, String deliveryPayload) {
        CatalogDocument c = valid();
        CatalogAnswer delivery = new CatalogAnswer(deliveryPayload, "Delivery", List.of("delivery"), deliveryText,
                List.of());
        CatalogAnswer welcome = new CatalogAnswer("GET_STARTED", "Main menu", List.of("hi"), "Welcome!",
                List.of(new QuickReply("Opening hours", "HOURS"), new QuickReply("Delivery", deliveryPayload)));
        return new CatalogDocument(PAGE, welcome, List.of(c.answers().get(0), delivery), c.fallback(), true);
    }

    /** A text of exactly {@code length} characters once its one link (to https://a.example/x) is tracked. */
    private static String textTrackedAt(int length, String payload) {
        String url = "https://a.example/x";
        int linkLength = BASE.length() + org.handover.contracts.links.LinkToken.tokenLength(payload, url);
        return "é".repeat(length - linkLength - 1) + " " + url;
    }

    @Test
    void anAnswerMayReachTheLimitOnceItsLinksAreTrackedButNotPassIt() {
        String atLimit = textTrackedAt(CatalogValidator.MAX_TEXT_LENGTH, "DELIVERY");
        assertThat(org.handover.contracts.links.TrackedLinks.trackedLength(atLimit, BASE, "DELIVERY"))
                .isEqualTo(CatalogValidator.MAX_TEXT_LENGTH);
        assertThat(CatalogValidator.validate(PAGE, tracking(atLimit, "DELIVERY"), BASE)).isEmpty();

        String onePast = "é" + atLimit;
        assertThat(CatalogValidator.validate(PAGE, tracking(onePast, "DELIVERY"), BASE)).containsExactly(
                "answers[1].text: 2001 characters once its links are tracked, at most 2000");
    }

    @Test
    void theTrackedLimitAppliesOnlyWhenThePageChoseItAndTrackingIsConfigured() {
        String onePast = "é" + textTrackedAt(CatalogValidator.MAX_TEXT_LENGTH, "DELIVERY");
        CatalogDocument chosen = tracking(onePast, "DELIVERY");
        CatalogDocument notChosen = new CatalogDocument(PAGE, chosen.welcome(), chosen.answers(), chosen.fallback(),
                false);
        assertThat(CatalogValidator.validate(PAGE, notChosen, BASE)).isEmpty();
        assertThat(CatalogValidator.validate(PAGE, chosen, null)).isEmpty();
        assertThat(CatalogValidator.validate(PAGE, chosen)).isEmpty();
    }

    @Test
    void aTrackedAnswerNeedsAPayloadATokenCarriesAndAtMostTwentyLinks() {
        String longPayload = "P".repeat(65);
        assertThat(CatalogValidator.validate(PAGE, tracking("See https://a.example/x", longPayload), BASE))
                .containsExactly("answers[1].payload: 65 bytes, at most 64 when the answers' links are tracked"
                        + " (its answer has links)");
        assertThat(CatalogValidator.validate(PAGE, tracking("No link here.", longPayload), BASE)).isEmpty();
        String manyLinks = String.join(" ", java.util.Collections.nCopies(21, "https://a.example/x"));
        assertThat(CatalogValidator.validate(PAGE, tracking(manyLinks, "DELIVERY"), BASE))
                .containsExactly("answers[1].text: 21 links, at most 20 when the answers' links are tracked");
    }
}
