package org.handover.ingress.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kafka.InjectKafkaCompanion;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.handover.contracts.ContractJson;
import org.handover.contracts.QuarantineHeaders;
import org.handover.contracts.RawEventHeaders;
import org.handover.contracts.SizeBudget;
import org.handover.contracts.Topics;
import org.handover.ingress.domain.SignatureVerifier;
import org.handover.testsupport.KafkaAndPostgresResource;
import org.handover.testsupport.TopicReader;
import org.handover.testsupport.fuzz.Json;
import org.handover.testsupport.fuzz.JsonMutator;
import org.handover.testsupport.fuzz.MetaShapes;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes the webhook with signed bodies of Meta's shapes ({@link MetaShapes}), mutated ({@link JsonMutator}: missing
 * ids, wrong types, numbers as strings, nulls, huge strings and arrays, deep nesting, odd Unicode, unknown and
 * duplicate keys, truncated JSON, invalid UTF-8), plus bodies over the events cap and a few with a wrong signature.
 * The seed is printed; {@code -Dfuzz.seed=N} repeats a run.
 *
 * <p>The contract checked for every answer: a correctly signed JSON body within the size limit gets {@code 200}
 * (split, or kept whole in quarantine), never a {@code 4xx} (Meta would retry it for 36 h) nor a {@code 5xx}; a body
 * over the limit gets {@code 413}; a wrong signature {@code 403}. Then over both topics: every raw record of an
 * accepted body is a JSON object with its channel and page, and there are exactly as many as the answer said; a
 * quarantined body is on the quarantine topic byte for byte (chunks put back together) with a reason, and none of
 * its events is on the raw topic; a refused body left nothing. The service is still healthy at the end. The broker
 * stays up throughout: {@code 503} (broker down) is {@code KafkaDownTest}'s, not a fuzz outcome.
 */
@QuarkusTest
@WithTestResource(KafkaAndPostgresResource.class)
class WebhookFuzzTest {

    private static final int BODIES = 10_000;
    /** Requests in flight: enough to keep the service and the broker busy, few enough for a 2-core machine. */
    private static final int IN_FLIGHT = 16;
    private static final long DEFAULT_SEED = 20_261_201L;

    @InjectKafkaCompanion
    KafkaCompanion kafka;

    @ConfigProperty(name = "quarkus.http.test-port")
    int port;

    /** What one request was and how it was answered. */
    private record Outcome(int index, String kind, int bytes, String digest, int status, String requestId,
            String answer) {
    }

    @Test
    void noMutatedBodyGetsA5xxAndEverythingKeptIsAnEventOrAQuarantinedBody() throws Exception {
        long seed = JsonMutator.seed("fuzz.seed", DEFAULT_SEED);
        Random random = new Random(seed);
        MetaShapes shapes = new MetaShapes(random);
        JsonMutator mutator = new JsonMutator(random);
        String page = Long.toString(900_000_000_000_000L + Math.floorMod(seed, 99_999_999_999_999L));
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        URI uri = URI.create("http://localhost:" + port + WebhookResource.PATH);
        Semaphore slots = new Semaphore(IN_FLIGHT);
        List<CompletableFuture<Outcome>> answers = new ArrayList<>(BODIES);
        long started = System.nanoTime();

        for (int i = 0; i < BODIES; i++) {
            String kind;
            byte[] body;
            if (i % 100 == 7) {
                kind = "over-cap";
                body = overCap(shapes, page, 1001 + random.nextInt(2000));
            } else if (i % 10 == 0) {
                kind = "valid";
                body = Json.bytes(shapes.body(page, "u" + i % 50 + "-"));
            } else {
                kind = "mutated";
                body = mutator.mutate(shapes.body(page, "u" + i % 50 + "-"));
            }
            boolean wrongSignature = i % 97 == 3;
            String signature = SignatureVerifier.sign(wrongSignature ? "not-the-secret" : SignedPost.SECRET, body);
            HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json").header(SignatureVerifier.HEADER, signature)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
            int index = i;
            String what = wrongSignature ? kind + "/wrong-signature" : kind;
            String digest = sha256(body);
            int bytes = body.length;
            slots.acquire();
            answers.add(client.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                    .thenApply(r -> new Outcome(index, what, bytes, digest, r.statusCode(),
                            r.headers().firstValue(WebhookResource.REQUEST_ID_HEADER).orElse(null), r.body()))
                    .whenComplete((r, e) -> slots.release()));
        }
        List<Outcome> outcomes = new ArrayList<>(BODIES);
        for (CompletableFuture<Outcome> answer : answers) {
            outcomes.add(answer.join());
        }
        long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();
        Map<String, Long> byStatus = outcomes.stream().collect(Collectors.groupingBy(
                o -> o.kind() + " " + o.status(), TreeMap::new, Collectors.counting()));
        System.out.printf("Webhook fuzz, seed %d: %d bodies in %d ms: %s%n", seed, BODIES, millis, byStatus);

        assertThat(outcomes).as("answers outside the contract (seed %d)", seed)
                .filteredOn(o -> o.status() != expectedStatus(o)).isEmpty();

        checkWhatWasPublished(outcomes, seed);
        HttpResponse<String> health = client.send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/q/health")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
        assertThat(ContractJson.mapper().readTree(health.body()).path("status").asText()).isEqualTo("UP");
    }

    /** The contract's status for a body: 403 for a wrong signature, 413 over the size limit, else 200. */
    private static int expectedStatus(Outcome o) {
        if (o.kind().endsWith("/wrong-signature")) {
            return o.bytes() > SizeBudget.WEBHOOK_BODY_BYTES ? 413 : 403;
        }
        return o.bytes() > SizeBudget.WEBHOOK_BODY_BYTES ? 413 : 200;
    }

    private void checkWhatWasPublished(List<Outcome> outcomes, long seed) throws Exception {
        Map<String, Outcome> byRequest = new HashMap<>();
        outcomes.stream().filter(o -> o.requestId() != null).forEach(o -> byRequest.put(o.requestId(), o));
        Map<String, List<ConsumerRecord<byte[], byte[]>>> raw = new ConcurrentHashMap<>();
        TopicContents.read(kafka, Topics.WEBHOOK_RAW, r -> byRequest.containsKey(requestId(r)))
                .forEach(r -> raw.computeIfAbsent(requestId(r), k -> new ArrayList<>()).add(r));
        Map<String, List<ConsumerRecord<byte[], byte[]>>> quarantined = new HashMap<>();
        TopicContents.read(kafka, Topics.WEBHOOK_QUARANTINE, r -> byRequest.containsKey(requestId(r)))
                .forEach(r -> quarantined.computeIfAbsent(requestId(r), k -> new ArrayList<>()).add(r));

        List<String> problems = new ArrayList<>();
        for (Outcome o : outcomes) {
            List<ConsumerRecord<byte[], byte[]>> events = raw.getOrDefault(o.requestId(), List.of());
            List<ConsumerRecord<byte[], byte[]>> kept = quarantined.getOrDefault(o.requestId(), List.of());
            if (o.status() != 200) {
                if (!events.isEmpty() || !kept.isEmpty()) {
                    problems.add(o.index() + ": answered " + o.status() + " but published something");
                }
                continue;
            }
            JsonNode answer = ContractJson.mapper().readTree(o.answer());
            if (answer.path("quarantined").asBoolean(false)) {
                if (!events.isEmpty()) {
                    problems.add(o.index() + ": quarantined, yet " + events.size() + " raw event(s)");
                }
                if (kept.isEmpty() || !o.digest().equals(sha256(whole(kept)))) {
                    problems.add(o.index() + ": quarantined, but not kept byte for byte (" + kept.size() + " records)");
                }
            } else if (events.size() != answer.path("events").asInt(-1)) {
                problems.add(o.index() + ": answered " + answer.path("events") + " events, " + events.size()
                        + " on the raw topic");
            }
            for (ConsumerRecord<byte[], byte[]> event : events) {
                Map<String, String> headers = TopicReader.headers(event);
                JsonNode value = ContractJson.mapper().readTree(event.value());
                if (!value.isObject() || headers.get(RawEventHeaders.CHANNEL) == null
                        || headers.get(RawEventHeaders.PAGE_ID) == null || event.key() == null) {
                    problems.add(o.index() + ": a raw record that is not a keyed event with channel and page");
                }
            }
            for (ConsumerRecord<byte[], byte[]> record : kept) {
                String reason = TopicReader.headers(record).get(QuarantineHeaders.REASON);
                if (reason == null || reason.isBlank()) {
                    problems.add(o.index() + ": a quarantined record without a reason");
                }
            }
        }
        assertThat(problems).as("published records outside the contract (seed %d)", seed).isEmpty();
    }

    private static byte[] overCap(MetaShapes shapes, String page, int events) {
        List<Object> messaging = Json.arr();
        for (int i = 0; i < events; i++) {
            messaging.add(shapes.event(page, "cap-" + i % 9));
        }
        return Json.bytes(Json.obj("object", "page", "entry",
                Json.arr(Json.obj("id", page, "time", 1_764_064_800_000L, "messaging", messaging))));
    }

    /** A quarantined body put back together: one record, or its chunks in index order. */
    private static byte[] whole(List<ConsumerRecord<byte[], byte[]>> kept) throws Exception {
        return kept.size() == 1 && TopicReader.headers(kept.get(0)).get(QuarantineHeaders.CHUNK_COUNT) == null
                ? kept.get(0).value() : TopicContents.reassemble(kept);
    }

    private static String requestId(ConsumerRecord<byte[], byte[]> record) {
        return TopicReader.headers(record).get(RawEventHeaders.REQUEST_ID);
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
