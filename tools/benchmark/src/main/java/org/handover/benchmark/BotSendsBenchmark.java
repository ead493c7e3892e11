package org.handover.benchmark;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.MemberDescription;
import org.awaitility.core.ConditionTimeoutException;
import org.handover.emulator.ApiLatency;
import org.handover.emulator.JournalEntry;
import org.handover.emulator.MessengerEmulator;
import org.handover.harness.ServiceProcess;
import org.handover.harness.Waits;

/**
 * The bot-sends line of the benchmark ({@code tools/benchmark/run --bot-sends N}): how many Send API calls a second
 * one bot-service replica makes at Meta's latency when it has plenty of work and the rest of the system is idle.
 * bot-service is suspended ({@code kill -STOP}) while {@code N} new users write a guided text each (open loop at
 * {@code --bot-sends-rate}, Meta without latency), until all {@code N} reply orders are on
 * {@code conversation.decisions}; then Meta's latency becomes {@code --bot-latency-ms} and bot-service is resumed
 * ({@code kill -CONT}) with its backlog of real decisions. From the emulator's journal: the time from the resume to
 * the first and the last answer, the answers a second over the drain (and the most in any one second), whether every
 * user was answered exactly once; from {@code /proc}: bot-service's CPU per answer and peak RSS over the drain, the
 * other processes' CPU and how busy the machine was. With {@code --bot-alone}, handover-service is suspended too over
 * the drain (it would otherwise consume the bot's results on {@code messenger.outbound} meanwhile, on the same cores),
 * and resumed once the figures are taken.
 *
 * <p>bot-service's consumer must not lose its partitions while it is suspended (it would rejoin on resume, and the
 * drain would start with a rebalance): its session timeout is 6 s ({@code KAFKA_SESSION_TIMEOUT_MS}), far below the
 * backlog's half minute, so this line starts bot-service with {@link #SESSION_TIMEOUT_MS} instead, and checks that
 * the group's member is the same before the suspension and after the drain.
 */
final class BotSendsBenchmark {

    /** bot-service's consumer session timeout in this line: longer than the longest suspension. */
    static final int SESSION_TIMEOUT_MS = 120_000;
    /** What this line adds to the services' environment ({@link BenchStack#start}). */
    static final Map<String, Map<String, String>> ENVIRONMENT = Map.of("bot-service",
            Map.of("KAFKA_SESSION_TIMEOUT_MS", Integer.toString(SESSION_TIMEOUT_MS)));
    /** The longest backlog this line writes ({@code N / rate}), so that the suspension stays below the timeout. */
    static final int MAX_BACKLOG_SECONDS = 60;
    /** When bot-service is resumed at the latest, whether or not every decision is there yet. */
    static final Duration MAX_SUSPENSION = Duration.ofSeconds(90);
    private static final String GROUP = "bot-service";
    private static final Duration QUIET = Duration.ofSeconds(2);
    private static final AtomicLong NEXT_USER = new AtomicLong();

    private final BenchStack stack;
    private final PipelineTimes times;
    private final Resources resources;
    private final Consumer<String> line;

    BotSendsBenchmark(BenchStack stack, PipelineTimes times, Resources resources, Consumer<String> line) {
        this.stack = stack;
        this.times = times;
        this.resources = resources;
        this.line = line;
    }

    /** Seconds the backlog takes to write: {@code n} messages at {@code rate} a second, rounded up. */
    static long backlogSeconds(int n, int rate) {
        return (n + (long) rate - 1) / rate;
    }

    /** The answers to the backlog's users, from the journal after the resume. */
    record Tally(List<Instant> sentAt, int answered, int missing, int twice, int refused) {
    }

    /**
     * The bot's Send API calls with text to {@code users} among {@code entries}: when each accepted one was made (in
     * order), how many users got one, none ({@code missing}), more than one ({@code twice}: the users), and the calls
     * Meta refused.
     */
    static Tally tally(Collection<JournalEntry> entries, Set<String> users) {
        List<Instant> sentAt = new ArrayList<>();
        Map<String, Integer> perUser = new HashMap<>();
        int refused = 0;
        for (JournalEntry e : entries) {
            if (e.type() != JournalEntry.Type.SEND_API || !BenchStack.OUR_APP.equals(e.appId())
                    || e.detail("text") == null || !users.contains(e.psid())) {
                continue;
            }
            if (e.ok()) {
                sentAt.add(e.at());
                perUser.merge(e.psid(), 1, Integer::sum);
            } else {
                refused++;
            }
        }
        sentAt.sort(null);
        int twice = (int) perUser.values().stream().filter(c -> c > 1).count();
        return new Tally(List.copyOf(sentAt), perUser.size(), users.size() - perUser.size(), twice, refused);
    }

    /** Instants a second from the first to the last of {@code sorted}: (count - 1) / span; 0 for fewer than 2. */
    static double perSecond(List<Instant> sorted) {
        if (sorted.size() < 2) {
            return 0;
        }
        long spanMillis = Duration.between(sorted.get(0), sorted.get(sorted.size() - 1)).toMillis();
        return (sorted.size() - 1) * 1000.0 / Math.max(1, spanMillis);
    }

    /** How many of {@code sorted} fall in each whole second from the first: [first, first + 1 s), and so on. */
    static List<Integer> perWholeSecond(List<Instant> sorted) {
        List<Integer> counts = new ArrayList<>();
        if (sorted.isEmpty()) {
            return counts;
        }
        Instant first = sorted.get(0);
        for (Instant at : sorted) {
            int second = (int) (Duration.between(first, at).toMillis() / 1000);
            while (counts.size() <= second) {
                counts.add(0);
            }
            counts.set(second, counts.get(second) + 1);
        }
        return List.copyOf(counts);
    }

    /**
     * The figures of one run.
     *
     * @param decisions       reply orders on {@code conversation.decisions} when bot-service was resumed
     * @param backlogMillis   writing the backlog's user messages
     * @param suspendedMillis bot-service suspended, from {@code STOP} to {@code CONT}
     * @param sentSuspended   answers to the backlog's users while it was suspended (0, or the suspension failed)
     * @param firstMillis     resume to the first answer (-1: none)
     * @param lastMillis      resume to the last answer (-1: none)
     * @param cpuMs           CPU milliseconds per process from the resume until every answer was there (or the wait
     *                        ended)
     * @param drainMillis     the same span, wall clock
     * @param machineBusy     the share of all cores' time busy over it (-1: unknown)
     * @param sameMember      bot-service's group had the same member before the suspension and after the drain
     */
    record Result(int n, int latencyMs, boolean alone, String concurrency, String rateLimit, int decisions,
            long backlogMillis, long suspendedMillis, int sentSuspended, Tally tally, long firstMillis, long lastMillis,
            double perSecond, int maxInOneSecond, Map<String, Long> cpuMs, long drainMillis, double machineBusy,
            long botPeakRssMb, boolean sameMember, String loadBefore, String loadAfter) {
    }

    Result run(int n, int backlogRate, int latencyMs, boolean alone) {
        MessengerEmulator meta = stack.emulator();
        ApiLatency.Delay none = ApiLatency.Delay.ofMillis(0, 0);
        meta.latency().send(none).graph(none);
        meta.rateLimits().sendPerPagePerSecond(0);
        ServiceProcess bot = service("bot-service");
        ServiceProcess handover = service("handover-service");
        Set<String> membersBefore = memberIds();
        String loadBefore = BulletinBenchmark.loadAverage();

        line.accept(String.format(Locale.ROOT, "Bot sends: bot-service (pid %d) suspended; %d users write to the "
                + "page (%d a second, Meta without latency)...", bot.pid(), n, backlogRate));
        long seqSuspended = meta.journal().lastSeq();
        signal(bot, "STOP");
        long suspended = System.nanoTime();
        boolean resumed = false;
        boolean handoverSuspended = false;
        try {
            Map<String, String> midByUser = new LinkedHashMap<>();
            long period = 1_000_000_000L / backlogRate;
            for (int i = 0; i < n; i++) {
                long wait = suspended + i * period - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                String psid = Long.toString(6_000_000_000_000L + NEXT_USER.incrementAndGet());
                midByUser.put(psid, meta.user(BenchStack.PAGE, psid).says(Benchmark.GUIDED.get(i
                        % Benchmark.GUIDED.size())));
            }
            long backlogMillis = Duration.ofNanos(System.nanoTime() - suspended).toMillis();
            Duration left = MAX_SUSPENSION.minusNanos(System.nanoTime() - suspended);
            try {
                Waits.atMost(left.isNegative() ? Duration.ZERO : left, Duration.ofMillis(250))
                        .until(() -> decided(midByUser.values()) == n);
            } catch (ConditionTimeoutException e) {
                // resumed with what is there: the figures say how many
            }
            int decisions = decided(midByUser.values());
            line.accept(String.format(Locale.ROOT, "  %d of %d decisions on conversation.decisions after %.1f s "
                    + "(messages written in %.1f s)", decisions, n, (System.nanoTime() - suspended) / 1e9,
                    backlogMillis / 1000.0));

            ApiLatency.Delay delay = ApiLatency.Delay.ofMillis(latencyMs, 0);
            meta.latency().send(delay).graph(delay);
            long seqResumed = meta.journal().lastSeq();
            Map<String, Long> cpuBefore = resources.cpuMillis();
            Optional<long[]> machineBefore = ProcStats.machineTicks();
            if (alone) {
                signal(handover, "STOP");
                handoverSuspended = true;
            }
            resources.reset();
            Instant resumedAt = Instant.now();
            long resumedNanos = System.nanoTime();
            signal(bot, "CONT");
            resumed = true;
            long suspendedMillis = Duration.ofNanos(resumedNanos - suspended).toMillis();
            line.accept(String.format(Locale.ROOT, "  bot-service resumed after %.1f s suspended (Meta latency %d "
                    + "ms)%s...", suspendedMillis / 1000.0, latencyMs,
                    alone ? ", handover-service suspended meanwhile" : ""));

            Set<String> users = midByUser.keySet();
            Duration drainWait = Duration.ofSeconds(60 + n / 20);
            try {
                Waits.atMost(drainWait, Duration.ofMillis(250)).until(() -> tally(meta.journal().since(seqResumed),
                        users).answered() == n);
            } catch (ConditionTimeoutException e) {
                line.accept("  (not every user was answered after " + drainWait.toSeconds() + " s)");
            }
            long drainMillis = Duration.ofNanos(System.nanoTime() - resumedNanos).toMillis();
            Map<String, Long> cpuAfter = resources.cpuMillis();
            Optional<long[]> machineAfter = ProcStats.machineTicks();
            long botPeak = resources.peakMb().getOrDefault("bot", 0L);
            awaitQuiet(meta);
            if (handoverSuspended) {
                signal(handover, "CONT");
                handoverSuspended = false;
            }
            String loadAfter = BulletinBenchmark.loadAverage();

            List<JournalEntry> after = meta.journal().since(seqResumed);
            List<JournalEntry> during = meta.journal().since(seqSuspended).stream()
                    .filter(e -> e.seq() <= seqResumed).toList();
            Tally tally = tally(after, users);
            Map<String, Long> cpu = new LinkedHashMap<>();
            cpuAfter.forEach((name, ms) -> cpu.put(name, ms - cpuBefore.getOrDefault(name, ms)));
            double busy = -1;
            if (machineBefore.isPresent() && machineAfter.isPresent()) {
                long total = machineAfter.get()[1] - machineBefore.get()[1];
                busy = total <= 0 ? -1 : (machineAfter.get()[0] - machineBefore.get()[0]) / (double) total;
            }
            List<Instant> sent = tally.sentAt();
            long first = sent.isEmpty() ? -1 : Duration.between(resumedAt, sent.get(0)).toMillis();
            long last = sent.isEmpty() ? -1 : Duration.between(resumedAt, sent.get(sent.size() - 1)).toMillis();
            return new Result(n, latencyMs, alone, concurrency(), rateLimit(), decisions, backlogMillis,
                    suspendedMillis,
                    tally(during, users).sentAt().size(), tally, first, last, perSecond(sent),
                    BulletinBenchmark.maxInOneSecond(sent), cpu, drainMillis, busy, botPeak,
                    !membersBefore.isEmpty() && membersBefore.equals(memberIds()), loadBefore, loadAfter);
        } finally {
            if (!resumed) {
                signal(bot, "CONT");
            }
            if (handoverSuspended) {
                signal(handover, "CONT");
            }
        }
    }

    private ServiceProcess service(String name) {
        return stack.services().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    /** The result as the report prints it. */
    static List<String> lines(Result r) {
        Tally t = r.tally();
        long botCpu = r.cpuMs().getOrDefault("bot", 0L);
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "Bot sends: one bot-service replica works off %d decisions at %d ms Meta "
                + "latency (CONSUMER_CONCURRENCY %s, bot.send.rate-limit-per-second %s):", r.n(), r.latencyMs(),
                r.concurrency(), r.rateLimit()));
        if (r.alone()) {
            lines.add("  (handover-service suspended over the drain: the bot's results on messenger.outbound wait)");
        }
        lines.add(String.format(Locale.ROOT, "  backlog: %d users' messages written in %.1f s, %d decisions there, "
                + "bot-service suspended %.1f s (answers meanwhile: %d)", r.n(), r.backlogMillis() / 1000.0,
                r.decisions(), r.suspendedMillis() / 1000.0, r.sentSuspended()));
        lines.add(String.format(Locale.ROOT, "  resume to first answer %s, to last answer %s", seconds(r.firstMillis()),
                seconds(r.lastMillis())));
        lines.add(String.format(Locale.ROOT, "  sends a second: %.1f over the drain (first to last answer), at most "
                + "%d in any one second", r.perSecond(), r.maxInOneSecond()));
        lines.add("  each second from the first answer: " + perWholeSecond(t.sentAt()).stream().map(String::valueOf)
                .collect(Collectors.joining(" ")));
        lines.add(String.format(Locale.ROOT, "  answered %d of %d: %d missing, %d answered twice, %d refused by Meta",
                t.answered(), r.n(), t.missing(), t.twice(), t.refused()));
        lines.add(String.format(Locale.ROOT, "  bot-service: %s CPU-ms per send, %.2f cores over the %.1f s from "
                + "resume to the last answer seen, peak RSS %d MB; same group member before and after: %s",
                t.sentAt().isEmpty() ? "-" : String.format(Locale.ROOT, "%.2f", botCpu / (double) t.sentAt().size()),
                cores(botCpu, r.drainMillis()), r.drainMillis() / 1000.0, r.botPeakRssMb(),
                r.sameMember() ? "yes (no rebalance)" : "NO (the group rebalanced)"));
        lines.add("  CPU over that span (cores): " + r.cpuMs().entrySet().stream()
                .map(e -> String.format(Locale.ROOT, "%s %.2f", e.getKey(), cores(e.getValue(), r.drainMillis())))
                .collect(Collectors.joining(", ")) + String.format(Locale.ROOT, "; the machine %s busy of %d cores",
                r.machineBusy() < 0 ? "?" : String.format(Locale.ROOT, "%.0f%%", r.machineBusy() * 100),
                Runtime.getRuntime().availableProcessors()));
        lines.add("  load average before / after: " + r.loadBefore() + " / " + r.loadAfter());
        return lines;
    }

    /** CPU milliseconds over a wall-clock span, as cores used. */
    static double cores(long cpuMillis, long wallMillis) {
        return wallMillis <= 0 ? 0 : cpuMillis / (double) wallMillis;
    }

    private static String seconds(long millis) {
        return millis < 0 ? "-" : String.format(Locale.ROOT, "%.2f s", millis / 1000.0);
    }

    /** bot-service's lanes: the run's BOT_CONSUMER_CONCURRENCY, else CONSUMER_CONCURRENCY, else its default. */
    private static String concurrency() {
        String bot = System.getenv(BenchStack.BOT_CONSUMER_CONCURRENCY);
        String all = System.getenv("CONSUMER_CONCURRENCY");
        return bot != null && !bot.isBlank() ? bot.trim() : all != null && !all.isBlank() ? all.trim() : "64";
    }

    /** bot-service's Send API rate limit per page: the run's BOT_SEND_RATE_LIMIT_PER_SECOND, else its default. */
    private static String rateLimit() {
        String limit = System.getenv("BOT_SEND_RATE_LIMIT_PER_SECOND");
        return limit != null && !limit.isBlank() ? limit.trim() : "250";
    }

    private int decided(Collection<String> mids) {
        int decided = 0;
        for (String mid : mids) {
            if (times.of(mid).decision() != null) {
                decided++;
            }
        }
        return decided;
    }

    /** Waits until the journal stood still for a moment (a late second answer would be in it). */
    private static void awaitQuiet(MessengerEmulator meta) {
        AtomicLong last = new AtomicLong(-1);
        AtomicLong since = new AtomicLong(System.nanoTime());
        try {
            Waits.atMost(Duration.ofSeconds(30), Duration.ofMillis(250)).until(() -> {
                long seq = meta.journal().lastSeq();
                if (seq != last.getAndSet(seq)) {
                    since.set(System.nanoTime());
                }
                return System.nanoTime() - since.get() >= QUIET.toNanos();
            });
        } catch (ConditionTimeoutException e) {
            // still busy: what is there counts
        }
    }

    /** The member ids of bot-service's consumer group now (empty if it cannot be described). */
    private Set<String> memberIds() {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                stack.bootstrapServers()))) {
            return admin.describeConsumerGroups(List.of(GROUP)).describedGroups().get(GROUP)
                    .get(30, TimeUnit.SECONDS).members().stream().map(MemberDescription::consumerId)
                    .collect(Collectors.toCollection(TreeSet::new));
        } catch (ExecutionException | TimeoutException e) {
            return Set.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Set.of();
        }
    }

    /** {@code kill -<signal> <pid>}: STOP suspends the process, CONT resumes it. */
    private static void signal(ServiceProcess service, String signal) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(service.pid()))
                    .redirectErrorStream(true).start();
            String out = new String(kill.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + signal + " " + service.pid() + " failed: " + out.trim());
            }
        } catch (IOException e) {
            throw new IllegalStateException("kill -" + signal + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
