package org.handover.bot.domain;

import org.handover.contracts.Owner;

/**
 * Who owns a conversation's thread and since which epoch, as the control changes on
 * {@code conversation.decisions} told bot-service.
 *
 * @param owner the current owner
 * @param epoch the current epoch
 */
public record ConversationControlState(Owner owner, long epoch) {

    /** A conversation bot-service has never heard of: owned by the bot at epoch 0 (see {@link Owner}). */
    public static final ConversationControlState UNSEEN = new ConversationControlState(Owner.BOT, 0);
}
