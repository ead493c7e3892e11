package org.handover.handover.client;

/**
 * Meta's error as it answered it: the HTTP status, {@code error.code}, {@code error.error_subcode} and
 * {@code error.message}. The message describes the failure, never the user's text, and has any access token
 * scrubbed out, so it may be logged. For a timeout or a network failure {@code httpStatus} and {@code code} are null
 * and the message names the failure.
 */
public record GraphError(Integer httpStatus, Integer code, Integer subcode, String message) {

    /** A failure that never reached Meta or got no answer (timeout, refused connection). */
    static GraphError transport(String description) {
        return new GraphError(null, null, null, description);
    }

    /** Short form for logs: {@code http=400 code=10 subcode=2018300 message="..."}. */
    public String describe() {
        return "http=" + httpStatus + " code=" + code + " subcode=" + subcode + " message=\"" + message + "\"";
    }
}
