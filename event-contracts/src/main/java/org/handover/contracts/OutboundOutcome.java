package org.handover.contracts;

/** What became of a reply order. */
public enum OutboundOutcome {
    /** The Send API accepted the message. */
    SENT,
    /** bot-service did not send, on purpose (not the owner, stale epoch, outside the 24-hour window, duplicate...). */
    REFUSED,
    /** The Send API or the network failed and retries, if any, were exhausted. */
    FAILED
}
