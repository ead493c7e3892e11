package org.handover.bot;

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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.handover.contracts.ContractJson;
import org.handover.testsupport.KafkaAndPostgresResource;
import org.handover.testsupport.MetaApiResource;
import org.handover.testsupport.fuzz.Json;
import org.handover.testsupport.fuzz.JsonMutator;
import org.handover.testsupport.fuzz.LogCapture;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes {@code /admin/catalogs/{pageId}} with the shipped catalog mutated by {@link JsonMutator} (wrong types, nulls,
 * huge strings and arrays, deep nesting, odd Unicode, unknown and duplicate keys, broken JSON), odd page ids in the
 * path, other methods and content types. Every answer is below 500, and every refusal a JSON body whose
 * {@code errors} says why. Neither the admin token nor any text of the catalogs reaches a log line. The seed is
 * printed; {@code -Dfuzz.seed=N} repeats a run.
 */
@QuarkusTest
@WithTestResource(value = KafkaAndPostgresResource.class, initArgs = @ResourceArg(name = "postgres", value = "true"))
@WithTestResource(MetaApiResource.class)
class CatalogAdminFuzzTest {

    private static final int REQUESTS = 1_500;
    private static final String TOKEN = "test-admin-token";
    /** In every text of the fuzzed catalogs: it must never be in a log line. */
    private static final String MARKER = "Fuzzmarker";

    @ConfigProperty(name = "quarkus.http.test-port")
    int port;

    @Test
    void noMutatedCatalogRequestGetsA5xxAndEveryRefusalSaysWhy() throws Exception {
        long seed = JsonMutator.seed("fuzz.seed", 20_261_201L);
        Random random = new Random(seed);
        JsonMutator mutator = new JsonMutator(random);
        String demo = Files.readString(Path.of("src/main/resources/catalogs/demo-110000000000001.json"))
                .replace("\"text\": \"", "\"text\": \"" + MARKER + " ");
        String page = "6" + Math.floorMod(seed, 100_000_000_000_000L);
        Object base = Json.parse(demo.replace("110000000000001", page));
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        List<String> problems = new ArrayList<>();
        Map<String, Integer> statuses = new TreeMap<>();

        try (LogCapture logs = LogCapture.start()) {
            for (int i = 0; i < REQUESTS; i++) {
                String pathPage = random.nextInt(8) == 0 ? oddPageId(random) : page;
                HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/admin/catalogs/" + encode(pathPage)))
                        .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + TOKEN);
                String what;
                int kind = random.nextInt(20);
                if (kind == 0) {
                    what = "GET";
                    request.GET();
                } else if (kind == 1) {
                    what = "DELETE";
                    request.DELETE();
                } else if (kind == 2) {
                    what = "PUT text/plain";
                    request.header("Content-Type", "text/plain").PUT(HttpRequest.BodyPublishers.ofString(demo));
                } else if (kind == 3) {
                    what = "POST";
                    request.header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(demo));
                } else {
                    what = "PUT mutated";
                    request.header("Content-Type", "application/json")
                            .PUT(HttpRequest.BodyPublishers.ofByteArray(mutator.mutate(base)));
                }
                HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
                statuses.merge(what + " " + response.statusCode(), 1, Integer::sum);
                String problem = problem(response);
                if (problem != null) {
                    problems.add(i + " (" + what + "): " + problem);
                }
            }
            System.out.printf("Catalog admin fuzz, seed %d: %s%n", seed, statuses);
            assertThat(problems).as("answers outside the contract (seed %d)", seed).isEmpty();
            assertThat(logs.lines()).as("log lines with the token or a catalog's text")
                    .noneMatch(line -> line.contains(TOKEN) || line.contains(MARKER));
        }
    }

    /** Why an answer breaks the contract, or {@code null}: below 500, and a refusal's body names the problem. */
    private static String problem(HttpResponse<String> response) {
        int status = response.statusCode();
        if (status >= 500) {
            return "status " + status;
        }
        if (status < 400) {
            return null;
        }
        try {
            JsonNode errors = ContractJson.mapper().readTree(response.body()).path("errors");
            return errors.isArray() && !errors.isEmpty() && !errors.get(0).asText().isBlank() ? null
                    : "status " + status + " without errors: " + abbreviated(response.body());
        } catch (Exception e) {
            return "status " + status + " with a body that is not JSON: " + abbreviated(response.body());
        }
    }

    private static String abbreviated(String body) {
        return body == null ? "(none)" : body.length() > 200 ? body.substring(0, 200) + "..." : body;
    }

    private static String oddPageId(Random random) {
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
            if (b >= '0' && b <= '9' || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z') {
                out.append((char) b);
            } else {
                out.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return out.toString();
    }
}
