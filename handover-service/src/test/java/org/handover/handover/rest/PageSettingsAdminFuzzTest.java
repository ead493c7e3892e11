package org.handover.handover.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.handover.contracts.ContractJson;
import org.handover.contracts.Messenger;
import org.handover.testsupport.KafkaAndPostgresResource;
import org.handover.testsupport.MetaApiResource;
import org.handover.testsupport.fuzz.Json;
import org.handover.testsupport.fuzz.JsonMutator;
import org.handover.testsupport.fuzz.LogCapture;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes {@code /admin/pages/{pageId}/...} with page settings mutated by {@link JsonMutator} (wrong types, nulls,
 * huge strings, deep nesting, odd Unicode, unknown and duplicate keys, broken JSON), odd page ids and PSIDs in the
 * path, other methods and content types, and activation and deactivation of the fuzzed pages. Every answer is below
 * 500 and every refusal an {@link ApiError} with a reason and a message. Neither the admin token nor any fuzzed
 * text reaches a log line. The seed is printed; {@code -Dfuzz.seed=N} repeats a run.
 */
@QuarkusTest
@WithTestResource(value = KafkaAndPostgresResource.class, initArgs = @ResourceArg(name = "postgres", value = "true"))
@WithTestResource(MetaApiResource.class)
class PageSettingsAdminFuzzTest {

    private static final int REQUESTS = 1_500;
    private static final String TOKEN = "test-admin-token";
    /** In every text of the fuzzed settings: it must never be in a log line. */
    private static final String MARKER = "Fuzzmarker";

    @ConfigProperty(name = "quarkus.http.test-port")
    int port;

    @Test
    void noMutatedAdminRequestGetsA5xxAndEveryRefusalSaysWhy() throws Exception {
        long seed = JsonMutator.seed("fuzz.seed", 20_261_201L);
        Random random = new Random(seed);
        JsonMutator mutator = new JsonMutator(random);
        Object base = Json.obj("channel", "MESSENGER", "setupKind", "LEGACY_ROLES",
                "targetAppId", Messenger.PAGE_INBOX_APP_ID, "questionText", MARKER + " shall I find you a person?",
                "acceptTitle", "Yes", "rejectTitle", "No", "confirmationText", MARKER + " someone will answer.",
                "stayWithBotText", MARKER + " fine.", "botIsBackText", MARKER + " back.",
                "honourInboxRequests", true, "idleTimeoutMinutes", 30);
        String page = "TEST_FUZZ_" + Math.floorMod(seed, 1_000_000_000L);
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        List<String> problems = new ArrayList<>();
        Map<String, Integer> statuses = new TreeMap<>();

        try (LogCapture logs = LogCapture.start()) {
            for (int i = 0; i < REQUESTS; i++) {
                String pathPage = encode(random.nextInt(8) == 0 ? odd(random) : page + i % 5);
                String base0 = "http://localhost:" + port + "/admin/pages/" + pathPage;
                HttpRequest.Builder request = HttpRequest.newBuilder().timeout(Duration.ofSeconds(30))
                        .header("Authorization", "Bearer " + TOKEN);
                String what;
                int kind = random.nextInt(20);
                if (kind == 0) {
                    what = "GET settings";
                    request.uri(URI.create(base0 + "/settings")).GET();
                } else if (kind == 1) {
                    what = "POST activate";
                    request.uri(URI.create(base0 + "/activate")).POST(HttpRequest.BodyPublishers.noBody());
                } else if (kind == 2) {
                    what = "POST deactivate";
                    request.uri(URI.create(base0 + "/deactivate")).POST(HttpRequest.BodyPublishers.noBody());
                } else if (kind == 3) {
                    what = "GET history";
                    String psid = random.nextBoolean() ? "123" : encode(odd(random));
                    request.uri(URI.create(base0 + "/conversations/" + psid + "/history")).GET();
                } else if (kind == 4) {
                    what = "PUT text/plain";
                    request.uri(URI.create(base0 + "/settings")).header("Content-Type", "text/plain")
                            .PUT(HttpRequest.BodyPublishers.ofString(Json.write(base)));
                } else if (kind == 5) {
                    what = "DELETE settings";
                    request.uri(URI.create(base0 + "/settings")).DELETE();
                } else {
                    what = "PUT mutated";
                    request.uri(URI.create(base0 + "/settings")).header("Content-Type", "application/json")
                            .PUT(HttpRequest.BodyPublishers.ofByteArray(mutator.mutate(base)));
                }
                HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
                statuses.merge(what + " " + response.statusCode(), 1, Integer::sum);
                String problem = problem(response);
                if (problem != null) {
                    problems.add(i + " (" + what + "): " + problem);
                }
            }
            System.out.printf("Page settings admin fuzz, seed %d: %s%n", seed, statuses);
            assertThat(problems).as("answers outside the contract (seed %d)", seed).isEmpty();
            assertThat(logs.lines()).as("log lines with the token or a fuzzed text")
                    .noneMatch(line -> line.contains(TOKEN) || line.contains(MARKER));
        }
    }

    /** Why an answer breaks the contract, or {@code null}: below 500, and a refusal is an ApiError. */
    private static String problem(HttpResponse<String> response) {
        int status = response.statusCode();
        if (status >= 500) {
            return "status " + status + ": " + abbreviated(response.body());
        }
        if (status < 400) {
            return null;
        }
        try {
            JsonNode error = ContractJson.mapper().readTree(response.body());
            return !error.path("reason").asText().isBlank() && !error.path("message").asText().isBlank() ? null
                    : "status " + status + " without reason and message: " + abbreviated(response.body());
        } catch (Exception e) {
            return "status " + status + " with a body that is not JSON: " + abbreviated(response.body());
        }
    }

    private static String abbreviated(String body) {
        return body == null ? "(none)" : body.length() > 200 ? body.substring(0, 200) + "..." : body;
    }

    private static String odd(Random random) {
        return switch (random.nextInt(6)) {
            case 0 -> "1".repeat(65 + random.nextInt(500));
            case 1 -> "12\u000034";
            case 2 -> "page\ud83d\ude00";
            case 3 -> " 123";
            case 4 -> "12:34";
            default -> "\u202e" + random.nextInt();
        };
    }

    /** Percent-encodes every byte that is not a letter or digit, so any id reaches the resource as one segment. */
    private static String encode(String id) {
        StringBuilder out = new StringBuilder();
        for (byte b : id.getBytes(StandardCharsets.UTF_8)) {
            if (b >= '0' && b <= '9' || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b == '_') {
                out.append((char) b);
            } else {
                out.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return out.toString();
    }
}
