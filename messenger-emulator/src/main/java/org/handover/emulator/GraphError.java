package org.handover.emulator;

/**
 * An error the Graph API answers, with Meta's numbers: HTTP status, {@code error.code}, {@code error.error_subcode}
 * and the message. The constants are the errors the emulator gives, named after what they mean.
 *
 * @param httpStatus HTTP status of the answer (Meta answers 400 for almost every client error)
 * @param code       Meta's {@code error.code}
 * @param subcode    Meta's {@code error.error_subcode}, or null
 * @param type       Meta's {@code error.type}
 * @param message    Meta's {@code error.message}
 */
public record GraphError(int httpStatus, int code, Integer subcode, String type, String message) {

    /** 190: the access token is missing, unknown, or belongs to another page. */
    public static GraphError invalidToken() {
        return new GraphError(400, 190, null, "OAuthException", "Invalid OAuth access token - Cannot parse access token");
    }

    /** 100: a parameter is missing or wrong. */
    public static GraphError invalidParameter(String what) {
        return new GraphError(400, 100, null, "OAuthException", "(#100) " + what);
    }

    /** 100/2018001: the recipient never wrote to the page. */
    public static GraphError noMatchingUser() {
        return new GraphError(400, 100, 2018001, "OAuthException", "(#100) No matching user found");
    }

    /** 10/2018300: another app owns the thread, so this app may not send or pass control. */
    public static GraphError anotherAppControlsThread() {
        return new GraphError(400, 10, 2018300, "OAuthException",
                "(#10) Another app is controlling this thread.");
    }

    /** 10/2018278: the 24-hour standard messaging window is closed. */
    public static GraphError outsideWindow() {
        return new GraphError(400, 10, 2018278, "OAuthException",
                "(#10) This message is sent outside of allowed window.");
    }

    /** 200: the app lacks the role or permission the call needs. */
    public static GraphError permission(String what) {
        return new GraphError(403, 200, null, "OAuthException", "(#200) " + what);
    }

    /**
     * The answer a page with a Conversation Routing default app gave (an earlier version of Meta's page) to most
     * handover calls: pass and release still worked. Meta documents no code for it; the emulator answers 200
     * (permissions) with Meta's words, which is what a client can recognise.
     */
    public static GraphError handoverApisDisabled() {
        return new GraphError(403, 200, null, "OAuthException", "(#200) Handover Protocol APIs disabled for this page.");
    }

    /** 551: the person is not available right now. */
    public static GraphError personUnavailable() {
        return new GraphError(400, 551, null, "OAuthException", "(#551) This person isn't available right now.");
    }

    /** 2: a temporary failure on Meta's side; the caller should retry. */
    public static GraphError temporary() {
        return new GraphError(503, 2, null, "OAuthException", "(#2) Service temporarily unavailable");
    }

    /** 4: the app made too many calls (Meta's app-level rate limit); the caller should back off. */
    public static GraphError appRateLimited() {
        return new GraphError(400, 4, null, "OAuthException", "(#4) Application request limit reached");
    }

    /** 613: too many calls to this API for the page (the Send API's per-page limit); back off. */
    public static GraphError callRateLimited() {
        return new GraphError(400, 613, null, "OAuthException",
                "(#613) Calls to this api have exceeded the rate limit.");
    }

    /** Meta's {@code code} or {@code code/subcode}, as people write it. */
    public String label() {
        return subcode == null ? String.valueOf(code) : code + "/" + subcode;
    }
}
