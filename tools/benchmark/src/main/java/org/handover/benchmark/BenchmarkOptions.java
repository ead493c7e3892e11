package org.handover.benchmark;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The benchmark's command line.
 *
 * @param rates      user messages per second, one step each, in this order
 * @param latencies  Meta's latency in ms, the same for the Send API and the Graph calls; all rates run at each
 * @param jitter     added to each call's latency, drawn from 0 to this
 * @param step       how long each rate runs
 * @param warmUp     an unmeasured run, before the first step
 * @param warmUpRate the warm-up's rate: the first rate unless given (a warm-up at the highest rate measured lets the
 *                   JIT compile the paths that rate takes before it is measured)
 * @param drain      how long, after a step's last message, its answers may take
 * @param allRates   keep going after a rate missed the target (by default the higher rates of that latency are
 *                   skipped: they would only miss it further and leave a backlog behind)
 * @param stateDir   the run's broker, database and logs (wiped first)
 * @param bulletin   recipients of the bulletin line ({@link BulletinBenchmark}); 0 for the message rates instead
 * @param bulletinSeedRate   users a second who write to the page before the bulletin
 * @param bulletinLatencyMs  Meta's latency during the bulletin's fan-out
 * @param botSends   decisions of the bot-sends line ({@link BotSendsBenchmark}); 0 for the message rates instead
 * @param botSendsRate       user messages a second that build the bot's backlog while it is suspended
 * @param botLatencyMs       Meta's latency while bot-service works its backlog off
 * @param botAlone           handover-service suspended too while bot-service works its backlog off (its work on the
 *                           bot's results then waits), so that bot-service has the cores the rest leaves
 */
record BenchmarkOptions(List<Integer> rates, List<Integer> latencies, Duration jitter, Duration step, Duration warmUp,
        int warmUpRate, Duration drain, boolean allRates, Path stateDir, int bulletin, int bulletinSeedRate,
        int bulletinLatencyMs, int botSends, int botSendsRate, int botLatencyMs, boolean botAlone) {

    /** The bot-sends line's warm-up unless given: 60 s at 50 messages/s, Meta without latency (20 s: JIT busy). */
    static final Duration BOT_SENDS_WARM_UP = Duration.ofSeconds(60);
    static final int BOT_SENDS_WARM_UP_RATE = 50;

    static final String USAGE = """
            tools/benchmark/run [options]
              --rates 10,20,50,100,150   user messages per second, one step each
              --latencies 0,150          Meta's latency (ms) for Send API and Graph calls; every rate at each
              --jitter-ms 0              up to this much more per call
              --seconds 10               length of each step
              --warmup-seconds 10        unmeasured run before the first step
              --warmup-rate N            the warm-up's user messages per second (default: the first rate)
              --drain-seconds 15         how long a step's answers may take after its last message
              --all-rates                do not skip the higher rates once one missed p99 <= 1 s
              --state-dir DIR            the run's broker, database and logs (default tools/benchmark/target/run)
              --bulletin 10000           instead of the message rates: that many users write to the page, then
                                         one bulletin goes to all of them; prints the time until all are sent and
                                         the copies a second (the per-page rate held)
              --bulletin-seed-rate 100   users a second who write to the page first (Meta without latency)
              --bulletin-latency-ms 150  Meta's latency during the bulletin's fan-out
              --bot-sends 3000           instead of the message rates: bot-service is suspended while that many
                                         users write (one decision each), then resumed at Meta's latency; prints
                                         its Send API calls a second over the backlog, its CPU and memory
              --bot-sends-rate 100       user messages a second that build the backlog (Meta without latency)
              --bot-latency-ms 150       Meta's latency while bot-service works the backlog off
                                         (the bot-sends line warms up 60 s at 50 messages/s unless given)
              --bot-alone                handover-service suspended too while bot-service works the backlog off
              --no-ingress               (run script only) skip the ingress-service against bare endpoint run
            """;

    /** Parses {@code args}; {@code root} is the repository root (the default state folder lives under it). */
    static BenchmarkOptions parse(String[] args, Path root) {
        List<Integer> rates = List.of(10, 20, 50, 100, 150);
        List<Integer> latencies = List.of(0, 150);
        Duration jitter = Duration.ZERO;
        Duration step = Duration.ofSeconds(10);
        Duration warmUp = null;
        Integer warmUpRate = null;
        Duration drain = Duration.ofSeconds(15);
        boolean allRates = false;
        Path stateDir = root.resolve("tools/benchmark/target/run");
        int bulletin = 0;
        int bulletinSeedRate = 100;
        int bulletinLatencyMs = 150;
        int botSends = 0;
        int botSendsRate = 100;
        int botLatencyMs = 150;
        boolean botAlone = false;
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            switch (option) {
                case "--rates" -> rates = positiveList(option, value(args, ++i, option));
                case "--latencies" -> latencies = nonNegativeList(option, value(args, ++i, option));
                case "--jitter-ms" -> jitter = Duration.ofMillis(number(option, value(args, ++i, option), 0));
                case "--seconds" -> step = Duration.ofSeconds(number(option, value(args, ++i, option), 1));
                case "--warmup-seconds" -> warmUp = Duration.ofSeconds(number(option, value(args, ++i, option), 0));
                case "--warmup-rate" -> warmUpRate = (int) number(option, value(args, ++i, option), 1);
                case "--drain-seconds" -> drain = Duration.ofSeconds(number(option, value(args, ++i, option), 1));
                case "--all-rates" -> allRates = true;
                case "--state-dir" -> stateDir = root.resolve(value(args, ++i, option));
                case "--bulletin" -> bulletin = (int) number(option, value(args, ++i, option), 1);
                case "--bulletin-seed-rate" -> bulletinSeedRate = (int) number(option, value(args, ++i, option), 1);
                case "--bulletin-latency-ms" -> bulletinLatencyMs = (int) number(option, value(args, ++i, option), 0);
                case "--bot-sends" -> botSends = (int) number(option, value(args, ++i, option), 1);
                case "--bot-sends-rate" -> botSendsRate = (int) number(option, value(args, ++i, option), 1);
                case "--bot-latency-ms" -> botLatencyMs = (int) number(option, value(args, ++i, option), 0);
                case "--bot-alone" -> botAlone = true;
                default -> throw new IllegalArgumentException("unknown option " + option);
            }
        }
        if (bulletin > 0 && botSends > 0) {
            throw new IllegalArgumentException("--bulletin and --bot-sends are two runs of their own");
        }
        if (botSends > 0 && BotSendsBenchmark.backlogSeconds(botSends, botSendsRate)
                > BotSendsBenchmark.MAX_BACKLOG_SECONDS) {
            throw new IllegalArgumentException(String.format(java.util.Locale.ROOT, "--bot-sends %d at "
                    + "--bot-sends-rate %d takes %d s to write, more than the %d s bot-service may stay suspended",
                    botSends, botSendsRate, BotSendsBenchmark.backlogSeconds(botSends, botSendsRate),
                    BotSendsBenchmark.MAX_BACKLOG_SECONDS));
        }
        if (warmUp == null) {
            warmUp = botSends > 0 ? BOT_SENDS_WARM_UP : Duration.ofSeconds(10);
        }
        if (warmUpRate == null) {
            warmUpRate = botSends > 0 ? BOT_SENDS_WARM_UP_RATE : rates.get(0);
        }
        return new BenchmarkOptions(rates, latencies, jitter, step, warmUp, warmUpRate, drain, allRates, stateDir,
                bulletin, bulletinSeedRate, bulletinLatencyMs, botSends, botSendsRate, botLatencyMs, botAlone);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    private static long number(String option, String value, long min) {
        try {
            long n = Long.parseLong(value.trim());
            if (n < min) {
                throw new IllegalArgumentException(option + " must be at least " + min);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " takes a number, not '" + value + "'");
        }
    }

    private static List<Integer> positiveList(String option, String value) {
        return list(option, value, 1);
    }

    private static List<Integer> nonNegativeList(String option, String value) {
        return list(option, value, 0);
    }

    private static List<Integer> list(String option, String value, int min) {
        List<Integer> numbers = new ArrayList<>();
        for (String part : Arrays.asList(value.split(","))) {
            numbers.add((int) number(option, part, min));
        }
        return List.copyOf(numbers);
    }
}
