package org.handover.benchmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The benchmark's own arithmetic and tables, without running anything. */
class BenchmarkLogicTest {

    @Test
    void percentilesAreNearestRankAndALostAnswerIsNever() {
        Percentiles p = Percentiles.of(List.of(50L, 10L, 40L, 20L, 30L, 60L, 70L, 80L, 90L, 100L));

        assertThat(p.at(50)).isEqualTo(50);
        assertThat(p.at(90)).isEqualTo(90);
        assertThat(p.at(99)).isEqualTo(100);
        assertThat(p.at(10)).isEqualTo(10);

        Percentiles lost = Percentiles.of(List.of(10L, 20L, Percentiles.NEVER));
        assertThat(lost.at(50)).isEqualTo(20);
        assertThat(lost.at(99)).isEqualTo(Percentiles.NEVER);
        assertThat(Percentiles.format(lost.at(99))).isEqualTo("-");
        assertThat(Percentiles.of(List.of()).at(50)).isEqualTo(Percentiles.NEVER);
    }

    @Test
    void rssIsReadFromTheStatusText() {
        assertThat(ProcStats.rssKb("Name:\tjava\nVmPeak:\t 900 kB\nVmRSS:\t  204800 kB\nThreads:\t40\n"))
                .hasValue(204800);
        assertThat(ProcStats.rssKb("Name:\tzombie\nState:\tZ\n")).isEmpty();
    }

    @Test
    void theCapacityIsTheHighestRateWithEveryAnswerAndP99WithinASecond() {
        List<StepResult> steps = List.of(step(10, 100, 100, 120), step(20, 200, 200, 900), step(50, 500, 500, 4200),
                step(100, 1000, 990, 800));

        assertThat(Report.capacity(steps)).hasValue(20);
        assertThat(Report.capacityLine(150, steps)).isEqualTo(
                "sustained capacity at Meta latency 150 ms (all answered, p99 <= 1000 ms): 20 user messages/s");
        assertThat(Report.capacityLine(150, List.of(step(10, 100, 100, 2000)))).endsWith(
                "below 10 user messages/s");
    }

    @Test
    void theTablesHaveALinePerRate() {
        List<StepResult> steps = List.of(step(10, 100, 100, 120), step(20, 200, 190, 900));

        List<String> latency = Report.latencyTable(steps);
        List<String> resources = Report.resourceTable(steps, List.of("ingress", "bot"));

        assertThat(latency).hasSize(4);
        assertThat(latency.get(2).trim().split("\\s+")).containsExactly("10", "100/100", "120", "120", "120", "3",
                "5/8", "-", "-", "-");
        assertThat(latency.get(3).trim().split("\\s+")).startsWith("20", "190/200", "900", "900", "-");
        assertThat(resources).hasSize(6);
        assertThat(resources.get(1).replace("|", "").trim().split("\\s+")).containsExactly("10", "2.5", "4.0");
        assertThat(resources.get(4).replace("|", "").trim().split("\\s+")).containsExactly("10", "180", "210");
    }

    @Test
    void optionsHaveDefaultsAndRefuseNonsense() {
        Path root = Path.of("/repo");
        BenchmarkOptions defaults = BenchmarkOptions.parse(new String[0], root);
        BenchmarkOptions given = BenchmarkOptions.parse(new String[] {"--rates", "5,15", "--latencies", "0,300",
                "--seconds", "20", "--jitter-ms", "50", "--all-rates"}, root);

        assertThat(defaults.rates()).containsExactly(10, 20, 50, 100, 150);
        assertThat(defaults.latencies()).containsExactly(0, 150);
        assertThat(defaults.stateDir()).isEqualTo(Path.of("/repo/tools/benchmark/target/run"));
        assertThat(given.rates()).containsExactly(5, 15);
        assertThat(given.latencies()).containsExactly(0, 300);
        assertThat(given.step()).isEqualTo(Duration.ofSeconds(20));
        assertThat(given.jitter()).isEqualTo(Duration.ofMillis(50));
        assertThat(given.allRates()).isTrue();
        assertThat(defaults.warmUpRate()).isEqualTo(10);
        assertThat(given.warmUpRate()).isEqualTo(5);
        assertThat(BenchmarkOptions.parse(new String[] {"--rates", "20,50", "--warmup-rate", "100"}, root)
                .warmUpRate()).isEqualTo(100);
        assertThatThrownBy(() -> BenchmarkOptions.parse(new String[] {"--warmup-rate", "0"}, root))
                .hasMessageContaining("--warmup-rate");
        assertThatThrownBy(() -> BenchmarkOptions.parse(new String[] {"--rates", "0"}, root))
                .hasMessageContaining("--rates");
        assertThatThrownBy(() -> BenchmarkOptions.parse(new String[] {"--seconds"}, root))
                .hasMessageContaining("needs a value");
        assertThatThrownBy(() -> BenchmarkOptions.parse(new String[] {"--fast"}, root))
                .hasMessageContaining("unknown option");
        assertThat(defaults.bulletin()).isZero();
        BenchmarkOptions bulletin = BenchmarkOptions.parse(new String[] {"--bulletin", "10000",
                "--bulletin-seed-rate", "80", "--bulletin-latency-ms", "300"}, root);
        assertThat(bulletin.bulletin()).isEqualTo(10000);
        assertThat(bulletin.bulletinSeedRate()).isEqualTo(80);
        assertThat(bulletin.bulletinLatencyMs()).isEqualTo(300);
        assertThat(defaults.bulletinLatencyMs()).isEqualTo(150);
        assertThatThrownBy(() -> BenchmarkOptions.parse(new String[] {"--bulletin", "0"}, root))
                .hasMessageContaining("--bulletin");
    }

    @Test
    void theMostInAnyOneSecondCountsASlidingWindow() {
        java.time.Instant t = java.time.Instant.parse("2026-03-01T12:00:00Z");
        // 3 in the first half-second, 2 just after it, 1 a second later: [0.1 s, 1.1 s) holds 5
        List<java.time.Instant> sorted = List.of(t.plusMillis(100), t.plusMillis(200), t.plusMillis(400),
                t.plusMillis(900), t.plusMillis(1050), t.plusMillis(2100));
        assertThat(BulletinBenchmark.maxInOneSecond(sorted)).isEqualTo(5);
        assertThat(BulletinBenchmark.maxInOneSecond(List.of())).isZero();
        // exactly one second apart: not in the same second
        assertThat(BulletinBenchmark.maxInOneSecond(List.of(t, t.plusSeconds(1)))).isEqualTo(1);
    }

    @Test
    void theBotSendsOptionsHaveDefaultsAndKeepTheSuspensionShort() {
        Path root = Path.of("/repo");
        BenchmarkOptions bot = BenchmarkOptions.parse(new String[] {"--bot-sends", "3000"}, root);

        assertThat(bot.botSends()).isEqualTo(3000);
        assertThat(bot.botSendsRate()).isEqualTo(100);
        assertThat(bot.botLatencyMs()).isEqualTo(150);
        assertThat(bot.warmUp()).isEqualTo(Duration.ofSeconds(60));
        assertThat(bot.warmUpRate()).isEqualTo(50);
        assertThat(bot.botAlone()).isFalse();
        BenchmarkOptions given = BenchmarkOptions.parse(new String[] {"--bot-sends", "2000", "--bot-sends-rate",
                "50", "--bot-latency-ms", "300", "--warmup-seconds", "5", "--warmup-rate", "20", "--bot-alone"}, root);
        assertThat(given.botAlone()).isTrue();
        assertThat(given.botSendsRate()).isEqualTo(50);
        assertThat(given.botLatencyMs()).isEqualTo(300);
        assertThat(given.warmUp()).isEqualTo(Duration.ofSeconds(5));
        assertThat(given.warmUpRate()).isEqualTo(20);
        assertThat(BenchmarkOptions.parse(new String[0], root).botSends()).isZero();
        // 6,001 at 100/s take 61 s to write: longer than bot-service may stay suspended
        assertThat(BotSendsBenchmark.backlogSeconds(6000, 100)).isEqualTo(60);
        assertThat(BotSendsBenchmark.backlogSeconds(6001, 100)).isEqualTo(61);
        assertThatThrownBy(() -> BenchmarkOptions.parse(new String[] {"--bot-sends", "6001"}, root))
                .hasMessageContaining("suspended");
        assertThatThrownBy(() -> BenchmarkOptions.parse(new String[] {"--bot-sends", "10", "--bulletin", "10"},
                root)).hasMessageContaining("two runs");
        assertThat(BotSendsBenchmark.SESSION_TIMEOUT_MS).isGreaterThan(
                (int) BotSendsBenchmark.MAX_SUSPENSION.toMillis());
    }

    @Test
    void theBotsAnswersAreCountedPerUser() {
        java.time.Instant t = java.time.Instant.parse("2026-03-01T12:00:00Z");
        List<org.handover.emulator.JournalEntry> entries = List.of(
                send(1, t.plusMillis(300), "u1", "ok", "a"),
                send(2, t.plusMillis(100), "u2", "ok", "b"),
                send(3, t.plusMillis(200), "u2", "ok", "b"),
                send(4, t.plusMillis(250), "u3", "613", "c"),
                send(5, t.plusMillis(260), "other", "ok", "d"),
                send(6, t.plusMillis(270), "u3", "ok", null));

        BotSendsBenchmark.Tally tally = BotSendsBenchmark.tally(entries, java.util.Set.of("u1", "u2", "u3", "u4"));

        assertThat(tally.sentAt()).containsExactly(t.plusMillis(100), t.plusMillis(200), t.plusMillis(300));
        assertThat(tally.answered()).isEqualTo(2);
        assertThat(tally.missing()).isEqualTo(2);
        assertThat(tally.twice()).isEqualTo(1);
        assertThat(tally.refused()).isEqualTo(1);
    }

    @Test
    void sendsASecondSpanTheFirstToTheLastAndCoresAreCpuOverWallTime() {
        java.time.Instant t = java.time.Instant.parse("2026-03-01T12:00:00Z");
        // 5 sends in 2 s: 4 intervals, 2 a second
        List<java.time.Instant> sorted = List.of(t, t.plusMillis(500), t.plusMillis(1000), t.plusMillis(1500),
                t.plusMillis(2000));
        assertThat(BotSendsBenchmark.perSecond(sorted)).isEqualTo(2.0);
        assertThat(BotSendsBenchmark.perSecond(List.of(t))).isZero();
        // [0, 1 s) holds 2, [1 s, 2 s) 2, [2 s, 3 s) 1; a quiet second shows as 0
        assertThat(BotSendsBenchmark.perWholeSecond(sorted)).containsExactly(2, 2, 1);
        assertThat(BotSendsBenchmark.perWholeSecond(List.of(t, t.plusMillis(2500)))).containsExactly(1, 0, 1);
        assertThat(BotSendsBenchmark.perWholeSecond(List.of())).isEmpty();
        assertThat(BotSendsBenchmark.cores(1500, 1000)).isEqualTo(1.5);
        assertThat(BotSendsBenchmark.cores(1500, 0)).isZero();
    }

    @Test
    void theMachinesBusyTicksLeaveOutIdleAndIowait() {
        // user 100, nice 10, system 40, idle 800, iowait 50, irq 0, softirq 5, steal 0, guest 30 (already in user)
        long[] ticks = ProcStats.machineTicks("cpu  100 10 40 800 50 0 5 0 30 0\ncpu0 50 5 20 400 25 0 2 0 15 0\n");

        assertThat(ticks).containsExactly(155, 1005);
    }

    private static org.handover.emulator.JournalEntry send(long seq, java.time.Instant at, String psid,
            String outcome, String text) {
        Map<String, Object> details = text == null ? Map.of() : Map.of("text", text);
        return new org.handover.emulator.JournalEntry(seq, at, org.handover.emulator.JournalEntry.Type.SEND_API,
                BenchStack.PAGE, psid, BenchStack.OUR_APP, "send", outcome, details);
    }

    /** A step whose every answered message took {@code p99} ms, the rest lost. */
    private static StepResult step(int rate, int sent, int answered, long p99) {
        List<Long> latencies = new java.util.ArrayList<>();
        for (int i = 0; i < sent; i++) {
            latencies.add(i < answered ? p99 : Percentiles.NEVER);
        }
        Map<String, Percentiles> stages = new LinkedHashMap<>();
        stages.put("user>raw", Percentiles.of(List.of(5L, 8L)));
        Map<String, Double> cpu = new LinkedHashMap<>(Map.of("ingress", 2.5, "bot", 4.0));
        Map<String, Long> rss = new LinkedHashMap<>(Map.of("ingress", 180L, "bot", 210L));
        return new StepResult(150, rate, sent, answered, Percentiles.of(latencies), stages, cpu, rss, 3);
    }
}
