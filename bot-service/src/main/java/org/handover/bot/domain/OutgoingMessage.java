package org.handover.bot.domain;

import java.util.List;
import org.handover.contracts.QuickReply;

/**
 * A message the bot sends: its text and the quick replies it offers. The bot's own words (catalog or handover
 * texts), never a user's.
 *
 * @param text         the text
 * @param quickReplies quick replies offered with it, possibly none
 */
public record OutgoingMessage(String text, List<QuickReply> quickReplies) {

    public OutgoingMessage {
        quickReplies = quickReplies == null ? List.of() : List.copyOf(quickReplies);
    }
}
