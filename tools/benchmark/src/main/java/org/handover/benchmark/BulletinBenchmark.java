package org.handover.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.awaitility.core.ConditionTimeoutException;
import org.handover.emulator.ApiLatency;
import org.handover.emulator.JournalEntry;
import org.handover.emulator.MessengerEmulator;
import org.handover.harness.Waits;

/**
 * The bulletin line of the benchmark ({@code tools/benchmark/run --bulletin N}): {@code N} users write to the page
 * (open loop at {@code --bulletin-seed-rate}, Meta without latency, each answered by the bot), then, at Meta's latency
 * and with the emulator enforcing Meta's per-page Send API limit (300 calls a second, {@code 613} beyond it), the page
 * admin sends one bulletin to all of them. Prints the time from the admin's request to the last copy Meta accepted,
 * the copies a second (overall, and the most in any second of the emulator's journal), how many Meta refused
 * {@code 613}, whether anyone got it twice, and the bulletin's progress as handover-service reports it.
 */
final class BulletinBenchmark {

    /** Meta's Send API limit per page, which the emulator enforces during the fan-out. */
    static final int META_SEND_LIMIT = 300;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicLong NEXT_USER = new AtomicLong();

    private final BenchStack stack;
    private final Consumer<String> line;

    BulletinBenchmark(BenchStack stack, Consumer<String> line) {
        this.stack = stack;
        this.line = line;
    }

    /** The figures of one fan-out. */
    record Result(int recipients, int latencyMs, long seedMillis, long allSentMillis, int sent, int refused613,
            int duplicates, int maxInOneSecond, double averagePerSecond, String progress) {
    }

    Result run(int recipients, int seedRate, int latencyMs) {
        MessengerEmulator meta = stack.emulator();
        ApiLatency.Delay none = ApiLatency.Delay.ofMillis(0, 0);
        meta.latency().send(none).graph(none);
        meta.rateLimits().sendPerPagePerSecond(0);

        // the audience: users who wrote within the window, each answered (their conversation exists everywhere)
        line.accept(String.format(Locale.ROOT, "Bulletin: %d users write to the page (%d a second)...", recipients,
                seedRate));
        long seedStart = System.nanoTime();
        Map<String, Integer> users = new HashMap<>();
        long seq = meta.journal().lastSeq();
        long period = 1_000_000_000L / seedRate;
        for (int i = 0; i < recipients; i++) {
            long wait = seedStart + i * period - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            String psid = Long.toString(7_000_000_000_000L + NEXT_USER.incrementAndGet());
            users.put(psid, i);
            meta.user(BenchStack.PAGE, psid).says(Benchmark.GUIDED.get(i % Benchmark.GUIDED.size()));
        }
        // the audience is what handover-service knows: every user's conversation, inside the window (a user the bot
        // could not answer, say in a rebalance, still gets the bulletin); then the bot's answers settle
        Duration seedWait = Duration.ofSeconds(Math.max(120, recipients / 20));
        try {
            Waits.atMost(seedWait, Duration.ofSeconds(1)).until(() -> insideWindow() >= recipients);
        } catch (ConditionTimeoutException e) {
            throw new IllegalStateException("handover-service knew " + insideWindow() + " of the " + recipients
                    + " users after " + seedWait.toSeconds() + " s; see the logs in " + stack.logs());
        }
        try {
            Waits.atMost(Duration.ofSeconds(120), Duration.ofSeconds(1)).until(() -> answered(seq, users.keySet())
                    == recipients);
        } catch (ConditionTimeoutException e) {
            // some answers were lost (outcome_unknown in a rebalance under load): the conversations exist anyway
        }
        long seedMillis = Duration.ofNanos(System.nanoTime() - seedStart).toMillis();
        line.accept(String.format(Locale.ROOT, "  %d conversations inside the window after %d s (the bot answered "
                + "%d)", recipients, seedMillis / 1000, answered(seq, users.keySet())));

        ApiLatency.Delay delay = ApiLatency.Delay.ofMillis(latencyMs, 0);
        meta.latency().send(delay).graph(delay);
        meta.rateLimits().sendPerPagePerSecond(META_SEND_LIMIT);
        String text = "Spring service week " + Instant.now().toEpochMilli() + ": 20% off every repair until Sunday.";
        long before = meta.journal().lastSeq();
        Instant requested = Instant.now();
        String id = create(text);
        line.accept(String.format(Locale.ROOT, "  bulletin %s sent to the page's users (Meta latency %d ms, "
                + "Meta's limit %d calls/s per page)...", id, latencyMs, META_SEND_LIMIT));
        Duration fanOutWait = Duration.ofSeconds(Math.max(120, recipients / 20));
        try {
            Waits.atMost(fanOutWait, Duration.ofSeconds(1)).until(() -> "DONE".equals(bulletin(id)
                    .path("state").asText()));
        } catch (ConditionTimeoutException e) {
            line.accept("  (the bulletin was not done after " + fanOutWait.toSeconds() + " s)");
        }
        List<Instant> sentAt = new ArrayList<>();
        Set<String> got = new HashSet<>();
        int duplicates = 0;
        int refused = 0;
        for (JournalEntry e : meta.journal().since(before)) {
            if (e.type() != JournalEntry.Type.SEND_API || !BenchStack.OUR_APP.equals(e.appId())
                    || !text.equals(e.detail("text"))) {
                continue;
            }
            if (e.ok()) {
                sentAt.add(e.at());
                if (!got.add(e.psid())) {
                    duplicates++;
                }
            } else if ("613".equals(e.outcome())) {
                refused++;
            }
        }
        JsonNode progress = bulletin(id).path("progress");
        long allSent = sentAt.isEmpty() ? -1 : Duration.between(requested, sentAt.get(sentAt.size() - 1)).toMillis();
        double average = sentAt.size() < 2 ? 0 : (sentAt.size() - 1) * 1000.0
                / Math.max(1, Duration.between(sentAt.get(0), sentAt.get(sentAt.size() - 1)).toMillis());
        return new Result(recipients, latencyMs, seedMillis, allSent, sentAt.size(), refused, duplicates,
                maxInOneSecond(sentAt), average, progress.toString());
    }

    /** The most instants in any one second, [t, t + 1 s), of {@code sorted} (in order). */
    static int maxInOneSecond(List<Instant> sorted) {
        int max = 0;
        int from = 0;
        for (int to = 0; to < sorted.size(); to++) {
            while (!sorted.get(from).plusSeconds(1).isAfter(sorted.get(to))) {
                from++;
            }
            max = Math.max(max, to - from + 1);
        }
        return max;
    }

    /** The result as the report prints it, with the machine's load average. */
    static List<String> lines(Result r, int ratePerPage, String loadBefore, String loadAfter) {
        return List.of(
                String.format(Locale.ROOT, "Bulletin fan-out to %d recipients at %d ms Meta latency "
                        + "(bulletin.rate-per-page %d, Meta's limit %d/s per page):", r.recipients(), r.latencyMs(),
                        ratePerPage, META_SEND_LIMIT),
                String.format(Locale.ROOT, "  all sent after %.1f s (admin's request to Meta accepting the last copy)",
                        r.allSentMillis() / 1000.0),
                String.format(Locale.ROOT, "  sent %d, refused 613 (over Meta's limit) %d, sent twice %d",
                        r.sent(), r.refused613(), r.duplicates()),
                String.format(Locale.ROOT, "  copies a second: %.1f on average, at most %d in any one second",
                        r.averagePerSecond(), r.maxInOneSecond()),
                "  progress (handover-service): " + r.progress(),
                "  load average before / after: " + loadBefore + " / " + loadAfter);
    }

    /** The first three fields of {@code /proc/loadavg}, or "unknown". */
    static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private int answered(long seq, Set<String> psids) {
        Set<String> answered = new HashSet<>();
        for (JournalEntry entry : stack.emulator().journal().since(seq)) {
            if (entry.type() == JournalEntry.Type.SEND_API && entry.ok() && BenchStack.OUR_APP.equals(entry.appId())
                    && psids.contains(entry.psid())) {
                answered.add(entry.psid());
            }
        }
        return answered.size();
    }

    /** The page's conversations inside the window, as handover-service's preview counts them. */
    private long insideWindow() {
        return call("POST", "/preview", JSON.createObjectNode().put("text", "preview").toString(), 200)
                .path("audience").path("insideWindow").asLong();
    }

    private String create(String text) {
        JsonNode created = call("POST", "", JSON.createObjectNode().put("text", text).toString(), 201);
        return created.path("id").asText();
    }

    private JsonNode bulletin(String id) {
        return call("GET", "/" + id, null, 200);
    }

    private JsonNode call(String method, String path, String body, int expected) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(stack.handoverUrl() + "/admin/pages/"
                        + BenchStack.PAGE + "/bulletins" + path))
                .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + stack.adminToken())
                .header("Content-Type", "application/json");
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(request.build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != expected) {
                throw new IllegalStateException(method + " bulletins" + path + " answered " + response.statusCode());
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException(method + " bulletins" + path + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
