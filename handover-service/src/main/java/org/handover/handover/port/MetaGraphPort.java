package org.handover.handover.port;

import java.util.List;

/**
 * Meta's Graph API as handover-service needs it, in plain Java: the thread-control calls of the state machine's
 * effects, and the reads that check a page's setup before its handover is activated. The rest of the service calls
 * Meta only through this port.
 *
 * <p>Which implementation runs is decided once, at start ({@code config.RunModeProducer}): over the Graph API
 * ({@code client.GraphApiPort}) in production, {@code client.ShadowGraphPort} in shadow mode, which calls nothing,
 * accepts every thread-control call and checks no page's setup. Nothing else in the service asks which mode it runs
 * in.
 */
public interface MetaGraphPort {

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

    /**
     * The apps a page's setup lists ({@code secondary_receivers} or {@code subscribed_apps}), as far as Meta told.
     *
     * @param answer what the lookup came to
     * @param appIds the apps' ids when {@code answer} is {@link Answer#LISTED}, otherwise empty; never null
     * @param detail Meta's message for {@link Answer#REFUSED} (scrubbed of tokens); null otherwise or when Meta gave
     *     none
     */
    record AppsLookup(Answer answer, List<String> appIds, String detail) {

        /** What a lookup of a page's apps came to. */
        public enum Answer {
            /** Meta answered the list. */
            LISTED,
            /** Nobody asked Meta (shadow mode): the page's setup is unknown and was not checked. */
            NOT_CHECKED,
            /** Meta says this app may not read the list (for {@code secondary_receivers}: not the Primary Receiver). */
            NO_PERMISSION,
            /** No page access token is configured for the page: nothing was sent to Meta. */
            NO_TOKEN,
            /** Meta refused the page access token (expired or revoked). */
            BAD_TOKEN,
            /** Meta or the network failed in a way that may pass; retries spent. */
            UNAVAILABLE,
            /** Meta refused the request for another reason ({@code detail} says which, when Meta did). */
            REFUSED
        }

        public AppsLookup {
            appIds = appIds == null ? List.of() : List.copyOf(appIds);
        }

        /** A list Meta answered. */
        public static AppsLookup listed(List<String> appIds) {
            return new AppsLookup(Answer.LISTED, appIds, null);
        }

        /** Nothing asked, nothing known. */
        public static AppsLookup notChecked() {
            return new AppsLookup(Answer.NOT_CHECKED, List.of(), null);
        }

        /** Whether the list holds the app {@code appId}. */
        public boolean contains(String appId) {
            return appId != null && appIds.contains(appId);
        }
    }

    /** {@code POST /{pageId}/pass_thread_control}. */
    Result passThreadControl(String pageId, String psid, String targetAppId, String metadata);

    /** {@code POST /{pageId}/take_thread_control}. */
    Result takeThreadControl(String pageId, String psid, String metadata);

    /** {@code GET /{pageId}/thread_owner?recipient=psid}. */
    OwnerLookup threadOwner(String pageId, String psid);

    /**
     * {@code GET /{pageId}/secondary_receivers} (legacy roles). Only the Primary Receiver may call it, so
     * {@link AppsLookup.Answer#NO_PERMISSION} means "this app is not the Primary Receiver".
     */
    AppsLookup secondaryReceivers(String pageId);

    /** {@code GET /{pageId}/subscribed_apps} (Conversation Routing): the apps connected to the page. */
    AppsLookup subscribedApps(String pageId);

    /**
     * {@code GET /{pageId}?fields=name}: the page's name on Facebook; empty when it is not known (no token, Meta
     * failed or refused, shadow mode, which asks nothing).
     */
    default java.util.Optional<String> pageName(String pageId) {
        return java.util.Optional.empty();
    }

    /**
     * {@code GET /me?fields=id,name} with a candidate page access token (not a configured one): which page the token
     * is for, or why Meta refused it. Connecting a page calls it once before storing anything.
     */
    default TokenCheck checkToken(String candidateToken) {
        return new TokenCheck(TokenCheck.Answer.UNAVAILABLE, null, null, "not checked");
    }

    /**
     * What Meta said of a candidate token.
     *
     * @param answer   the outcome
     * @param pageId   the page the token is for, when {@link Answer#OK}
     * @param pageName its name, when Meta told
     * @param detail   Meta's code and message when refused (never the token)
     */
    record TokenCheck(Answer answer, String pageId, String pageName, String detail) {

        public enum Answer {
            /** Meta accepted the token: it is a token of {@code pageId}. */
            OK,
            /** 190/102: Meta rejects the token (expired, revoked, not a token). */
            REJECTED,
            /** Meta refused the call otherwise (a permission, an invalid parameter). */
            REFUSED,
            /** Meta could not be reached (after retries), or the call was not made. */
            UNAVAILABLE
        }
    }
}
