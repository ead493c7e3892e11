package org.handover.routing.messaging;

/** Channel names of routing-service; each is bound to its topic in {@code application.properties}. */
public final class Channels {

    /** From {@link org.handover.contracts.Topics#WEBHOOK_RAW}. */
    public static final String RAW_EVENTS = "raw-events";
    /** From {@link org.handover.contracts.Topics#BOT_CATALOG}, read whole on every start. */
    public static final String GUIDED_CATALOGS = "guided-catalogs";
    /** To {@link org.handover.contracts.Topics#CONVERSATION_INBOUND}, written by {@link RawEventConsumer}. */
    public static final String CLASSIFIED_EVENTS = "classified-events";

    private Channels() {
    }
}
