package org.handover.e2e;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.assertj.core.api.SoftAssertions;
import org.awaitility.core.ConditionTimeoutException;
import org.handover.e2e.E2eStack.GracefulStop;
import org.handover.e2e.E2eStack.ReplicaRef;
import org.handover.emulator.Faults;
import org.handover.emulator.MessengerEmulator;
import org.handover.harness.Waits;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Fault drills: randomized conversations ({@link RandomWalk}, a share of Meta's webhooks redelivered) run while, in
 * turn, each service is killed with SIGKILL and started again, the broker is stopped and started on the same ports and
 * log directory, PostgreSQL is stopped and started on the same data, Meta's Graph API fails (503) and then answers
 * slowly for a while, and every replicated service is restarted
 * gracefully one replica after the other, with two replicas of routing-, handover- and bot-service (a kill takes one
 * replica; the other must carry on). Per drill, over Meta's journal ({@link Verdict}): no accepted event lost, no bot
 * send without control, no decision sent twice, handover-service's owner equal to Meta's, no record dead-lettered,
 * and every conversation the bot owns answers one more guided message (none muted). Recovery is measured by
 * {@link Probes} and printed, with the rest, as one table.
 *
 * <p>The drills kill and restart the shared stack's processes, so this class runs after every other one
 * ({@link Order}; {@code junit-platform.properties} orders classes by it).
 *
 * <p>Settings (system properties): {@code e2e.seed}; {@code e2e.drills} (ids, comma-separated, default all:
 * {@value #ALL_DRILLS}); {@code e2e.soak=true} runs the same drills longer and faster, round after round, for
 * {@code e2e.soak.minutes} (default 30), a new conversation every {@code e2e.soak.everyMillis} (default 150),
 * conversations starting until {@code e2e.soak.loadSeconds} (default 60; 3 in the suite) after the fault's end.
 */
@ExtendWith(StackExtension.class)
@Order(Integer.MAX_VALUE)
class FaultDrillsTest {

    static final String ALL_DRILLS = "kill-ingress,kill-routing,kill-handover,kill-bot,broker,database,meta,rolling";

    private static final List<String> REPLICATED = List.of("routing-service", "handover-service", "bot-service");
    /** The key-ordered consumers of each service ({@code KeyedSequencer}), each drained at a graceful stop. */
    private static final Map<String, Integer> KEYED_CHANNELS = Map.of("handover-service", 2, "bot-service", 1);
    private static final int REPLICAS = 2;
    private static final Duration RECOVERY_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration GRACEFUL_STOP = Duration.ofSeconds(30);
    /** How late Meta answers in the slow half of its outage: below every client's read timeout (4 s, 10 s). */
    private static final Duration SLOW_META = Duration.ofSeconds(3);

    private final E2eStack stack;
    private final MessengerEmulator meta;
    private final Conversations conversations;
    private final Settings settings = Settings.fromSystemProperties();
    /** The graceful stops of the drill running (the rolling restart's), each with what its log said. */
    private final List<GracefulStopVerdict> gracefulStops = new CopyOnWriteArrayList<>();

    FaultDrillsTest(E2eStack stack) {
        this.stack = stack;
        this.meta = stack.emulator();
        this.conversations = new Conversations(stack);
    }

    @Test
    void nothingIsLostMutedOrSentTwiceWhileProcessesTheBrokerTheDatabaseOrMetaFail() throws Exception {
        long seed = Long.getLong("e2e.seed", System.nanoTime());
        System.out.printf("Fault drills%s: %s, %d replicas of %s, a conversation every %d ms, seed %d "
                + "(-De2e.seed=%d replays the conversations)%n", settings.soak ? " (soak)" : "", settings.drills,
                REPLICAS, REPLICATED, settings.every.toMillis(), seed, seed);
        long begin = System.nanoTime();
        conversations.activateDemoPage();
        JsonNode page = conversations.settings(World.DEMO_PAGE);
        RandomWalk walk = new RandomWalk(meta, page, settings.patience, settings.minSteps, settings.maxSteps);
        stack.scale(REPLICAS, REPLICATED.toArray(String[]::new));
        System.out.printf("  %d replicas each of %s ready after %.1f s%n", REPLICAS, REPLICATED,
                (System.nanoTime() - begin) / 1e9);

        Random seeds = new Random(seed);
        List<DrillResult> results = new ArrayList<>();
        meta.delivery().duplicateProbability(0.2);
        try {
            int round = 0;
            do {
                round++;
                for (String id : settings.drills) {
                    DrillResult result = run(drill(id), walk, seeds.nextLong());
                    results.add(round > 1 ? result.inRound(round) : result);
                    System.out.println("  " + DrillResult.HEADER + "\n  " + result.row());
                }
            } while (settings.soak && System.nanoTime() - begin < settings.soakLength.toNanos());
        } finally {
            meta.delivery().duplicateProbability(0);
        }

        System.out.printf("Fault drills (%d replicas of routing-, handover- and bot-service, seed %d), %.1f s:%n%s%n",
                REPLICAS, seed, (System.nanoTime() - begin) / 1e9, DrillResult.table(results));
        System.out.println("  actions " + walk.actions());
        SoftAssertions softly = new SoftAssertions();
        for (DrillResult r : results) {
            softly.assertThat(r.redelivered).as(r.name + ": duplicates delivered (the drill must exercise them)")
                    .isPositive();
            softly.assertThat(r.lost).as(r.name + ": accepted user events never processed").isEmpty();
            softly.assertThat(r.unowned).as(r.name + ": bot sends to a thread it did not own").isEmpty();
            softly.assertThat(r.duplicates).as(r.name + ": decisions sent more than once").isEmpty();
            softly.assertThat(r.ownerMismatches).as(r.name + ": owner of handover-service differing from Meta's")
                    .isEmpty();
            softly.assertThat(r.muted).as(r.name + ": bot-owned conversations that no longer answer").isEmpty();
            softly.assertThat(r.deadLetters).as(r.name + ": records dead-lettered").isEmpty();
            softly.assertThat(r.recovery).as(r.name + ": every probe answered within "
                    + RECOVERY_TIMEOUT.toMinutes() + " min").isPresent();
            softly.assertThat(r.failedConversations).as(r.name + ": conversations that failed").isZero();
            for (GracefulStopVerdict stop : r.gracefulStops) {
                softly.assertThat(stop.problems()).as(r.name + ": graceful stop of " + stop.replica()).isEmpty();
            }
        }
        softly.assertAll();
    }

    /** The fault of a drill id. */
    private Drill drill(String id) {
        return switch (id) {
            case "kill-ingress" -> kill("ingress-service", 1);
            case "kill-routing" -> kill("routing-service", 1);
            case "kill-handover" -> kill("handover-service", 1);
            case "kill-bot" -> kill("bot-service", 1);
            case "broker" -> new Drill("broker stopped " + settings.brokerOutage.toSeconds() + " s", (probes, load) -> {
                stack.broker().stop();
                hold(settings.brokerOutage, load, () -> !stack.broker().isRunning());
                stack.broker().start();
                probes.send();
            });
            case "database" -> new Drill("PostgreSQL stopped " + settings.databaseOutage.toSeconds() + " s",
                    (probes, load) -> {
                        stack.database().stop();
                        hold(settings.databaseOutage, load, () -> !stack.database().isRunning());
                        stack.database().start();
                        probes.send();
                    });
            case "meta" -> new Drill("Meta 503 " + settings.metaOutage.toSeconds() + " s, slow "
                    + settings.metaOutage.toSeconds() + " s", (probes, load) -> {
                        // Meta's usual outage first (503, code 2 "temporary": not handled), then answers 3 s late
                        for (Faults.Outage outage : List.of(Faults.Outage.temporary(Faults.ALL),
                                Faults.Outage.slow(Faults.ALL, SLOW_META))) {
                            long outageId = meta.faults().start(outage);
                            hold(settings.metaOutage, load, () -> meta.faults().active().containsKey(outageId));
                            meta.faults().clear(outageId);
                        }
                        probes.send();
                    });
            case "rolling" -> new Drill("rolling restart (SIGTERM), replica 1, 2", (probes, load) -> {
                for (int replica = 1; replica <= REPLICAS; replica++) {
                    // one step of a rollout: replica r of every replicated service at once, and in the first step
                    // the one ingress-service too (Meta's webhooks wait for it: Meta retries)
                    List<ReplicaRef> step = new ArrayList<>();
                    if (replica == 1) {
                        step.add(new ReplicaRef("ingress-service", 1));
                    }
                    for (String service : REPLICATED) {
                        step.add(new ReplicaRef(service, replica));
                    }
                    Map<ReplicaRef, Long> logMarks = new LinkedHashMap<>();
                    step.forEach(r -> logMarks.put(r, LogLines.mark(stack.log(r.service(), r.index()))));
                    List<GracefulStop> stops = stack.stopGracefully(step, GRACEFUL_STOP);
                    // the survivors serve alone now: recovery is how soon they serve every partition
                    probes.send();
                    for (GracefulStop stop : stops) {
                        gracefulStops.add(GracefulStopVerdict.of(stop, LogLines.since(
                                stack.log(stop.replica().service(), stop.replica().index()),
                                logMarks.get(stop.replica()))));
                    }
                    step.forEach(r -> stack.restart(r.service(), r.index()));
                    stack.awaitReady(step);
                    stack.awaitWhole();
                }
            });
            default -> throw new IllegalArgumentException("no drill " + id + "; drills: " + ALL_DRILLS);
        };
    }

    /** Kills a replica with SIGKILL and starts it again at once; the probes go out at the kill. */
    private Drill kill(String service, int replica) {
        String name = "kill -9 " + service + (stack.replicaCount(service) > 1 ? " (1 of " + stack.replicaCount(service)
                + ")" : "");
        return new Drill(name, (probes, load) -> {
            stack.kill(service, replica);
            probes.send();
            stack.restart(service, replica);
        });
    }

    /**
     * Keeps a fault in place for {@code outage}, under load: fails when the fault ends by itself or a conversation
     * fails meanwhile.
     */
    private static void hold(Duration outage, Load load, Callable<Boolean> faultHolds) {
        Waits.atMost(outage.plusSeconds(10), Duration.ofMillis(200)).alias("the fault held for " + outage)
                .during(outage).until(() -> faultHolds.call() && load.failed() == 0);
    }

    private DrillResult run(Drill drill, RandomWalk walk, long seed) throws Exception {
        long begin = System.nanoTime();
        Phases phases = new Phases(begin);
        gracefulStops.clear();
        long firstSeq = meta.journal().lastSeq();
        Map<String, Long> deadLettersBefore = stack.deadLetters();
        Map<String, Long> logMarks = logMarks();
        Probes probes = new Probes(meta);
        Optional<Duration> recovery;
        Set<String> users = new HashSet<>();
        long failed;
        try (Load load = Load.start(walk, seed, settings.every)) {
            // the fault strikes conversations under way, not an idle system
            await("traffic before the fault").atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(50))
                    .until(() -> load.started() >= settings.before);
            phases.end("before");
            drill.fault.inflict(probes, load);
            phases.end("fault");
            // conversations go on starting a while after the fault, and play to their ends through the recovery
            load.stopIn(settings.after);
            recovery = probes.awaitRecovery(RECOVERY_TIMEOUT);
            phases.end("probes");
            stack.awaitWhole();
            phases.end("whole");
            try {
                load.finish(settings.after.plus(Duration.ofMinutes(3)));
            } finally {
                failed = load.failed();
                users.addAll(load.users());
            }
            phases.end("conversations");
        }
        users.addAll(probes.users());
        settle(users, firstSeq);
        phases.end("settle");
        Set<String> muted = muted(users);
        phases.end("muted");
        Verdict verdict = Verdict.of(stack, conversations, users, firstSeq);
        verdict.explain(meta, conversations);
        Map<String, Long> deadLetters = new LinkedHashMap<>();
        stack.deadLetters().forEach((topic, end) -> {
            long added = end - deadLettersBefore.getOrDefault(topic, 0L);
            if (added > 0) {
                deadLetters.put(topic, added);
            }
        });
        System.out.println("  " + drill.name + ": " + phases);
        gracefulStops.forEach(stop -> System.out.println("    " + stop));
        OutageLines outageLines = OutageLines.of(logMarks, stack);
        System.out.println("    " + outageLines);
        return new DrillResult(drill.name, users.size(), verdict.redelivered(), verdict.userEvents().size(),
                verdict.processed(), verdict.unprocessed(), verdict.repeated(),
                verdict.withoutControl().stream().map(e -> e.seq() + " " + e.psid()).toList(),
                verdict.ownerMismatches(), muted, deadLetters, recovery, failed,
                Duration.ofNanos(System.nanoTime() - begin), List.copyOf(gracefulStops), outageLines);
    }

    /**
     * Waits until the drill's traffic has been dealt with: every webhook delivered, every accepted user event
     * processed, Meta's journal quiet for a moment (passes waiting for their confirmation done), owners agreeing.
     * Each wait ends as soon as its condition holds; one that runs out leaves what it waited for to the verdict.
     */
    private void settle(Set<String> users, long firstSeq) {
        eventually("every webhook delivered", Duration.ofMinutes(2), () -> meta.pendingDeliveries() == 0);
        eventually("every accepted user event processed", Duration.ofMinutes(1),
                () -> Verdict.unprocessed(stack, Verdict.acceptedUserEvents(meta, users, firstSeq)).isEmpty());
        AtomicLong lastSeq = new AtomicLong(-1);
        await("Meta's journal quiet").during(Duration.ofSeconds(3)).atMost(Duration.ofMinutes(1))
                .pollInterval(Duration.ofMillis(250)).until(() -> {
                    long seq = meta.journal().lastSeq();
                    return seq == lastSeq.getAndSet(seq) && meta.pendingDeliveries() == 0;
                });
        eventually("owners agreeing", Duration.ofSeconds(20),
                () -> Verdict.ownerMismatches(meta, conversations, users).isEmpty());
    }

    /**
     * Sends one more guided message in every conversation the bot owns on Meta's side and returns those that got no
     * answer within a minute: a conversation that is muted (e.g. its epoch left behind by a lost control change).
     */
    private Set<String> muted(Set<String> users) {
        List<String> botOwned = users.stream()
                .filter(psid -> World.OUR_APP.equals(meta.platform().owner(World.DEMO_PAGE, psid))).sorted().toList();
        long mark = meta.journal().lastSeq();
        botOwned.forEach(psid -> meta.user(World.DEMO_PAGE, psid).says(RandomWalk.GUIDED.get(2)));
        Set<String> silent = new TreeSet<>(botOwned);
        eventually("every bot-owned conversation answering", Duration.ofMinutes(1), () -> {
            silent.removeIf(psid -> RandomWalk.botSentSince(meta, psid, mark));
            return silent.isEmpty();
        });
        return silent;
    }

    /** Waits until {@code condition} holds, {@code most} at most; whether it held is for the caller to look at. */
    private static void eventually(String what, Duration most, Callable<Boolean> condition) {
        try {
            await(what).atMost(most).pollInterval(Duration.ofMillis(250)).until(condition);
        } catch (ConditionTimeoutException e) {
            System.out.println("  (" + what + ": not within " + most.toSeconds() + " s)");
        }
    }

    /** Where every service log ends now (its replicas' too), by file name. */
    private Map<String, Long> logMarks() {
        Map<String, Long> marks = new TreeMap<>();
        try (var files = java.nio.file.Files.list(stack.logs())) {
            files.filter(f -> f.getFileName().toString().endsWith("-service.log")
                    || f.getFileName().toString().matches(".*-service-\\d+\\.log"))
                    .forEach(f -> marks.put(f.getFileName().toString(), LogLines.mark(f)));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return marks;
    }

    /** Where a drill's time went: each phase's end, from the drill's start. */
    private static final class Phases {
        private final long begin;
        private long last;
        private final StringBuilder text = new StringBuilder();

        Phases(long begin) {
            this.begin = begin;
            this.last = begin;
        }

        void end(String phase) {
            long now = System.nanoTime();
            text.append(text.length() == 0 ? "" : ", ").append(phase).append(' ')
                    .append(String.format("%.1f s", (now - last) / 1e9));
            last = now;
        }

        @Override
        public String toString() {
            return text + String.format(" (%.1f s)", (last - begin) / 1e9);
        }
    }

    /**
     * A graceful stop and what it must show: readiness DOWN before the service stopped answering, and every record in
     * flight finished (the service's own shutdown lines: "records in flight finished", none "still running").
     */
    record GracefulStopVerdict(ReplicaRef replica, Duration took, boolean readinessFailedFirst, int drained,
            List<String> problems) {

        static GracefulStopVerdict of(GracefulStop stop, List<String> logLines) {
            List<String> problems = new ArrayList<>();
            if (!stop.readinessFailedFirst()) {
                problems.add("readiness did not answer DOWN before the service stopped answering");
            }
            int drained = (int) logLines.stream().filter(l -> l.contains("records in flight finished")).count();
            logLines.stream().filter(l -> l.contains("still running after")).forEach(l -> problems.add(l.trim()));
            if (KEYED_CHANNELS.getOrDefault(stop.replica().service(), 0) != drained) {
                problems.add(drained + " consumers drained at shutdown, not "
                        + KEYED_CHANNELS.getOrDefault(stop.replica().service(), 0));
            }
            return new GracefulStopVerdict(stop.replica(), stop.took(), stop.readinessFailedFirst(), drained,
                    List.copyOf(problems));
        }

        @Override
        public String toString() {
            return String.format("SIGTERM %s: stopped in %.1f s, readiness DOWN first: %s, consumers drained: %d%s",
                    replica, took.toMillis() / 1000.0, readinessFailedFirst ? "yes" : "NO", drained,
                    problems.isEmpty() ? "" : ", " + problems);
        }
    }

    /** What a drill does to the system while the load runs. */
    @FunctionalInterface
    private interface Fault {
        /** Inflicts the fault and sends {@code probes} at its end (a kill's end is the kill). */
        void inflict(Probes probes, Load load) throws Exception;
    }

    private record Drill(String name, Fault fault) {
    }

    /** What one drill did and found. */
    private record DrillResult(String name, int conversations, long redelivered, long events, long answered,
            Set<String> lost, List<String> duplicates, List<String> unowned, Map<String, String> ownerMismatches,
            Set<String> muted, Map<String, Long> deadLetters, Optional<Duration> recovery, long failedConversations,
            Duration took, List<GracefulStopVerdict> gracefulStops, OutageLines outageLines) {

        static final String HEADER = String.format("%-40s %6s %6s %8s %5s %5s %7s %7s %5s %4s %9s %6s", "drill",
                "conv", "events", "answered", "lost", "dup", "unowned", "owner≠", "muted", "dlq", "recovery", "took");

        DrillResult inRound(int round) {
            return new DrillResult(name + " #" + round, conversations, redelivered, events, answered, lost,
                    duplicates, unowned, ownerMismatches, muted, deadLetters, recovery, failedConversations, took,
                    gracefulStops, outageLines);
        }

        String row() {
            return String.format("%-40s %6d %6d %8d %5d %5d %7d %7d %5d %4d %9s %5.0fs", name, conversations, events,
                    answered, lost.size(), duplicates.size(), unowned.size(), ownerMismatches.size(), muted.size(),
                    deadLetters.values().stream().mapToLong(Long::longValue).sum(),
                    recovery.map(d -> String.format("%.1f s", d.toMillis() / 1000.0)).orElse("none"),
                    took.toMillis() / 1000.0);
        }

        static String table(List<DrillResult> results) {
            return "  " + HEADER + "\n" + results.stream().map(r -> "  " + r.row()).collect(Collectors.joining("\n"));
        }
    }

    /** The drills' sizes and rates: the suite's by default, the soak's with {@code -De2e.soak=true}. */
    private record Settings(boolean soak, List<String> drills, Duration every, int before, int minSteps,
            int maxSteps, Duration patience, Duration brokerOutage, Duration databaseOutage, Duration metaOutage,
            Duration soakLength, Duration after) {

        static Settings fromSystemProperties() {
            boolean soak = Boolean.getBoolean("e2e.soak");
            List<String> drills = Arrays.stream(System.getProperty("e2e.drills", ALL_DRILLS).split(","))
                    .map(String::trim).filter(s -> !s.isEmpty()).toList();
            return new Settings(soak, drills,
                    Duration.ofMillis(Long.getLong("e2e.soak.everyMillis", soak ? 150 : 700)),
                    soak ? 20 : 4,
                    soak ? 6 : 3, soak ? 14 : 6,
                    Duration.ofSeconds(soak ? 10 : 5),
                    Duration.ofSeconds(Long.getLong("e2e.drills.brokerOutageSeconds", soak ? 60 : 10)),
                    Duration.ofSeconds(Long.getLong("e2e.drills.databaseOutageSeconds", soak ? 120 : 30)),
                    Duration.ofSeconds(Long.getLong("e2e.drills.metaOutageSeconds", soak ? 60 : 10)),
                    Duration.ofMinutes(Long.getLong("e2e.soak.minutes", 30)),
                    Duration.ofSeconds(soak ? Long.getLong("e2e.soak.loadSeconds", 60) : 3));
        }
    }
}
