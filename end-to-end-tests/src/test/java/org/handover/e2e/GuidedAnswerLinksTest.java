package org.handover.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.handover.emulator.JournalEntry;
import org.handover.emulator.LinkClick;
import org.handover.emulator.MessengerEmulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Tracked links of guided answers through the whole system (issue 20 item 4): the page admin chooses to track them
 * (the catalog's {@code trackLinks}, through bot-service's catalog API), bot-service sends a guided answer's links as
 * tracked links of the recipient, the emulator's user clicks them (ingress-service redirects and records the click),
 * and handover-service counts each recipient once per answer and link. Without the choice the links go out as
 * written.
 */
@ExtendWith(StackExtension.class)
class GuidedAnswerLinksTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration COUNTED = Duration.ofSeconds(60);
    private static final String PARCELS = "https://parcels.example.com/track?shop=corner";
    private static final String HELP = "https://shop.example.com/help";
    private static final String TEXT = "Follow your parcel at " + PARCELS + " or ask us at " + HELP + ".";

    private final E2eStack stack;
    private final MessengerEmulator meta;

    GuidedAnswerLinksTest(E2eStack stack) {
        this.stack = stack;
        this.meta = stack.emulator();
    }

    @Test
    void aGuidedAnswersTrackedLinkIsClickedAndCountedOncePerUserAndAForgedOneIsRefused() {
        String page = World.GUIDED_LINKS_PAGE;
        setUpPage(page, true);
        String ann = Conversations.newUser();
        String bob = Conversations.newUser();
        String annAnswer = askToTrack(page, ann);
        String bobAnswer = askToTrack(page, bob);

        // each got the answer with links of their own, on our public address, showing neither target nor user
        List<String> annLinks = meta.user(page, ann).links();
        assertThat(annLinks).hasSize(2).allSatisfy(link -> assertThat(link).startsWith("http://localhost:")
                .contains("/l/").doesNotContain("parcels.example.com").doesNotContain(ann));
        assertThat(annAnswer).startsWith("Follow your parcel at " + annLinks.get(0) + " or ask us at "
                + annLinks.get(1) + ".");
        assertThat(meta.user(page, bob).links()).hasSize(2).doesNotContainAnyElementsOf(annLinks);
        assertThat(bobAnswer).doesNotContain(PARCELS);

        // ann opens the parcel link twice: redirected to the target both times
        LinkClick first = meta.user(page, ann).clicks(0);
        assertThat(first.status()).isEqualTo(302);
        assertThat(first.location()).isEqualTo(PARCELS);
        assertThat(first.landedOn()).isEqualTo(PARCELS);
        assertThat(meta.user(page, ann).clicks(0).location()).isEqualTo(PARCELS);

        // a link with one character of its token changed is refused, and redirects nowhere
        String own = meta.user(page, bob).links().get(0);
        int at = own.length() - 10;
        String forged = own.substring(0, at) + (own.charAt(at) == 'A' ? 'B' : 'A') + own.substring(at + 1);
        LinkClick refused = meta.user(page, bob).opens(forged);
        assertThat(refused.status()).isEqualTo(404);
        assertThat(refused.location()).isNull();

        // the last click: one answer's clicks are counted in order, so once it is, every click before it was
        assertThat(meta.user(page, ann).clicks(1).location()).isEqualTo(HELP);
        JsonNode links = await("the clicks counted").atMost(COUNTED).pollInterval(Duration.ofMillis(200))
                .until(() -> guidedLinks(page), l -> l.size() == 2 && l.path(1).path("clicked").asLong() == 1);
        assertThat(links.path(0).path("answerKey").asText()).isEqualTo("TRACK_ORDER");
        assertThat(links.path(0).path("url").asText()).isEqualTo(PARCELS);
        assertThat(links.path(1).path("url").asText()).isEqualTo(HELP);
        assertThat(links.path(0).path("sent").asLong()).as("users who got it tracked").isEqualTo(2);
        assertThat(links.path(0).path("clicked").asLong()).as("two clicks by one user count once").isEqualTo(1);
        assertThat(links.path(0).path("rate").asDouble()).isEqualTo(0.5);
        assertThat(links.path(1).path("sent").asLong()).isEqualTo(2);
        assertThat(links.path(1).path("rate").asDouble()).isEqualTo(0.5);
    }

    @Test
    void withoutTheAdminsChoiceAGuidedAnswersLinksGoOutAsWritten() {
        String page = World.GUIDED_LINKS_PAGE;
        setUpPage(page, false);
        String cleo = Conversations.newUser();
        String answer = askToTrack(page, cleo);
        assertThat(answer).isEqualTo(TEXT);
        assertThat(meta.user(page, cleo).links()).containsExactly(PARCELS, HELP);
    }

    /** The user presses Get Started, then asks to track the order; the text of the answer they got. */
    private String askToTrack(String page, String psid) {
        meta.user(page, psid).postback("Get Started", "GET_STARTED");
        awaitAnswer(page, psid, text -> !text.startsWith("Follow your parcel"));
        meta.user(page, psid).postback("Track my order", "TRACK_ORDER");
        return awaitAnswer(page, psid, text -> text.startsWith("Follow your parcel"));
    }

    private String awaitAnswer(String page, String psid, java.util.function.Predicate<String> wanted) {
        return await("an answer to " + psid).atMost(Conversations.STEP).pollInterval(Duration.ofMillis(50))
                .until(() -> meta.journal().select(e -> e.type() == JournalEntry.Type.SEND_API && e.ok()
                        && World.OUR_APP.equals(e.appId()) && page.equals(e.pageId()) && psid.equals(e.psid())
                        && wanted.test(e.detail("text"))).stream().map(e -> e.detail("text")).findFirst()
                        .orElse(null), java.util.Objects::nonNull);
    }

    private JsonNode guidedLinks(String page) {
        E2eStack.Response r = stack.admin("GET", "handover-service", "/admin/pages/" + page + "/guided-links", null);
        assertThat(r.status()).as("guided links: %s", r.body()).isEqualTo(200);
        return r.body().path("links");
    }

    /** The demo catalog on {@code page}, its TRACK_ORDER answer with two links, and the admin's choice. */
    private void setUpPage(String page, boolean trackLinks) {
        ObjectNode catalog;
        try {
            catalog = (ObjectNode) JSON.readTree(Path.of(System.getProperty(StackExtension.ROOT_PROPERTY, ".."))
                    .resolve("bot-service/src/main/resources/catalogs/demo-" + World.DEMO_PAGE + ".json").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        catalog.put("pageId", page);
        catalog.put("trackLinks", trackLinks);
        for (JsonNode answer : catalog.path("answers")) {
            if ("TRACK_ORDER".equals(answer.path("payload").asText())) {
                ((ObjectNode) answer).put("text", TEXT);
            }
        }
        E2eStack.Response saved = stack.admin("PUT", "bot-service", "/admin/catalogs/" + page, catalog);
        assertThat(saved.status()).as("catalog: %s", saved.body()).isEqualTo(200);
        Conversations conversations = new Conversations(stack);
        E2eStack.Response settings = stack.admin("PUT", "handover-service", "/admin/pages/" + page + "/settings",
                conversations.settingsBody("MESSENGER", "LEGACY_ROLES"));
        assertThat(settings.status()).as("settings: %s", settings.body()).isEqualTo(200);
        E2eStack.Response activated = stack.admin("POST", "handover-service", "/admin/pages/" + page + "/activate",
                null);
        assertThat(activated.status()).as("activation: %s", activated.body()).isEqualTo(200);
    }
}
