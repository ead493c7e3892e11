package org.handover.ingress.bench;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.handover.ingress.domain.SignatureVerifier;
import org.handover.ingress.rest.WebhookResource;
import org.handover.testsupport.KafkaAndPostgresResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Load generator for the webhook (the "Speed" section): figures, not assertions. Skipped in the normal
 * build; run it with
 *
 * <pre>
 * ./mvnw -pl ingress-service -am verify -Dbenchmark=true -Dtest=WebhookBenchmark -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 *
 * It starts the real service against the real embedded broker (acks=all, idempotent) and posts correctly signed
 * bodies: first at the highest rate {@code benchmark.connections} connections can drive, against the bare
 * {@link CeilingResource} (same Quarkus HTTP stack, answers 200 and nothing else) and against the webhook, with
 * single-event bodies and with {@value #BATCH}-event bodies; then at half of the webhook's maximum rate, open loop
 * (latency counted from when each request was due, so a stall is not hidden). Results are printed and written to
 * {@code ingress-service/target/benchmark.txt}, each run with its CPU per request by group of threads
 * ({@link ThreadCpu}). The load generator runs in the same JVM and on the same cores as the service and the broker,
 * so the figures are a lower bound of what the service does on its own.
 */
@QuarkusTest
@WithTestResource(KafkaAndPostgresResource.class)
@EnabledIfSystemProperty(named = "benchmark", matches = "true")
class WebhookBenchmark {

    /**
     * Concurrent connections of the closed-loop runs and the open-loop workers ({@code benchmark.connections}). Enough
     * to keep both cores busy: each webhook request waits for the broker's acknowledgement (5 ms of linger, then
     * {@code acks=all}), about 9 ms, so 32 connections drove at most 32 / 9 ms, about 3,400 requests/s, with the CPU
     * half idle, and the ratio measured that wait, not the work (2026-12-03: 3,327 against 16,235 req/s, 20 %).
     */
    private static final int CONNECTIONS = Integer.getInteger("benchmark.connections", 256);
    private static final int BATCH = 50;
    /** Least warm-up of every path measured, before the first measurement (see {@link #warmUp}). */
    private static final Duration WARM_UP = Duration.ofSeconds(Long.getLong("benchmark.warmup", 20));
    /** Most warm-up: measured even if the JIT is still busy then (said so in the report). */
    private static final Duration WARM_UP_MAX = Duration.ofSeconds(Long.getLong("benchmark.warmup.max", 300));
    /** The JIT's share of the process's CPU below which the warm-up has done its work. */
    private static final int QUIET_JIT_PERCENT = 1;
    private static final Duration MEASURE = Duration.ofSeconds(Long.getLong("benchmark.seconds", 10));
    private static final String SECRET = "test-secret-current";

    @ConfigProperty(name = "quarkus.http.test-port")
    int port;

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .executor(Executors.newFixedThreadPool(4, runnable -> new Thread(runnable, "bench-client"))).build();
    private final List<String> report = new ArrayList<>();

    @Test
    void measure() throws Exception {
        List<Body> single = bodies(2000, 1);
        List<Body> batches = bodies(200, BATCH);
        String warmUp = warmUp(single, batches);
        line("Webhook benchmark: %d connections, %s, %d s per run, %d cores (shared with the broker and "
                + "this load generator)", CONNECTIONS, warmUp, MEASURE.toSeconds(),
                Runtime.getRuntime().availableProcessors());
        line("%-42s %10s %10s %9s %9s %9s %7s", "run", "req/s", "events/s", "p50 ms", "p99 ms", "max ms", "non-200");

        Result ceiling = closedLoop("ceiling (bare 200), 1 event/body", CeilingResource.PATH, single);
        Result webhook = closedLoop("webhook, 1 event/body", WebhookResource.PATH, single);
        closedLoop("webhook, " + BATCH + " events/body", WebhookResource.PATH, batches);
        double half = webhook.requestsPerSecond / 2;
        openLoop(String.format(Locale.ROOT, "webhook at half max (%.0f req/s), 1 event", half), WebhookResource.PATH,
                single, half);
        line("webhook / ceiling requests/s, 1 event/body: %.0f%%",
                100 * webhook.requestsPerSecond / ceiling.requestsPerSecond);
        // The load generator and the broker run on the same cores but are not the service: without them, the
        // service's own CPU per request gives the ratio it would reach with the cores to itself.
        double webhookOwn = ownMicros(webhook);
        double ceilingOwn = ownMicros(ceiling);
        line("service's own CPU per request (all but load generator and broker): webhook %.0f us, ceiling %.0f us: "
                + "%.0f%%", webhookOwn, ceilingOwn, webhookOwn == 0 ? 0 : 100 * ceilingOwn / webhookOwn);

        Path out = Path.of("target", "benchmark.txt");
        Files.write(out, report, UTF_8);
        System.out.println("Benchmark figures written to " + out.toAbsolutePath());
    }

    /** {@code count} distinct bodies of {@code events} message events each, signed as Meta signs them. */
    private static List<Body> bodies(int count, int events) {
        List<Body> bodies = new ArrayList<>();
        for (int b = 0; b < count; b++) {
            String page = "1100000000" + (10000 + b % 7);
            StringBuilder json = new StringBuilder("{\"object\":\"page\",\"entry\":[{\"id\":\"").append(page)
                    .append("\",\"time\":1764064800500,\"messaging\":[");
            for (int e = 0; e < events; e++) {
                if (e > 0) {
                    json.append(',');
                }
                json.append("{\"sender\":{\"id\":\"").append(7_000_000 + (b * events + e) % 5000)
                        .append("\"},\"recipient\":{\"id\":\"").append(page)
                        .append("\"},\"timestamp\":1764064800123,\"message\":{\"mid\":\"m_").append(b).append('_')
                        .append(e).append("\",\"text\":\"Bonjour, je voudrais savoir o\\u00f9 en est ma commande\"}}");
            }
            byte[] bytes = json.append("]}]}").toString().getBytes(UTF_8);
            bodies.add(new Body(bytes, SignatureVerifier.sign(SECRET, bytes), events));
        }
        return bodies;
    }

    private HttpRequest request(String path, Body body) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Content-Type", "application/json")
                .header(SignatureVerifier.HEADER, body.signature())
                .timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.bytes())).build();
    }

    /**
     * Runs every path measured, in turns of 2 s, until the JIT is quiet: at least {@link #WARM_UP}, then until a round
     * of the three paths spent less than {@value #QUIET_JIT_PERCENT} % of the process's CPU in the JIT's compiler
     * threads, at most {@link #WARM_UP_MAX}. Measured on 2026-12-03: after 20 s the JIT took 300 µs of CPU per webhook
     * request, after 60 s 52 µs, after 150 s 1 µs; the webhook's rate went from 6,869-7,953 to 10,556 requests/s, the
     * bare endpoint's hardly moved. A fixed warm-up measured compilation as much as requests. Turns, not one warm-up
     * per path, so that code shared by the paths is compiled for all of them before the first measurement.
     */
    private String warmUp(List<Body> single, List<Body> batches) throws Exception {
        Duration turn = Duration.ofSeconds(2);
        long start = System.nanoTime();
        double share = 100;
        while (true) {
            Map<String, Long> before = ThreadCpu.snapshot();
            run(CeilingResource.PATH, single, turn, null);
            run(WebhookResource.PATH, single, turn, null);
            run(WebhookResource.PATH, batches, turn, null);
            Map<String, Long> after = ThreadCpu.snapshot();
            share = ThreadCpu.percent(before, after, ThreadCpu.JIT);
            Duration spent = Duration.ofNanos(System.nanoTime() - start);
            boolean quiet = share < QUIET_JIT_PERCENT && spent.compareTo(WARM_UP) >= 0;
            if (quiet || spent.compareTo(WARM_UP_MAX) >= 0) {
                return String.format(Locale.ROOT, "warm-up %d s (the JIT %.1f %% of the CPU in its last round%s)",
                        spent.toSeconds(), share, quiet ? "" : ", still compiling at the limit");
            }
        }
    }

    /** As fast as {@code benchmark.connections} connections go, each sending its next request when the last answered. */
    private Result closedLoop(String name, String path, List<Body> bodies) throws Exception {
        return print(name, run(path, bodies, MEASURE, null));
    }

    /** At a fixed rate, whatever the answers do; latency from each request's due time. */
    private Result openLoop(String name, String path, List<Body> bodies, double rate) throws Exception {
        return print(name, run(path, bodies, MEASURE, rate));
    }

    private Result run(String path, List<Body> bodies, Duration duration, Double rate) throws Exception {
        Map<String, Long> cpuBefore = ThreadCpu.snapshot();
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        AtomicLong events = new AtomicLong();
        AtomicInteger failures = new AtomicInteger();
        AtomicInteger next = new AtomicInteger();
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        if (rate == null) {
            List<Thread> workers = new ArrayList<>();
            for (int c = 0; c < CONNECTIONS; c++) {
                Thread worker = new Thread(() -> {
                    while (System.nanoTime() < end) {
                        Body body = bodies.get(Math.floorMod(next.getAndIncrement(), bodies.size()));
                        long sent = System.nanoTime();
                        try {
                            HttpResponse<Void> response = client.send(request(path, body),
                                    HttpResponse.BodyHandlers.discarding());
                            count(response.statusCode(), body, sent, latencies, events, failures);
                        } catch (IOException e) {
                            failures.incrementAndGet();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return;
                        }
                    }
                }, "bench-" + c);
                worker.start();
                workers.add(worker);
            }
            for (Thread worker : workers) {
                worker.join();
            }
        } else {
            // Open loop: request n is due at start + n * period, whatever the answers do. The same blocking workers
            // as above take the next due request, wait for its time and send it; a request sent late because every
            // worker was busy is timed from its due time, so a slow server is not hidden (coordinated omission).
            long periodNanos = (long) (1_000_000_000L / rate);
            AtomicLong tick = new AtomicLong();
            List<Thread> workers = new ArrayList<>();
            for (int c = 0; c < CONNECTIONS; c++) {
                Thread worker = new Thread(() -> {
                    while (true) {
                        long due = start + tick.getAndIncrement() * periodNanos;
                        if (due >= end) {
                            return;
                        }
                        long wait = due - System.nanoTime();
                        if (wait > 0) {
                            LockSupport.parkNanos(wait);
                        }
                        Body body = bodies.get(Math.floorMod(next.getAndIncrement(), bodies.size()));
                        try {
                            HttpResponse<Void> response = client.send(request(path, body),
                                    HttpResponse.BodyHandlers.discarding());
                            count(response.statusCode(), body, due, latencies, events, failures);
                        } catch (IOException e) {
                            failures.incrementAndGet();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return;
                        }
                    }
                }, "bench-open-" + c);
                worker.start();
                workers.add(worker);
            }
            for (Thread worker : workers) {
                worker.join();
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        Map<String, Double> cpu = ThreadCpu.perRequest(cpuBefore, ThreadCpu.snapshot(), sorted.length);
        return new Result(sorted.length / seconds, events.get() / seconds, percentile(sorted, 0.50),
                percentile(sorted, 0.99), sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1e6, failures.get(),
                cpu);
    }

    private static void count(int status, Body body, long from, ConcurrentLinkedQueue<Long> latencies,
            AtomicLong events, AtomicInteger failures) {
        if (status == 200) {
            latencies.add(System.nanoTime() - from);
            events.addAndGet(body.events());
        } else {
            failures.incrementAndGet();
        }
    }

    private static double percentile(long[] sorted, double p) {
        return sorted.length == 0 ? 0 : sorted[(int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] / 1e6;
    }

    private Result print(String name, Result r) {
        line("%-42s %10.0f %10.0f %9.1f %9.1f %9.1f %7d", name, r.requestsPerSecond, r.eventsPerSecond, r.p50,
                r.p99, r.max, r.failures);
        StringBuilder cpu = new StringBuilder("    CPU us per request:");
        r.cpuMicros().forEach((group, micros) -> cpu.append(String.format(Locale.ROOT, " %s %.0f,", group, micros)));
        cpu.append(String.format(Locale.ROOT, " all %.0f",
                r.cpuMicros().values().stream().mapToDouble(Double::doubleValue).sum()));
        line("%s", cpu);
        return r;
    }

    private void line(String format, Object... args) {
        String text = String.format(Locale.ROOT, format, args);
        report.add(text);
        System.out.println(text);
    }

    private record Body(byte[] bytes, String signature, int events) {
    }

    private static double ownMicros(Result r) {
        return r.cpuMicros().entrySet().stream()
                .filter(e -> !e.getKey().equals(ThreadCpu.LOAD_GENERATOR) && !e.getKey().equals(ThreadCpu.BROKER))
                .mapToDouble(Map.Entry::getValue).sum();
    }

    private record Result(double requestsPerSecond, double eventsPerSecond, double p50, double p99, double max,
            int failures, Map<String, Double> cpuMicros) {
    }
}
