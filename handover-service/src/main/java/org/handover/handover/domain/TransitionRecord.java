package org.handover.handover.domain;

import java.time.Instant;
import org.handover.contracts.Owner;

/**
 * One change of a conversation's owner, as kept in its history.
 *
 * @param from         owner before
 * @param to           owner after
 * @param ownerAppId   the app that got the thread, where known
 * @param epoch        the new epoch
 * @param cause        why ({@code user_accepted}, {@code agent_done}, {@code inbox_request}, {@code idle_timeout},
 *                     {@code drift_reconciled}, ...)
 * @param causeEventId the event (or decision) behind it
 * @param occurredAt   Meta's timestamp of that event, where there is one
 * @param recordedAt   when handover-service recorded it
 */
public record TransitionRecord(Owner from, Owner to, String ownerAppId, long epoch, String cause, String causeEventId,
        Instant occurredAt, Instant recordedAt) {
}
