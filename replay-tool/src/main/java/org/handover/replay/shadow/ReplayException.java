package org.handover.replay.shadow;

/** A replay that cannot go on, with a message for the engineer running it (no stack trace needed). */
public final class ReplayException extends RuntimeException {

    public ReplayException(String message) {
        super(message);
    }

    public ReplayException(String message, Throwable cause) {
        super(message, cause);
    }
}
