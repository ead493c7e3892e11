package org.handover.handover.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;

/**
 * An error answer of the Graph API, with Meta's code, subcode and message. Its own message is built from those
 * only: never from the request URL, which holds the page access token.
 */
class GraphApiErrorException extends RuntimeException {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final GraphError error;

    GraphApiErrorException(GraphError error) {
        super("Graph API error " + error.describe(), null, false, false);
        this.error = error;
    }

    static GraphApiErrorException from(int httpStatus, String body) {
        JsonNode error = parse(body).get("error");
        if (error == null || !error.isObject()) {
            return new GraphApiErrorException(new GraphError(httpStatus, null, null, "HTTP " + httpStatus));
        }
        return new GraphApiErrorException(new GraphError(httpStatus, integer(error.get("code")),
                integer(error.get("error_subcode")), GraphErrors.scrub(text(error.get("message")))));
    }

    private static JsonNode parse(String body) {
        try {
            return body == null || body.isBlank() ? MissingNode.getInstance() : JSON.readTree(body);
        } catch (JsonProcessingException e) {
            return MissingNode.getInstance();
        }
    }

    GraphError error() {
        return error;
    }

    private static Integer integer(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.canConvertToInt()) {
            return node.asInt();
        }
        try {
            return Integer.valueOf(node.asText());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }
}
