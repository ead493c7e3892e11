package org.handover.ingress.messaging;

/** Channel names of ingress-service; each is bound to its topic in {@code application.properties}. */
public final class Channels {

    /** To {@link org.handover.contracts.Topics#WEBHOOK_RAW}. */
    public static final String WEBHOOK_EVENTS = "webhook-events";
    /** To {@link org.handover.contracts.Topics#WEBHOOK_QUARANTINE}. */
    public static final String WEBHOOK_QUARANTINE = "webhook-quarantine";
    /** To {@link org.handover.contracts.Topics#BULLETIN_CLICKS}. */
    public static final String BULLETIN_CLICKS = "bulletin-clicks";

    private Channels() {
    }
}
