package org.handover.handover.client;

import java.util.Optional;

/**
 * The answer of {@code GET thread_owner}.
 *
 * @param status what the call came to
 * @param ownerAppId the app that owns the thread when {@code status} is {@link GraphStatus#OK}; null when the thread
 *     is idle (nobody owns it) or the call failed
 * @param error Meta's error when {@code status} is not OK
 */
public record ThreadOwnerOutcome(GraphStatus status, String ownerAppId, GraphError error) {

    /** Whether the owner is known (which includes "idle"). */
    public boolean ok() {
        return status == GraphStatus.OK;
    }

    /** The owning app, empty when the thread is idle or the call failed. */
    public Optional<String> owner() {
        return Optional.ofNullable(ownerAppId);
    }

    /** Whether Meta said nobody owns the thread. */
    public boolean idle() {
        return ok() && ownerAppId == null;
    }
}
