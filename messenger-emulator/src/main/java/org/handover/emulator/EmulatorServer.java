package org.handover.emulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The emulator over HTTP (the JDK's server, no framework): Meta's Graph API at the root, with or without a version
 * prefix ({@code /v23.0/{page}/messages} and {@code /{page}/messages} alike), and the control API under
 * {@code /_emulator/} for local runs: load the world, act as the user or the agent, read the journal and transcripts,
 * change delivery settings, move the clock, plan faults. The control API is documented in the module's README.
 */
final class EmulatorServer {

    /** The JDK server's switch for TCP_NODELAY on the connections it accepts; read once, when its classes load. */
    static final String NO_DELAY_PROPERTY = "sun.net.httpserver.nodelay";

    static {
        enableTcpNoDelay();
    }

    private static final Logger LOG = LoggerFactory.getLogger(EmulatorServer.class);
    static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private static final Pattern VERSION = Pattern.compile("^/v\\d+(\\.\\d+)?(/.*)$");
    private static final Pattern USER = Pattern.compile("^/_emulator/pages/([^/]+)/users/([^/]+)/([a-z-]+)$");
    private static final Pattern INBOX = Pattern.compile("^/_emulator/pages/([^/]+)/inbox/([^/]+)/([a-z-]+)$");
    private static final Pattern SETUP = Pattern.compile("^/_emulator/pages/([^/]+)/setup$");
    private static final Pattern OWNERS = Pattern.compile("^/_emulator/pages/([^/]+)/owners$");
    private static final Pattern TOKENS = Pattern.compile("^/_emulator/pages/([^/]+)/tokens/([^/]+)$");
    private static final Pattern OUTAGE = Pattern.compile("^/_emulator/outages/(\\d+)$");

    private final MessengerEmulator emulator;
    private final MessengerPlatform platform;
    private final HttpServer http;
    private final ExecutorService executor;
    private final AtomicLong traces = new AtomicLong();

    private EmulatorServer(MessengerEmulator emulator, HttpServer http, ExecutorService executor) {
        this.emulator = emulator;
        this.platform = emulator.platform();
        this.http = http;
        this.executor = executor;
    }

    /**
     * Turns Nagle's algorithm off on the server's connections, unless the JVM was told otherwise. The JDK server
     * writes a response's headers and body apart; with Nagle on, the body waits for the client's ACK of the headers,
     * which the client delays by about 40 ms: every keep-alive call after a connection's first took 44 ms. The
     * property is read once, when the server's classes load, so this runs in the static initialisers of this class
     * and of {@link MessengerEmulator}, before either creates a server. A JVM that started a JDK HTTP server of its
     * own before the emulator loaded has to set {@code -Dsun.net.httpserver.nodelay=true} itself.
     */
    static void enableTcpNoDelay() {
        if (System.getProperty(NO_DELAY_PROPERTY) == null) {
            System.setProperty(NO_DELAY_PROPERTY, "true");
        }
    }

    static EmulatorServer start(MessengerEmulator emulator, InetSocketAddress address) {
        try {
            HttpServer http = HttpServer.create(address, 128);
            // a thread per call in flight: a call waiting out its latency or a slow outage must not hold up the
            // others (a fixed pool would serialise them once every thread waits); idle threads end after 60 s
            ExecutorService executor = Executors.newCachedThreadPool(r -> {
                Thread thread = new Thread(r, "emulator-http");
                thread.setDaemon(true);
                return thread;
            });
            EmulatorServer server = new EmulatorServer(emulator, http, executor);
            http.createContext("/", server::handle);
            http.setExecutor(executor);
            http.start();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException("The emulator could not listen on " + address + ": " + e.getMessage(), e);
        }
    }

    int port() {
        return http.getAddress().getPort();
    }

    String host() {
        return http.getAddress().getAddress().getHostAddress();
    }

    void stop() {
        http.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            if (path.startsWith("/_emulator/") || path.equals("/_emulator")) {
                control(exchange, path);
            } else {
                graph(exchange, path);
            }
        } catch (RuntimeException e) {
            LOG.error("The emulator failed on {} {}", exchange.getRequestMethod(),
                    exchange.getRequestURI().getRawPath(), e);
            try {
                reply(exchange, 500, Map.of("error", "emulator failure: " + e.getClass().getSimpleName()));
            } catch (IOException | RuntimeException ignored) {
                // The exchange is already broken.
            }
        }
    }

    // ------------------------------------------------------------------------------------------- Graph API

    private void graph(HttpExchange exchange, String rawPath) throws IOException {
        Matcher versioned = VERSION.matcher(rawPath);
        String path = versioned.matches() ? versioned.group(2) : rawPath;
        String[] parts = path.split("/");
        boolean node = parts.length == 2 && !parts[1].isEmpty() && "GET".equals(exchange.getRequestMethod());
        if (parts.length != 3 && !node) {
            graphError(exchange, GraphError.invalidParameter("Unknown path components: " + path));
            return;
        }
        String page = decode(parts[1]);
        // GET /{page}?fields=name reads the page node itself: the call is named "page" (faults, journal)
        String edge = node ? "page" : parts[2];
        Map<String, String> query = query(exchange);
        String token = query.get("access_token");
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (token == null && authorization != null && authorization.startsWith("Bearer ")) {
            token = authorization.substring("Bearer ".length());
        }
        String method = exchange.getRequestMethod();
        try {
            JsonNode body = "POST".equals(method) ? graphBody(exchange) : null;
            if (Faults.CALLS.contains(edge) && !meet(exchange, edge, page, token, body, query)) {
                return;
            }
            ObjectNode answer;
            if ("POST".equals(method)) {
                answer = switch (edge) {
                    case "messages" -> platform.send(token, page, body);
                    case "pass_thread_control" -> platform.passThreadControl(token, page, body);
                    case "take_thread_control" -> platform.takeThreadControl(token, page, body);
                    case "request_thread_control" -> platform.requestThreadControl(token, page, body);
                    case "release_thread_control" -> platform.releaseThreadControl(token, page, body);
                    case "extend_thread_control" -> platform.extendThreadControl(token, page, body);
                    default -> throw new GraphException(GraphError.invalidParameter("Unknown edge " + edge));
                };
            } else if ("GET".equals(method)) {
                answer = switch (edge) {
                    case "thread_owner" -> platform.threadOwner(token, page, query.get("recipient"));
                    case "secondary_receivers" -> platform.secondaryReceivers(token, page);
                    case "subscribed_apps" -> platform.subscribedApps(token, page);
                    case "page" -> platform.pageInfo(token, page, query.get("fields"));
                    default -> throw new GraphException(GraphError.invalidParameter("Unknown edge " + edge));
                };
            } else {
                throw new GraphException(GraphError.invalidParameter("Unsupported method " + method));
            }
            reply(exchange, 200, answer);
        } catch (GraphException e) {
            graphError(exchange, e.error());
        }
    }

    /**
     * Plays Meta's latency, outages and rate limits for one call: waits, then either lets the platform handle the call
     * (true) or answers the failure and journals the call as refused (false).
     */
    private boolean meet(HttpExchange exchange, String call, String page, String token, JsonNode body,
            Map<String, String> query) throws IOException {
        String appId = platform.appOf(token, page);
        Faults.Plan plan = emulator.plan(call, appId, appId == null ? null : platform.pageOf(token, page));
        if (!plan.delay().isZero()) {
            try {
                Thread.sleep(plan.delay().toMillis(), plan.delay().toNanosPart() % 1_000_000);
            } catch (InterruptedException e) {
                // the server is stopping: the call is dropped unanswered, as by a crashed front end
                Thread.currentThread().interrupt();
                return false;
            }
        }
        Faults.Failure failure = plan.failure();
        if (failure == null) {
            return true;
        }
        String psid = body == null ? query.get("recipient") : text(body.path("recipient").path("id"));
        String text = body == null ? null : text(body.path("message").path("text"));
        String metadata = body == null ? null
                : text(Faults.SEND_CALL.equals(call) ? body.path("message").path("metadata") : body.path("metadata"));
        platform.failed(call, token, page, psid, text, metadata, failure.outcome(), failure.httpStatus(),
                failure.cause());
        if (failure.error() != null) {
            graphError(exchange, failure.error());
        } else {
            bare(exchange, failure.httpStatus());
        }
        return false;
    }

    private static String text(JsonNode node) {
        return node == null || node.isMissingNode() || node.isNull() ? null : node.asText();
    }

    /** A status without Meta's body, as a proxy or load balancer in front of the Graph API answers. */
    private static void bare(HttpExchange exchange, int status) throws IOException {
        byte[] bytes = "<html><body><h1>Service Unavailable</h1></body></html>".getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/html");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private JsonNode graphBody(HttpExchange exchange) throws IOException {
        byte[] bytes = readBody(exchange);
        if (bytes.length == 0) {
            return JSON.createObjectNode();
        }
        try {
            JsonNode body = JSON.readTree(bytes);
            if (body == null || !body.isObject()) {
                throw new GraphException(GraphError.invalidParameter("The request body must be a JSON object"));
            }
            return body;
        } catch (JsonProcessingException e) {
            throw new GraphException(GraphError.invalidParameter("The request body is not valid JSON"));
        }
    }

    private void graphError(HttpExchange exchange, GraphError error) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("message", error.message());
        body.put("type", error.type());
        body.put("code", error.code());
        if (error.subcode() != null) {
            body.put("error_subcode", error.subcode());
        }
        body.put("fbtrace_id", "emu" + traces.incrementAndGet());
        reply(exchange, error.httpStatus(), Map.of("error", body));
    }

    // ----------------------------------------------------------------------------------------- control API

    private void control(HttpExchange exchange, String path) throws IOException {
        String method = exchange.getRequestMethod();
        try {
            Matcher m;
            if ("GET".equals(method) && path.equals("/_emulator/health")) {
                reply(exchange, 200, Map.of("status", "UP"));
            } else if ("GET".equals(method) && path.equals("/_emulator/state")) {
                reply(exchange, 200, state());
            } else if ("PUT".equals(method) && path.equals("/_emulator/world")) {
                emulator.load(JSON.readValue(readBody(exchange), EmulatorWorld.class));
                reply(exchange, 200, state());
            } else if ("PUT".equals(method) && path.equals("/_emulator/settings")) {
                settings(controlBody(exchange));
                reply(exchange, 200, state());
            } else if ("POST".equals(method) && path.equals("/_emulator/clock/advance")) {
                long seconds = controlBody(exchange).path("seconds").asLong(-1);
                emulator.clock().advance(Duration.ofSeconds(seconds));
                reply(exchange, 200, Map.of("now", emulator.clock().instant().toString()));
            } else if ("POST".equals(method) && path.equals("/_emulator/faults")) {
                JsonNode body = controlBody(exchange);
                emulator.failNext(required(body, "call"), body.path("times").asInt(1),
                        new GraphError(body.path("httpStatus").asInt(400), body.path("code").asInt(2),
                                body.hasNonNull("subcode") ? body.get("subcode").asInt() : null, "OAuthException",
                                body.path("message").asText("(#" + body.path("code").asInt(2) + ") planned fault")));
                reply(exchange, 200, Map.of("planned", true));
            } else if ("POST".equals(method) && path.equals("/_emulator/outages")) {
                long id = emulator.faults().start(outage(controlBody(exchange)));
                reply(exchange, 200, Map.of("id", id));
            } else if ("GET".equals(method) && path.equals("/_emulator/outages")) {
                reply(exchange, 200, Map.of("outages", outages()));
            } else if ("DELETE".equals(method) && path.equals("/_emulator/outages")) {
                reply(exchange, 200, Map.of("cleared", emulator.faults().clearAll()));
            } else if ("DELETE".equals(method) && (m = OUTAGE.matcher(path)).matches()) {
                boolean cleared = emulator.faults().clear(Long.parseLong(m.group(1)));
                reply(exchange, cleared ? 200 : 404, Map.of("cleared", cleared ? 1 : 0));
            } else if ("GET".equals(method) && path.equals("/_emulator/journal")) {
                long since = Long.parseLong(query(exchange).getOrDefault("since", "0"));
                reply(exchange, 200, Map.of("entries", emulator.journal().since(since),
                        "lastSeq", emulator.journal().lastSeq()));
            } else if ("PUT".equals(method) && (m = SETUP.matcher(path)).matches()) {
                platform.setSetup(decode(m.group(1)), JSON.readValue(readBody(exchange), PageSetup.class));
                reply(exchange, 200, state());
            } else if ("PUT".equals(method) && (m = TOKENS.matcher(path)).matches()) {
                JsonNode body = JSON.readTree(readBody(exchange));
                platform.grantToken(decode(m.group(1)), decode(m.group(2)), body.path("token").asText(null));
                reply(exchange, 200, Map.of("granted", true));
            } else if ("DELETE".equals(method) && (m = TOKENS.matcher(path)).matches()) {
                reply(exchange, 200, Map.of("revoked", platform.revokeToken(decode(m.group(1)), decode(m.group(2)))));
            } else if ("GET".equals(method) && (m = OWNERS.matcher(path)).matches()) {
                reply(exchange, 200, platform.owners(decode(m.group(1))));
            } else if ((m = USER.matcher(path)).matches()) {
                user(exchange, method, decode(m.group(1)), decode(m.group(2)), m.group(3));
            } else if ("POST".equals(method) && (m = INBOX.matcher(path)).matches()) {
                agent(exchange, decode(m.group(1)), decode(m.group(2)), m.group(3));
            } else {
                reply(exchange, 404, Map.of("error", "No control endpoint " + method + " " + path
                        + "; see messenger-emulator/README.md"));
            }
        } catch (IllegalArgumentException | JsonProcessingException e) {
            reply(exchange, 400, Map.of("error", String.valueOf(e.getMessage())));
        } catch (IllegalStateException e) {
            reply(exchange, 409, Map.of("error", String.valueOf(e.getMessage())));
        } catch (GraphException e) {
            // an agent action the platform refuses as it would refuse the Page Inbox's Graph API call (asking for a
            // thread it already holds): a conflict with the state, not a failure of the emulator
            reply(exchange, 409, Map.of("error", e.error().message()));
        }
    }

    private void user(HttpExchange exchange, String method, String page, String psid, String action)
            throws IOException {
        MessengerEmulator.User user = emulator.user(page, psid);
        if ("GET".equals(method) && action.equals("transcript")) {
            List<TranscriptLine> lines = emulator.transcript(page, psid);
            if ("text".equals(query(exchange).get("format"))) {
                replyText(exchange, Transcripts.render(lines));
            } else {
                reply(exchange, 200, Map.of("lines", lines));
            }
            return;
        }
        if ("GET".equals(method) && action.equals("offered")) {
            reply(exchange, 200, Map.of("quickReplies", user.offered()));
            return;
        }
        if ("GET".equals(method) && action.equals("links")) {
            reply(exchange, 200, Map.of("links", user.links()));
            return;
        }
        if ("POST".equals(method) && action.equals("click")) {
            JsonNode body = controlBody(exchange);
            LinkClick click = body.hasNonNull("url") ? user.opens(required(body, "url"))
                    : user.clicks(body.path("index").asInt(-1));
            reply(exchange, 200, click);
            return;
        }
        if (!"POST".equals(method)) {
            reply(exchange, 405, Map.of("error", "Use POST for user actions"));
            return;
        }
        JsonNode body = controlBody(exchange);
        String mid = switch (action) {
            case "text" -> user.says(required(body, "text"));
            case "tap" -> user.taps(required(body, "title"));
            case "postback" -> user.postback(required(body, "title"), required(body, "payload"));
            case "sticker" -> user.sticker();
            case "attachment" -> user.attachment(body.path("type").asText("image"));
            default -> throw new IllegalArgumentException("Unknown user action " + action
                    + " (text, tap, postback, sticker, attachment, click)");
        };
        reply(exchange, 200, Map.of("mid", mid));
    }

    private void agent(HttpExchange exchange, String page, String psid, String action) throws IOException {
        MessengerEmulator.Agent agent = emulator.agent(page);
        JsonNode body = controlBody(exchange);
        Map<String, Object> answer = new HashMap<>();
        switch (action) {
            case "reply" -> answer.put("mid", agent.replies(psid, required(body, "text")));
            case "done" -> agent.marksDone(psid);
            case "move-to-inbox" -> agent.movesToInbox(psid);
            default -> throw new IllegalArgumentException("Unknown agent action " + action
                    + " (reply, done, move-to-inbox)");
        }
        answer.put("owner", platform.owner(page, psid));
        reply(exchange, 200, answer);
    }

    /** An outage from its JSON (the README's control API table). */
    private static Faults.Outage outage(JsonNode body) {
        String scope = body.path("scope").asText(Faults.ALL);
        String kind = body.path("kind").asText("error");
        Faults.Outage outage = switch (kind) {
            case "error" -> {
                int code = body.path("code").asInt(2);
                yield Faults.Outage.error(scope, new GraphError(body.path("httpStatus").asInt(503), code,
                        body.hasNonNull("subcode") ? body.get("subcode").asInt() : null, "OAuthException",
                        body.path("message").asText(code == 2 ? GraphError.temporary().message()
                                : "(#" + code + ") planned outage")));
            }
            case "bare" -> Faults.Outage.bare(scope, body.path("httpStatus").asInt(503));
            case "slow" -> Faults.Outage.slow(scope, Duration.ofMillis(body.path("delayMillis").asLong(0)));
            default -> throw new IllegalArgumentException("kind must be error, bare or slow, not '" + kind + "'");
        };
        if (body.has("probability")) {
            outage = outage.withProbability(body.get("probability").asDouble());
        }
        if (body.hasNonNull("durationMillis")) {
            outage = outage.lasting(Duration.ofMillis(body.get("durationMillis").asLong()));
        }
        return outage;
    }

    private List<Map<String, Object>> outages() {
        return emulator.faults().active().entrySet().stream().map(e -> {
            Faults.Outage o = e.getValue();
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("id", e.getKey());
            json.put("scope", o.scope());
            json.put("kind", o.kind().name().toLowerCase(Locale.ROOT));
            json.put("describe", o.describe());
            return json;
        }).toList();
    }

    private void settings(JsonNode body) {
        ApiLatency latency = emulator.latency();
        if (body.has("sendLatencyMillis") || body.has("sendJitterMillis")) {
            latency.send(new ApiLatency.Delay(
                    millis(body, "sendLatencyMillis", latency.send().fixed()),
                    millis(body, "sendJitterMillis", latency.send().jitter())));
        }
        if (body.has("graphLatencyMillis") || body.has("graphJitterMillis")) {
            latency.graph(new ApiLatency.Delay(
                    millis(body, "graphLatencyMillis", latency.graph().fixed()),
                    millis(body, "graphJitterMillis", latency.graph().jitter())));
        }
        if (body.has("sendRateLimitPerSecond")) {
            emulator.rateLimits().sendPerPagePerSecond(body.get("sendRateLimitPerSecond").asInt());
        }
        if (body.has("appRateLimitPerSecond")) {
            emulator.rateLimits().callsPerAppPerSecond(body.get("appRateLimitPerSecond").asInt());
        }
        DeliverySettings delivery = emulator.delivery();
        if (body.has("maxBatch")) {
            delivery.maxBatch(body.get("maxBatch").asInt());
        }
        if (body.has("lingerMillis")) {
            delivery.linger(Duration.ofMillis(body.get("lingerMillis").asLong()));
        }
        if (body.has("duplicateProbability")) {
            delivery.duplicateProbability(body.get("duplicateProbability").asDouble());
        }
        if (body.has("strictOwnership")) {
            platform.strictOwnership(body.get("strictOwnership").asBoolean());
        }
    }

    private static Duration millis(JsonNode body, String field, Duration fallback) {
        JsonNode value = body.get(field);
        if (value == null) {
            return fallback;
        }
        if (!value.canConvertToLong()) {
            throw new IllegalArgumentException(field + " must be a number of milliseconds");
        }
        return Duration.ofMillis(value.asLong());
    }

    private static JsonNode setupJson(PageSetup setup) {
        try {
            return JSON.readTree(JSON.writerFor(PageSetup.class).writeValueAsString(setup));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Map<String, Object> state() {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("now", emulator.clock().instant().toString());
        state.put("apps", platform.apps().stream().map(a -> {
            Map<String, Object> app = new LinkedHashMap<>();
            app.put("id", a.id());
            app.put("name", a.name());
            app.put("webhook", a.webhook() == null ? "internal" : a.webhook().toString());
            return app;
        }).toList());
        state.put("pages", platform.pageIds().stream().map(id -> {
            Map<String, Object> page = new LinkedHashMap<>();
            page.put("id", id);
            // written as a PageSetup, so that its "kind" is there (as in a world file)
            page.put("setup", setupJson(platform.setup(id)));
            page.put("owners", platform.owners(id));
            return page;
        }).toList());
        DeliverySettings delivery = emulator.delivery();
        state.put("settings", Map.of("maxBatch", delivery.maxBatch(), "lingerMillis", delivery.linger().toMillis(),
                "duplicateProbability", delivery.duplicateProbability(), "strictOwnership",
                platform.strictOwnership()));
        ApiLatency latency = emulator.latency();
        Map<String, Object> apiSettings = new LinkedHashMap<>();
        apiSettings.put("sendLatencyMillis", latency.send().fixed().toMillis());
        apiSettings.put("sendJitterMillis", latency.send().jitter().toMillis());
        apiSettings.put("graphLatencyMillis", latency.graph().fixed().toMillis());
        apiSettings.put("graphJitterMillis", latency.graph().jitter().toMillis());
        apiSettings.put("sendRateLimitPerSecond", emulator.rateLimits().sendPerPagePerSecond());
        apiSettings.put("appRateLimitPerSecond", emulator.rateLimits().callsPerAppPerSecond());
        state.put("api", apiSettings);
        state.put("outages", outages());
        state.put("pendingDeliveries", emulator.pendingDeliveries());
        state.put("journalSeq", emulator.journal().lastSeq());
        return state;
    }

    // ------------------------------------------------------------------------------------------- plumbing

    private static JsonNode controlBody(HttpExchange exchange) throws IOException {
        byte[] bytes = readBody(exchange);
        if (bytes.length == 0) {
            return JSON.createObjectNode();
        }
        JsonNode body = JSON.readTree(bytes);
        if (body == null || !body.isObject()) {
            throw new IllegalArgumentException("The request body must be a JSON object");
        }
        return body;
    }

    private static String required(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull() || value.asText().isEmpty()) {
            throw new IllegalArgumentException("Field '" + field + "' is required");
        }
        return value.asText();
    }

    private static byte[] readBody(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            return in.readNBytes(4 * 1024 * 1024);
        }
    }

    private static Map<String, String> query(HttpExchange exchange) {
        Map<String, String> params = new HashMap<>();
        String raw = exchange.getRequestURI().getRawQuery();
        if (raw == null || raw.isEmpty()) {
            return params;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            params.putIfAbsent(name, value);
        }
        return params;
    }

    private static String decode(String value) {
        return URLDecoder.decode(value, StandardCharsets.UTF_8);
    }

    private static void reply(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void replyText(HttpExchange exchange, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
