package org.handover.handover.domain.bulletin;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import org.handover.contracts.QuickReply;
import org.junit.jupiter.api.Test;

class BulletinDraftTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    private static BulletinDraft window(String text, List<QuickReply> replies) {
        return new BulletinDraft(text, replies, Audience.WINDOW, null, null, null);
    }

    @Test
    void aPlainBulletinOf2000CharactersIsValid() {
        assertThat(window("a".repeat(2000), List.of(new QuickReply("Opening hours", "OPENING_HOURS")))
                .problems(NOW)).isEmpty();
        // an emoji is one character, as Messenger counts
        assertThat(window("\uD83D\uDEB2".repeat(2000), null).problems(NOW)).isEmpty();
    }

    @Test
    void everyProblemIsListedWithItsField() {
        List<QuickReply> replies = new java.util.ArrayList<>(IntStream.range(0, 14)
                .mapToObj(i -> new QuickReply("T" + i, "P" + i)).toList());
        replies.set(0, new QuickReply("x".repeat(21), "MH_HANDOVER_ACCEPT"));
        replies.set(1, new QuickReply("Dup", "P2"));
        assertThat(window("a".repeat(2001), replies).problems(NOW)).containsExactly(
                "text: at most 2000 characters (2001)",
                "quickReplies: at most 13",
                "quickReplies[0].title: at most 20 characters (21)",
                "quickReplies[0].payload: payloads starting with MH_ are reserved",
                "quickReplies[2].payload: offered twice");
        assertThat(window(" ", null).problems(NOW)).containsExactly("text: required");
        assertThat(window("bell \u0007", null).problems(NOW)).containsExactly("text: no control characters");
    }

    @Test
    void aTaggedUpdateNeedsANonPromotionalTagAndItsPolicy() {
        assertThat(new BulletinDraft("Your order shipped", null, Audience.TAGGED, "POST_PURCHASE_UPDATE",
                "Shipping news for orders placed last week, no offers", null).problems(NOW)).isEmpty();
        for (String tag : new String[] {"HUMAN_AGENT", "PROMOTION", null}) {
            assertThat(new BulletinDraft("Sale!", null, Audience.TAGGED, tag, null, null).problems(NOW))
                    .hasSize(2).first().asString().startsWith("tag: one of ACCOUNT_UPDATE, CONFIRMED_EVENT_UPDATE, "
                            + "POST_PURCHASE_UPDATE");
        }
        assertThat(new BulletinDraft("Hi", null, Audience.WINDOW, "ACCOUNT_UPDATE", null, null).problems(NOW))
                .containsExactly("tag: only a TAGGED bulletin has a tag");
        assertThat(new BulletinDraft("Hi", null, null, null, null, null).problems(NOW)).hasSize(1);
    }

    @Test
    void aScheduleReachesAtMostThirtyDaysAhead() {
        assertThat(new BulletinDraft("Hi", Collections.emptyList(), Audience.WINDOW, null, null,
                NOW.plus(Duration.ofDays(30))).problems(NOW)).isEmpty();
        assertThat(new BulletinDraft("Hi", null, Audience.WINDOW, null, null,
                NOW.plus(Duration.ofDays(30)).plusSeconds(1)).problems(NOW)).containsExactly(
                        "sendAt: at most 30 days ahead");
    }
}
