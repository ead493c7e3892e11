package org.handover.contracts;

/**
 * Messenger Platform identifiers and the payloads this project reserves, shared by every service so that the
 * classifier, the state machine and the renderer agree on them.
 */
public final class Messenger {

    /** App id of Meta's Page Inbox, the default target of a handover. */
    public static final String PAGE_INBOX_APP_ID = "263902037430900";

    /**
     * Prefix of every payload this project reserves. A page's catalog may not use it, so a tap on a reserved quick
     * reply can never be mistaken for a guided option.
     */
    public static final String RESERVED_PAYLOAD_PREFIX = "MH_";

    /** Payload of the "accept" quick reply of the "Change to agent" question. */
    public static final String HANDOVER_ACCEPT_PAYLOAD = "MH_HANDOVER_ACCEPT";

    /** Payload of the "reject" quick reply of the "Change to agent" question. */
    public static final String HANDOVER_REJECT_PAYLOAD = "MH_HANDOVER_REJECT";

    /**
     * The message tags a bot may use for a bulletin outside the 24-hour window: Meta's non-promotional ones.
     * {@code HUMAN_AGENT} is for a person's replies only, never the bot; promotional content is never sent under a tag.
     */
    public static final java.util.Set<String> NON_PROMOTIONAL_TAGS =
            java.util.Set.of("CONFIRMED_EVENT_UPDATE", "POST_PURCHASE_UPDATE", "ACCOUNT_UPDATE");

    /** Whether {@code payload} is reserved by this project (never a page's own guided option). */
    public static boolean isReservedPayload(String payload) {
        return payload != null && payload.startsWith(RESERVED_PAYLOAD_PREFIX);
    }

    private Messenger() {
    }
}
