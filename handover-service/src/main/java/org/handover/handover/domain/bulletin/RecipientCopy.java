package org.handover.handover.domain.bulletin;

import java.time.Instant;

/**
 * One recipient's copy of one bulletin: where it is and when it got there (the replay timeline's bulletin steps).
 *
 * @param bulletinId        the bulletin
 * @param bulletinCreatedAt when the admin created it
 * @param state             where the copy is now
 * @param reason            why it is held, dropped or failed ({@code null} otherwise)
 * @param attempts          orders made for it
 * @param decisionId        the order's decision id, once ordered
 * @param heldSince         since when it waits for the bot to own the thread again ({@code null} if never held)
 * @param orderedAt         when it was ordered from bot-service ({@code null} if not yet)
 * @param updatedAt         the copy's last change
 */
public record RecipientCopy(String bulletinId, Instant bulletinCreatedAt, RecipientState state, String reason,
        int attempts, String decisionId, Instant heldSince, Instant orderedAt, Instant updatedAt) {
}
