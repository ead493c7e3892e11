package org.handover.bot.client;

import com.fasterxml.jackson.databind.JsonNode;
import org.handover.contracts.ContractJson;

/**
 * An error answer of the Graph API: the HTTP status and Meta's {@code error.code}, {@code error_subcode},
 * {@code type} and {@code fbtrace_id}. Its message holds only those, never the request (whose URL carries the page
 * token) nor Meta's error message (which may quote the request).
 */
public final class MetaApiException extends RuntimeException {

    private final int status;
    private final Integer code;
    private final Integer subcode;
    private final String type;
    private final String fbtraceId;

    MetaApiException(int status, Integer code, Integer subcode, String type, String fbtraceId) {
        super("Graph API answered " + status + " with error code " + code + ", subcode " + subcode + ", type " + type
                + ", fbtrace_id " + fbtraceId, null, false, false);
        this.status = status;
        this.code = code;
        this.subcode = subcode;
        this.type = type;
        this.fbtraceId = fbtraceId;
    }

    /** Reads Meta's {@code {"error":{...}}} body; a body that is not one leaves code and subcode null. */
    static MetaApiException of(int status, String body) {
        JsonNode error = null;
        if (body != null && !body.isBlank()) {
            try {
                error = ContractJson.mapper().readTree(body).get("error");
            } catch (Exception notJson) {
                // A proxy's HTML page or a truncated body: only the status is known.
            }
        }
        if (error == null || !error.isObject()) {
            return new MetaApiException(status, null, null, null, null);
        }
        return new MetaApiException(status, intOrNull(error.get("code")), intOrNull(error.get("error_subcode")),
                textOrNull(error.get("type")), textOrNull(error.get("fbtrace_id")));
    }

    private static Integer intOrNull(JsonNode node) {
        return node != null && node.canConvertToInt() ? node.asInt() : null;
    }

    private static String textOrNull(JsonNode node) {
        return node != null && node.isValueNode() ? node.asText() : null;
    }

    /** The HTTP status. */
    public int status() {
        return status;
    }

    /** Meta's error code, null when the body had none. */
    public Integer code() {
        return code;
    }

    /** Meta's error subcode, null when absent. */
    public Integer subcode() {
        return subcode;
    }

    /** Meta's error type, e.g. {@code OAuthException}. */
    public String type() {
        return type;
    }

    /** Meta's trace id, for a support request. */
    public String fbtraceId() {
        return fbtraceId;
    }
}
