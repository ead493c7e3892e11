package org.handover.bot.domain;

import java.util.List;
import org.handover.contracts.QuickReply;

/**
 * A message the bot sends: its text and the quick replies it offers. The bot's own words (catalog or handover
 * texts), never a user's.
 *
 * @param text         the text
 * @param quickReplies quick replies offered with it, possibly none
 * @param bulletin     true for a page's bulletin (a message the bot starts: Meta's {@code UPDATE}, or
 *                     {@code MESSAGE_TAG} with {@code tag}); false for a reply ({@code RESPONSE})
 * @param tag          the non-promotional message tag of a tagged bulletin, {@code null} otherwise
 */
public record OutgoingMessage(String text, List<QuickReply> quickReplies, boolean bulletin, String tag) {

    /** Meta's {@code messaging_type} values this bot uses. */
    public static final String RESPONSE = "RESPONSE";
    public static final String UPDATE = "UPDATE";
    public static final String MESSAGE_TAG = "MESSAGE_TAG";

    public OutgoingMessage {
        quickReplies = quickReplies == null ? List.of() : List.copyOf(quickReplies);
    }

    /** A reply to the user ({@code RESPONSE}). */
    public OutgoingMessage(String text, List<QuickReply> quickReplies) {
        this(text, quickReplies, false, null);
    }

    /** Meta's {@code messaging_type} for this message. */
    public String messagingType() {
        if (!bulletin) {
            return RESPONSE;
        }
        return tag == null ? UPDATE : MESSAGE_TAG;
    }
}
