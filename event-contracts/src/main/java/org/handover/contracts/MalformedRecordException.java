package org.handover.contracts;

/**
 * A record value that is not the contract it should be. Consumers let it propagate so the record goes to the
 * dead-letter topic with this message as the reason; the message never quotes the record's content.
 */
public class MalformedRecordException extends IllegalArgumentException {

    public MalformedRecordException(String message) {
        super(message);
    }

    public MalformedRecordException(String message, Throwable cause) {
        super(message, cause);
    }
}
