package org.handover.handover.domain;

/** Where a page talks to its users. The handover protocol exists only on Messenger. */
public enum Channel {
    MESSENGER,
    TELEGRAM,
    WHATSAPP;

    /** Whether Meta's handover protocol (thread control) exists on this channel. */
    public boolean supportsHandover() {
        return this == MESSENGER;
    }
}
