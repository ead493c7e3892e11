package org.handover.bot.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.handover.contracts.Messenger;
import org.handover.contracts.OutboundReasons;
import org.handover.contracts.Owner;

/**
 * Decides whether an order may be sent. Plain Java, no framework: every rule of the invariants "the bot never sends
 * to a conversation it does not own" and "nothing automated outside the 24-hour window" is here.
 *
 * <p>Checks, in this order (the first that fails is the reason):
 * <ol>
 *   <li>{@code stale_epoch}: the order's epoch is not the conversation's current epoch (a control change happened
 *       after it was decided, or one it was decided after was never seen);</li>
 *   <li>{@code not_owner}: the current owner is not the bot;</li>
 *   <li>{@code expired}: the order was decided longer ago than the longest an order may wait
 *       ({@code bot.send.max-order-age}): handover-service may have passed control since, without news of it;</li>
 *   <li>{@code outside_window}: more than 24 h since the user's last message, or that time is unknown (an order
 *       that cannot prove it is inside the window is not sent);</li>
 *   <li>{@code no_catalog}: the message needs the page's catalog and the page has none;</li>
 *   <li>whatever the Send port refuses for the page, last: {@code no_page_token} (no access token is configured
 *       for the page), or {@code shadow} in shadow mode, after every other check so that a replay shows what would
 *       really be sent.</li>
 * </ol>
 */
public final class SendRules {

    /** Meta's standard messaging window: automated messages only this long after the user's last message. */
    public static final Duration MESSAGING_WINDOW = Duration.ofHours(24);

    /** Refused: the order needs the page's catalog (guided answer, fallback) and the page has none. */
    public static final String NO_CATALOG = "no_catalog";

    /** Refused: the order carries a message tag a bot may not use (only Meta's non-promotional tags). */
    public static final String TAG_NOT_ALLOWED = "tag_not_allowed";
    /** Refused: the order was decided longer ago than {@code bot.send.max-order-age}. */
    public static final String EXPIRED = "expired";

    private SendRules() {
    }

    /**
     * The verdict for one order.
     *
     * @param orderEpoch    the epoch the order was decided under
     * @param current       the conversation's current owner and epoch
     * @param userMessageAt when the user last wrote, {@code null} when unknown
     * @param now           the current time
     * @param rendered      whether the message could be rendered (false: the page has no catalog)
     * @param portRefusal   why the Send port cannot send to the page ({@code no_page_token}, {@code shadow}), or
     *                      empty when it can
     */
    public static SendVerdict decide(long orderEpoch, ConversationControlState current, Instant userMessageAt,
            Instant now, boolean rendered, Optional<String> portRefusal) {
        return decide(orderEpoch, current, userMessageAt, null, null, now, rendered, null, portRefusal);
    }

    /** As the full {@code decide}, for an order that may carry a message tag, its age not checked. */
    public static SendVerdict decide(long orderEpoch, ConversationControlState current, Instant userMessageAt,
            Instant now, boolean rendered, String tag, Optional<String> portRefusal) {
        return decide(orderEpoch, current, userMessageAt, null, null, now, rendered, tag, portRefusal);
    }

    /** As the full {@code decide}, for an order without a message tag, its age checked. */
    public static SendVerdict decide(long orderEpoch, ConversationControlState current, Instant userMessageAt,
            Instant decidedAt, Duration maxOrderAge, Instant now, boolean rendered, Optional<String> portRefusal) {
        return decide(orderEpoch, current, userMessageAt, decidedAt, maxOrderAge, now, rendered, null, portRefusal);
    }

    /**
     * The verdict for one order, its age checked too, for an order that may carry a message tag (a tagged
     * bulletin): a tag Meta allows a bot outside the window ({@link Messenger#NON_PROMOTIONAL_TAGS}) replaces the
     * window check; any other tag ({@code HUMAN_AGENT}, a promotional or unknown one) is refused
     * {@value #TAG_NOT_ALLOWED} right after the ownership and age checks.
     *
     * @param decidedAt   when handover-service decided the order; {@code null} when unknown (not checked)
     * @param maxOrderAge the longest an order may wait before it is sent; {@code null} for no limit
     * @param tag         the order's message tag, {@code null} for standard messaging
     * @see #decide(long, ConversationControlState, Instant, Instant, boolean, Optional)
     */
    public static SendVerdict decide(long orderEpoch, ConversationControlState current, Instant userMessageAt,
            Instant decidedAt, Duration maxOrderAge, Instant now, boolean rendered, String tag,
            Optional<String> portRefusal) {
        if (orderEpoch != current.epoch()) {
            return SendVerdict.refuse(OutboundReasons.STALE_EPOCH);
        }
        if (current.owner() != Owner.BOT) {
            return SendVerdict.refuse(OutboundReasons.NOT_OWNER);
        }
        if (decidedAt != null && maxOrderAge != null && now.isAfter(decidedAt.plus(maxOrderAge))) {
            return SendVerdict.refuse(EXPIRED);
        }
        if (tag != null) {
            if (!Messenger.NON_PROMOTIONAL_TAGS.contains(tag)) {
                return SendVerdict.refuse(TAG_NOT_ALLOWED);
            }
        } else if (!insideWindow(userMessageAt, now)) {
            return SendVerdict.refuse(OutboundReasons.OUTSIDE_WINDOW);
        }
        if (!rendered) {
            return SendVerdict.refuse(NO_CATALOG);
        }
        return portRefusal.map(SendVerdict::refuse).orElse(SendVerdict.SEND);
    }

    /** Whether {@code now} is at most 24 h after {@code userMessageAt}; false when that time is unknown. */
    public static boolean insideWindow(Instant userMessageAt, Instant now) {
        return userMessageAt != null && !now.isAfter(userMessageAt.plus(MESSAGING_WINDOW));
    }
}
