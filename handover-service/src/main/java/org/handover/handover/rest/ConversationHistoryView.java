package org.handover.handover.rest;

import java.util.List;
import org.handover.contracts.Owner;
import org.handover.handover.domain.TransitionRecord;

/**
 * A conversation's thread control: who owns it now and every change of owner, oldest first. A conversation the
 * service never saw is owned by the bot at epoch 0, with no history ({@code known} false).
 */
public record ConversationHistoryView(
        String pageId,
        String psid,
        boolean known,
        Owner owner,
        String ownerAppId,
        long epoch,
        boolean questionPending,
        List<TransitionRecord> transitions) {
}
