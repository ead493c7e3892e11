package org.handover.benchmark;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.awaitility.core.ConditionTimeoutException;
import org.handover.emulator.ApiLatency;
import org.handover.emulator.JournalEntry;
import org.handover.emulator.MessengerEmulator;
import org.handover.harness.ServiceProcess;
import org.handover.harness.Waits;

/**
 * The system benchmark ({@code tools/benchmark/run}; not part of the test suite). Starts the whole system with the
 * Messenger Platform emulator ({@link BenchStack}), then, for each Meta latency (Send API and Graph calls alike) and
 * each rate, plays that many guided user messages a second, open loop (each message is due at its time whatever the
 * system does, and its latency counts from then), every one from a new user, and prints per rate: how many the bot
 * answered, the percentiles of user message to the bot's Send API call (the emulator's journal), the per-stage
 * latency (Kafka record timestamps), CPU milliseconds per user message and peak RSS per process. Ends with the
 * sustained capacity: the highest rate with every message answered and p99 at most 1 s.
 *
 * <p>The load driver, the broker and the emulator run in this JVM, on the same cores as the services: the figures
 * are those of the whole system on one machine, and noisy when the machine is shared.
 */
public final class Benchmark {

    /** System property: the repository root (set by the run script). */
    static final String ROOT_PROPERTY = "benchmark.root";
    /** Guided texts (the demo catalog's keywords): each one gets a guided answer from the bot. */
    static final List<String> GUIDED = List.of("opening hours", "delivery", "returns", "hi", "track");
    /** How long the warm-up's answers may take: the first messages meet cold JVMs. */
    private static final Duration WARM_UP_DRAIN = Duration.ofSeconds(120);
    private static final Duration QUIET = Duration.ofSeconds(2);
    private static final Duration QUIET_MAX = Duration.ofSeconds(60);
    private static final AtomicLong NEXT_USER = new AtomicLong();

    private final BenchmarkOptions options;
    private final PrintStream out;
    private final List<String> report = new ArrayList<>();
    private BenchStack stack;
    private PipelineTimes times;
    private Resources resources;

    private Benchmark(BenchmarkOptions options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    public static void main(String[] args) {
        Path root = Path.of(System.getProperty(ROOT_PROPERTY, ".")).toAbsolutePath().normalize();
        BenchmarkOptions options;
        try {
            if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
                System.out.print(BenchmarkOptions.USAGE);
                return;
            }
            options = BenchmarkOptions.parse(args, root);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.print(BenchmarkOptions.USAGE);
            System.exit(2);
            return;
        }
        Benchmark benchmark = new Benchmark(options, System.out);
        int exit = 0;
        try {
            benchmark.run(root);
        } catch (RuntimeException e) {
            System.err.println("The benchmark failed: " + e.getMessage());
            exit = 1;
        } finally {
            benchmark.stop();
        }
        System.exit(exit);
    }

    private void run(Path root) {
        long started = System.nanoTime();
        if (options.botSends() > 0) {
            out.printf(Locale.ROOT, "System benchmark, bot-sends line: %d decisions, Meta latency %d ms, %d cores "
                    + "shared by everything%n", options.botSends(), options.botLatencyMs(),
                    Runtime.getRuntime().availableProcessors());
        } else if (options.bulletin() > 0) {
            out.printf(Locale.ROOT, "System benchmark, bulletin line: %d recipients, Meta latency %d ms, %d cores "
                    + "shared by everything%n", options.bulletin(), options.bulletinLatencyMs(),
                    Runtime.getRuntime().availableProcessors());
        } else {
            out.printf(Locale.ROOT, "System benchmark: rates %s user messages/s, Meta latency %s ms (jitter %d ms), "
                            + "%d s per rate, %d cores shared by everything%n", options.rates(), options.latencies(),
                    options.jitter().toMillis(), options.step().toSeconds(),
                    Runtime.getRuntime().availableProcessors());
        }
        out.println("Starting the system...");
        stack = BenchStack.start(root, options.stateDir(), out,
                options.botSends() > 0 ? BotSendsBenchmark.ENVIRONMENT : Map.of());
        Runtime.getRuntime().addShutdownHook(new Thread(this::stop, "benchmark-stop"));
        times = PipelineTimes.start(stack.bootstrapServers());
        resources = new Resources(processes());
        if (options.bulletin() > 0) {
            bulletin(root, started);
            return;
        }
        if (options.botSends() > 0) {
            // Meta without latency: the JIT warms up on the bot's work, not on its waiting
            warmUp(0);
            botSends(root, started);
            return;
        }

        warmUp(options.latencies().get(0));

        Map<Integer, List<StepResult>> byLatency = new LinkedHashMap<>();
        for (int latency : options.latencies()) {
            setLatency(latency);
            awaitQuiet();
            List<StepResult> steps = new ArrayList<>();
            for (int rate : options.rates()) {
                out.printf(Locale.ROOT, "[latency %d ms] %d messages/s for %d s...%n", latency, rate,
                        options.step().toSeconds());
                StepResult result = step(latency, rate, options.step(), options.drain());
                steps.add(result);
                out.printf(Locale.ROOT, "  answered %d/%d, p50 %s ms, p99 %s ms%n", result.answered(), result.sent(),
                        Percentiles.format(result.endToEnd().at(50)), Percentiles.format(result.endToEnd().at(99)));
                if (!result.sustained() && !options.allRates()) {
                    out.printf(Locale.ROOT, "  missed p99 <= %d ms with every message answered: higher rates "
                            + "skipped at this latency (--all-rates runs them)%n", StepResult.TARGET_P99_MS);
                    break;
                }
            }
            byLatency.put(latency, steps);
        }

        line("");
        line("Results (%s; %d cores; the load driver, broker and emulator share the machine with the services)",
                Instant.now(), Runtime.getRuntime().availableProcessors());
        byLatency.forEach((latency, steps) -> {
            line("");
            line("Meta latency %d ms (Send API and Graph calls; jitter %d ms): user message -> bot's Send API call",
                    latency, options.jitter().toMillis());
            Report.latencyTable(steps).forEach(this::line);
            Report.resourceTable(steps, resources.names()).forEach(this::line);
        });
        line("");
        byLatency.forEach((latency, steps) -> line("%s", Report.capacityLine(latency, steps)));
        line("(whole run: %d s; logs in %s)", Duration.ofNanos(System.nanoTime() - started).toSeconds(),
                stack.logs());
        write(root.resolve("tools/benchmark/target/benchmark.txt"));
    }

    /** The bulletin line ({@code --bulletin N}) instead of the message rates. */
    private void bulletin(Path root, long started) {
        String before = BulletinBenchmark.loadAverage();
        BulletinBenchmark.Result result = new BulletinBenchmark(stack, out::println).run(options.bulletin(),
                options.bulletinSeedRate(), options.bulletinLatencyMs());
        String after = BulletinBenchmark.loadAverage();
        String rate = System.getenv().getOrDefault("BULLETIN_RATE_PER_PAGE", "200");
        line("");
        line("Results (%s; %d cores; the load driver, broker and emulator share the machine with the services)",
                Instant.now(), Runtime.getRuntime().availableProcessors());
        BulletinBenchmark.lines(result, Integer.parseInt(rate), before, after).forEach(l -> line("%s", l));
        line("(whole run: %d s; logs in %s)", Duration.ofNanos(System.nanoTime() - started).toSeconds(),
                stack.logs());
        write(root.resolve("tools/benchmark/target/benchmark.txt"));
    }

    /** The unmeasured warm-up ({@code --warmup-seconds} at {@code --warmup-rate}), if any, at Meta latency. */
    private void warmUp(int latency) {
        if (options.warmUp().isZero()) {
            return;
        }
        setLatency(latency);
        int rate = options.warmUpRate();
        out.printf(Locale.ROOT, "Warm-up: %d messages/s for %d s, Meta latency %d ms (not measured)%n", rate,
                options.warmUp().toSeconds(), latency);
        StepResult warm = step(latency, rate, options.warmUp(), WARM_UP_DRAIN);
        out.printf(Locale.ROOT, "  answered %d/%d, p99 %s ms%n", warm.answered(), warm.sent(),
                Percentiles.format(warm.endToEnd().at(99)));
        if (warm.answered() == 0) {
            throw new IllegalStateException("the bot answered none of the warm-up messages in "
                    + WARM_UP_DRAIN.toSeconds() + " s; see the logs in " + stack.logs());
        }
    }

    /** The bot-sends line ({@code --bot-sends N}) instead of the message rates. */
    private void botSends(Path root, long started) {
        BotSendsBenchmark.Result result = new BotSendsBenchmark(stack, times, resources, out::println)
                .run(options.botSends(), options.botSendsRate(), options.botLatencyMs(), options.botAlone());
        line("");
        line("Results (%s; %d cores; the load driver, broker and emulator share the machine with the services)",
                Instant.now(), Runtime.getRuntime().availableProcessors());
        BotSendsBenchmark.lines(result).forEach(l -> line("%s", l));
        line("(whole run: %d s; logs in %s)", Duration.ofNanos(System.nanoTime() - started).toSeconds(),
                stack.logs());
        write(root.resolve("tools/benchmark/target/benchmark.txt"));
    }

    /** One rate for {@code length}: sends, waits for the answers (at most the drain time), measures. */
    private StepResult step(int latency, int rate, Duration length, Duration drain) {
        MessengerEmulator meta = stack.emulator();
        int count = (int) Math.max(1, rate * length.toSeconds());
        long periodNanos = 1_000_000_000L / rate;
        String[] psids = new String[count];
        String[] mids = new String[count];
        long[] dueMillis = new long[count];
        Map<String, Integer> byPsid = new HashMap<>();
        long seq = meta.journal().lastSeq();
        Map<String, Long> cpuBefore = resources.cpuMillis();
        resources.reset();
        long maxLag = 0;
        long startNanos = System.nanoTime();
        long startMillis = System.currentTimeMillis();
        for (int i = 0; i < count; i++) {
            long due = startNanos + i * periodNanos;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            maxLag = Math.max(maxLag, System.nanoTime() - due);
            psids[i] = Long.toString(8_000_000_000_000L + NEXT_USER.incrementAndGet());
            byPsid.put(psids[i], i);
            dueMillis[i] = startMillis + (due - startNanos) / 1_000_000;
            mids[i] = meta.user(BenchStack.PAGE, psids[i]).says(GUIDED.get(i % GUIDED.size()));
        }
        long[] answeredAt = new long[count];
        try {
            Waits.atMost(drain, Duration.ofMillis(250)).until(() -> answers(seq, byPsid, answeredAt)
                    == count);
        } catch (ConditionTimeoutException e) {
            // the unanswered ones count as lost
        }
        int answered = answers(seq, byPsid, answeredAt);
        Map<String, Long> cpuAfter = resources.cpuMillis();
        Map<String, Long> peak = resources.peakMb();

        List<Long> endToEnd = new ArrayList<>();
        Map<String, List<Long>> stages = new LinkedHashMap<>();
        StepResult.STAGES.forEach(s -> stages.put(s, new ArrayList<>()));
        for (int i = 0; i < count; i++) {
            endToEnd.add(answeredAt[i] == 0 ? Percentiles.NEVER : Math.max(0, answeredAt[i] - dueMillis[i]));
            PipelineTimes.Stages s = times.of(mids[i]);
            add(stages.get("user>raw"), dueMillis[i], s.raw());
            add(stages.get("raw>inbound"), s.raw(), s.inbound());
            add(stages.get("inbound>decision"), s.inbound(), s.decision());
            add(stages.get("decision>outbound"), s.decision(), s.outbound());
        }
        Map<String, Percentiles> stagePercentiles = new LinkedHashMap<>();
        stages.forEach((name, values) -> stagePercentiles.put(name, Percentiles.of(values)));
        Map<String, Double> cpu = new LinkedHashMap<>();
        cpuAfter.forEach((name, after) -> cpu.put(name,
                (after - cpuBefore.getOrDefault(name, after)) / (double) count));
        return new StepResult(latency, rate, count, answered, Percentiles.of(endToEnd), stagePercentiles, cpu, peak,
                maxLag / 1_000_000);
    }

    private static void add(List<Long> values, Long from, Long to) {
        if (from != null && to != null) {
            values.add(Math.max(0, to - from));
        }
    }

    /** Fills {@code answeredAt} (epoch ms of the bot's first text to each user) from the journal; counts them. */
    private int answers(long seq, Map<String, Integer> byPsid, long[] answeredAt) {
        int answered = 0;
        for (JournalEntry entry : stack.emulator().journal().since(seq)) {
            if (entry.type() != JournalEntry.Type.SEND_API || !entry.ok()
                    || !BenchStack.OUR_APP.equals(entry.appId()) || entry.detail("text") == null) {
                continue;
            }
            Integer i = byPsid.get(entry.psid());
            if (i != null && answeredAt[i] == 0) {
                answeredAt[i] = entry.at().toEpochMilli();
            }
        }
        for (long at : answeredAt) {
            if (at != 0) {
                answered++;
            }
        }
        return answered;
    }

    private void setLatency(int millis) {
        ApiLatency.Delay delay = ApiLatency.Delay.ofMillis(millis, options.jitter().toMillis());
        stack.emulator().latency().send(delay).graph(delay);
    }

    /** Waits until the emulator's journal stood still for a moment (the backlog of a missed rate is gone). */
    private void awaitQuiet() {
        AtomicLong last = new AtomicLong(-1);
        AtomicLong since = new AtomicLong(System.nanoTime());
        try {
            Waits.atMost(QUIET_MAX, Duration.ofMillis(250)).until(() -> {
                long seq = stack.emulator().journal().lastSeq();
                if (seq != last.getAndSet(seq)) {
                    since.set(System.nanoTime());
                }
                return System.nanoTime() - since.get() >= QUIET.toNanos();
            });
        } catch (ConditionTimeoutException e) {
            out.println("  (the system was still busy after " + QUIET_MAX.toSeconds() + " s; going on)");
        }
    }

    /** The processes measured: each service, this JVM, PostgreSQL. */
    private Map<String, Supplier<List<Long>>> processes() {
        Map<String, Supplier<List<Long>>> processes = new LinkedHashMap<>();
        for (ServiceProcess service : stack.services()) {
            long pid = service.pid();
            processes.put(service.name().replace("-service", ""), () -> List.of(pid));
        }
        long self = ProcessHandle.current().pid();
        processes.put("broker+emulator", () -> List.of(self));
        processes.put("postgres", () -> stack.postmaster().map(p -> Stream.concat(Stream.of(p), p.descendants())
                .map(ProcessHandle::pid).toList()).orElse(List.of()));
        return processes;
    }

    private void line(String format, Object... args) {
        String text = String.format(Locale.ROOT, format, args);
        report.add(text);
        out.println(text);
    }

    private void write(Path file) {
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, report, UTF_8);
            out.println("Written to " + file);
        } catch (IOException e) {
            out.println("Could not write " + file + ": " + e.getMessage());
        }
    }

    private synchronized void stop() {
        if (times != null) {
            times.close();
            times = null;
        }
        if (resources != null) {
            resources.close();
            resources = null;
        }
        if (stack != null) {
            out.println("Stopping the system...");
            stack.close();
            stack = null;
        }
    }
}
