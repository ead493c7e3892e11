package org.handover.bot.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.handover.contracts.OrderKind;
import org.handover.contracts.OutboundReasons;
import org.handover.contracts.Owner;
import org.handover.contracts.QuickReply;
import org.handover.contracts.ReplyOrder;
import org.junit.jupiter.api.Test;

/** The send rules and the rendering of bulletin orders: tags replace the window, never the epoch fence. */
class BulletinRulesTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final Instant OLD = NOW.minus(Duration.ofDays(3));
    private static final ConversationControlState BOT = new ConversationControlState(Owner.BOT, 4);

    private static SendVerdict decide(long epoch, ConversationControlState current, Instant userAt, String tag) {
        return SendRules.decide(epoch, current, userAt, NOW, true, tag, Optional.empty());
    }

    @Test
    void aNonPromotionalTagSendsOutsideTheWindow() {
        for (String tag : List.of("CONFIRMED_EVENT_UPDATE", "POST_PURCHASE_UPDATE", "ACCOUNT_UPDATE")) {
            assertThat(decide(4, BOT, OLD, tag)).isEqualTo(SendVerdict.SEND);
            assertThat(decide(4, BOT, null, tag)).isEqualTo(SendVerdict.SEND);
        }
        assertThat(decide(4, BOT, OLD, null)).isEqualTo(SendVerdict.refuse(OutboundReasons.OUTSIDE_WINDOW));
    }

    @Test
    void humanAgentAndUnknownTagsAreNeverTheBots() {
        assertThat(decide(4, BOT, NOW, "HUMAN_AGENT")).isEqualTo(SendVerdict.refuse(SendRules.TAG_NOT_ALLOWED));
        assertThat(decide(4, BOT, NOW, "PROMOTION")).isEqualTo(SendVerdict.refuse(SendRules.TAG_NOT_ALLOWED));
    }

    @Test
    void aTagNeverPassesTheEpochFence() {
        assertThat(decide(3, BOT, NOW, "ACCOUNT_UPDATE")).isEqualTo(SendVerdict.refuse(OutboundReasons.STALE_EPOCH));
        assertThat(decide(4, new ConversationControlState(Owner.AGENT, 4), NOW, "ACCOUNT_UPDATE"))
                .isEqualTo(SendVerdict.refuse(OutboundReasons.NOT_OWNER));
    }

    @Test
    void aBulletinRendersItsTextQuickRepliesAndMessagingType() {
        List<QuickReply> replies = List.of(new QuickReply("Opening hours", "OPENING_HOURS"));
        OutgoingMessage update = CatalogRenderer.render(new ReplyOrder(OrderKind.BULLETIN, null, "News", replies, NOW,
                "b1", null), null).orElseThrow();
        OutgoingMessage tagged = CatalogRenderer.render(new ReplyOrder(OrderKind.BULLETIN, null, "Shipped", null, NOW,
                "b2", "POST_PURCHASE_UPDATE"), null).orElseThrow();
        assertThat(update).isEqualTo(new OutgoingMessage("News", replies, true, null));
        assertThat(update.messagingType()).isEqualTo("UPDATE");
        assertThat(tagged.messagingType()).isEqualTo("MESSAGE_TAG");
        assertThat(tagged.tag()).isEqualTo("POST_PURCHASE_UPDATE");
        assertThat(new OutgoingMessage("Hi", null).messagingType()).isEqualTo("RESPONSE");
        assertThat(CatalogRenderer.needsCatalog(OrderKind.BULLETIN)).isFalse();
    }
}
