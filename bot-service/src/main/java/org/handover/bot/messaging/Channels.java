package org.handover.bot.messaging;

/** Channel names of bot-service; each is bound to its topic in {@code application.properties}. */
public final class Channels {

    /** From {@link org.handover.contracts.Topics#CONVERSATION_DECISIONS}. */
    public static final String DECISIONS = "decisions";
    /** To {@link org.handover.contracts.Topics#MESSENGER_OUTBOUND}. */
    public static final String OUTBOUND_RESULTS = "outbound-results";
    /** To {@link org.handover.contracts.Topics#BOT_CATALOG}. */
    public static final String CATALOGS = "catalogs";
    /** From {@link org.handover.contracts.Topics#PAGE_CONNECTIONS}: connected page tokens (encrypted). */
    public static final String PAGE_CONNECTIONS = "page-connections";

    private Channels() {
    }
}
