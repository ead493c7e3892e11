package org.handover.handover.messaging;

/** Channel names of handover-service; each is bound to its topic in {@code application.properties}. */
public final class Channels {

    /** From {@link org.handover.contracts.Topics#CONVERSATION_INBOUND}. */
    public static final String INBOUND_EVENTS = "inbound-events";
    /** From {@link org.handover.contracts.Topics#MESSENGER_OUTBOUND}: what bot-service sent, e.g. the confirmation. */
    public static final String OUTBOUND_RESULTS = "outbound-results";
    /** From {@link org.handover.contracts.Topics#BULLETIN_CLICKS}: clicks on bulletins' tracked links. */
    public static final String BULLETIN_CLICKS = "bulletin-clicks";
    /** To {@link org.handover.contracts.Topics#CONVERSATION_DECISIONS}. */
    public static final String DECISIONS = "decisions";
    /** To {@link org.handover.contracts.Topics#THREAD_CONTROL}. */
    public static final String THREAD_CONTROL = "thread-control";
    /** To {@link org.handover.contracts.Topics#PAGE_CONNECTIONS}: connected page tokens (encrypted), rejections. */
    public static final String PAGE_CONNECTIONS = "page-connections";

    private Channels() {
    }
}
