package org.handover.localstack.command;

/** Why the stack cannot start or had to stop; the message is written for the user and printed as is. */
public class StackException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public StackException(String message) {
        super(message);
    }

    public StackException(String message, Throwable cause) {
        super(message, cause);
    }
}
