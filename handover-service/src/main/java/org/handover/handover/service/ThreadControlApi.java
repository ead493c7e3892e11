package org.handover.handover.service;

/**
 * The thread-control calls the state machine's effects need, as outcomes it understands. Implemented over Meta's
 * Graph API by {@code org.handover.handover.client}; tests and replays may stand in.
 */
public interface ThreadControlApi {

    /** What a thread-control call came to. */
    enum Result {
        /** Done. */
        OK,
        /** Error 10 / 2018300: another app controls the thread; our idea of the owner drifted. */
        OWNED_BY_ANOTHER_APP,
        /** Meta or the network failed for a reason that may pass (retries already spent). */
        TEMPORARY_FAILURE,
        /** Meta refused for good: bad token, no permission, person unavailable, invalid parameter, no token. */
        PERMANENT_FAILURE
    }

    /**
     * The owner Meta reports for a thread.
     *
     * @param known whether the call succeeded
     * @param appId the owning app; {@code null} for an idle thread (or when not known)
     */
    record OwnerLookup(boolean known, String appId) {
    }

    /** {@code POST /{pageId}/pass_thread_control}. */
    Result passThreadControl(String pageId, String psid, String targetAppId, String metadata);

    /** {@code POST /{pageId}/take_thread_control}. */
    Result takeThreadControl(String pageId, String psid, String metadata);

    /** {@code GET /{pageId}/thread_owner?recipient=psid}. */
    OwnerLookup threadOwner(String pageId, String psid);
}
