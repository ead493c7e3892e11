package org.handover.localstack.client;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.handover.emulator.JournalEntry;
import org.handover.emulator.TranscriptLine;

/**
 * The Messenger Platform emulator's control API ({@code /_emulator/}) over HTTP, for {@code stack demo} and
 * {@code stack chat}, which run in their own JVM against the emulator inside a running launcher. Acts as the person
 * chatting and as the Page Inbox agent, and reads transcripts and the journal; the emulator's own error text comes
 * back as an {@link EmulatorException}.
 */
public final class EmulatorClient {

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final URI baseUrl;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
            .version(HttpClient.Version.HTTP_1_1).build();

    /** @param baseUrl the emulator's base URL ({@code http://127.0.0.1:8090}), without {@code /_emulator} */
    public EmulatorClient(URI baseUrl) {
        String url = baseUrl.toString();
        this.baseUrl = URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
    }

    public URI baseUrl() {
        return baseUrl;
    }

    /** Whether the emulator answers its health check. Never throws. */
    public boolean isUp() {
        try {
            return send(HttpRequest.newBuilder(uri("/_emulator/health")).GET()).statusCode() == 200;
        } catch (EmulatorException e) {
            return false;
        }
    }

    // ---- the person chatting ----

    /** The user writes {@code text}; returns the message id. */
    public String says(String page, String psid, String text) {
        return userAction(page, psid, "text", Map.of("text", text));
    }

    /** The user taps the quick reply titled {@code title} (it must be on offer). */
    public String taps(String page, String psid, String title) {
        return userAction(page, psid, "tap", Map.of("title", title));
    }

    /** The user presses a button (Get Started, a menu entry) with {@code payload}. */
    public String postback(String page, String psid, String title, String payload) {
        return userAction(page, psid, "postback", Map.of("title", title, "payload", payload));
    }

    /** The user sends a sticker (a thumbs-up). */
    public String sticker(String page, String psid) {
        return userAction(page, psid, "sticker", Map.of());
    }

    /**
     * The user opens the {@code index}-th link the page sent them (negative: from the newest) and follows it as a
     * browser would: {@code {"link","status","location","hops","landedOn","loaded"}}.
     */
    public JsonNode clicks(String page, String psid, int index) {
        return postJson(userPath(page, psid, "click"), Map.of("index", Integer.toString(index)));
    }

    /** The quick-reply titles on offer to the user now. */
    public List<String> offered(String page, String psid) {
        JsonNode answer = getJson(userPath(page, psid, "offered"));
        return JSON.convertValue(answer.path("quickReplies"), new TypeReference<List<String>>() { });
    }

    // ---- the Page Inbox agent ----

    /** The agent replies from the Page Inbox. */
    public String agentReplies(String page, String psid, String text) {
        return agentAction(page, psid, "reply", Map.of("text", text)).path("mid").asText(null);
    }

    /** The agent marks the conversation done: the Page Inbox passes control back to the page's default receiver. */
    public void agentMarksDone(String page, String psid) {
        agentAction(page, psid, "done", Map.of());
    }

    /** The agent moves the conversation into the Inbox: the Page Inbox asks for control. */
    public void agentMovesToInbox(String page, String psid) {
        agentAction(page, psid, "move-to-inbox", Map.of());
    }

    // ---- reading ----

    /** The app owning each conversation of the page ({@code null}: idle), by user id. */
    public Map<String, String> owners(String page) {
        JsonNode answer = getJson("/_emulator/pages/" + encode(page) + "/owners");
        Map<String, String> owners = new LinkedHashMap<>();
        answer.fields().forEachRemaining(e -> owners.put(e.getKey(), e.getValue().isNull() ? null
                : e.getValue().asText()));
        return owners;
    }

    /** The name of every app on the platform, by app id. */
    public Map<String, String> appNames() {
        Map<String, String> names = new LinkedHashMap<>();
        for (JsonNode app : getJson("/_emulator/state").path("apps")) {
            names.put(app.path("id").asText(), app.path("name").asText(app.path("id").asText()));
        }
        return names;
    }

    /** The conversation as the person reads it, oldest first. */
    public List<TranscriptLine> transcript(String page, String psid) {
        JsonNode answer = getJson(userPath(page, psid, "transcript"));
        return JSON.convertValue(answer.path("lines"), new TypeReference<List<TranscriptLine>>() { });
    }

    /** The conversation as text, one line each (the emulator renders it). */
    public String transcriptText(String page, String psid) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(
                uri(userPath(page, psid, "transcript") + "?format=text")).GET());
        return requireOk(response).body();
    }

    /** The journal entries after {@code since} (0: all). */
    public List<JournalEntry> journal(long since) {
        JsonNode answer = getJson("/_emulator/journal?since=" + since);
        return JSON.convertValue(answer.path("entries"), new TypeReference<List<JournalEntry>>() { });
    }

    // ---- plumbing ----

    private String userAction(String page, String psid, String action, Map<String, String> body) {
        return postJson(userPath(page, psid, action), body).path("mid").asText(null);
    }

    private JsonNode agentAction(String page, String psid, String action, Map<String, String> body) {
        return postJson("/_emulator/pages/" + encode(page) + "/inbox/" + encode(psid) + "/" + action, body);
    }

    private static String userPath(String page, String psid, String action) {
        return "/_emulator/pages/" + encode(page) + "/users/" + encode(psid) + "/" + action;
    }

    private JsonNode postJson(String path, Map<String, String> body) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
            return JSON.readTree(requireOk(send(request)).body());
        } catch (IOException e) {
            throw new EmulatorException("Unreadable answer from the emulator at " + baseUrl + ": " + e.getMessage());
        }
    }

    private JsonNode getJson(String path) {
        try {
            return JSON.readTree(requireOk(send(HttpRequest.newBuilder(uri(path)).GET())).body());
        } catch (IOException e) {
            throw new EmulatorException("Unreadable answer from the emulator at " + baseUrl + ": " + e.getMessage());
        }
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new EmulatorException("No Messenger emulator answers at " + baseUrl + " ("
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmulatorException("Interrupted while calling the emulator");
        }
    }

    private static HttpResponse<String> requireOk(HttpResponse<String> response) {
        if (response.statusCode() / 100 == 2) {
            return response;
        }
        String reason;
        try {
            reason = JSON.readTree(response.body()).path("error").asText(response.body());
        } catch (IOException e) {
            reason = response.body();
        }
        throw new EmulatorException(reason + " (HTTP " + response.statusCode() + ")");
    }

    private URI uri(String path) {
        return URI.create(baseUrl + path);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** The emulator refused an action or could not be reached; the message says why, for the user. */
    public static final class EmulatorException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        public EmulatorException(String message) {
            super(message);
        }
    }
}
