package org.handover.localstack.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * handover-service's admin API ({@code /admin/pages/{pageId}/...}, bearer admin token), as far as the local stack
 * needs it: activate handover for the demo page once the stack is up (which runs the service's checks against the
 * emulator), and read a page's settings so that the demo knows the question and the answers the page uses.
 */
public final class HandoverAdminClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI baseUrl;
    private final String adminToken;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /**
     * @param baseUrl    handover-service's base URL ({@code http://localhost:8083})
     * @param adminToken its {@code ADMIN_TOKEN}
     */
    public HandoverAdminClient(URI baseUrl, String adminToken) {
        this.baseUrl = baseUrl;
        this.adminToken = adminToken;
    }

    /**
     * What an admin call answered: the HTTP status and the JSON body (the page's settings on success, an
     * {@code ApiError} with {@code reason} and {@code message} otherwise).
     */
    public record Answer(int status, JsonNode body) {

        public boolean ok() {
            return status == 200;
        }

        /** The refusal in one line: {@code reason: message}. */
        public String error() {
            return body.path("reason").asText("HTTP " + status) + ": " + body.path("message").asText("(no message)");
        }
    }

    /** {@code POST /admin/pages/{pageId}/activate}: runs the setup checks and activates handover when they pass. */
    public Answer activate(String pageId) {
        // the checks call the Graph API with retries; allow them their time
        return call(HttpRequest.newBuilder(uri(pageId, "/activate")).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.noBody()));
    }

    /**
     * Makes the page's {@code setupKind} {@code setupKind} ({@code CONVERSATION_ROUTING}, {@code LEGACY_ROLES}):
     * reads the settings and, when they say otherwise, saves them with that kind ({@code PUT}, every other setting
     * as it was). Answers the settings read, or the {@code PUT}'s answer.
     */
    public Answer useSetupKind(String pageId, String setupKind) {
        Answer current = settings(pageId);
        if (!current.ok() || setupKind.equals(current.body().path("setupKind").asText())) {
            return current;
        }
        com.fasterxml.jackson.databind.node.ObjectNode body = JSON.createObjectNode();
        for (String field : java.util.List.of("channel", "targetAppId", "questionText", "acceptTitle",
                "rejectTitle", "confirmationText", "stayWithBotText", "botIsBackText", "honourInboxRequests",
                "idleTimeoutMinutes")) {
            body.set(field, current.body().path(field));
        }
        body.put("setupKind", setupKind);
        return call(HttpRequest.newBuilder(uri(pageId, "/settings")).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body.toString())));
    }

    /** {@code GET /admin/pages/{pageId}/settings}. */
    public Answer settings(String pageId) {
        return call(HttpRequest.newBuilder(uri(pageId, "/settings")).timeout(Duration.ofSeconds(10)).GET());
    }

    private Answer call(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.header("Authorization", "Bearer " + adminToken)
                    .header("Accept", "application/json").build(), HttpResponse.BodyHandlers.ofString());
            JsonNode body;
            try {
                body = response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
            } catch (IOException e) {
                body = JSON.createObjectNode().put("reason", "HTTP " + response.statusCode())
                        .put("message", "answer is not JSON");
            }
            return new Answer(response.statusCode(), body);
        } catch (IOException e) {
            throw new IllegalStateException("handover-service does not answer at " + baseUrl + " ("
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while calling handover-service", e);
        }
    }

    private URI uri(String pageId, String path) {
        return URI.create(baseUrl + "/admin/pages/" + URLEncoder.encode(pageId, StandardCharsets.UTF_8) + path);
    }
}
