package org.handover.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.handover.emulator.JournalEntry;
import org.handover.emulator.MessengerEmulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Many conversations at once, each a {@link RandomWalk} through what users and agents do, with Meta redelivering a
 * share of its webhooks, and nobody waiting for the bot between actions. Over the emulator's journal ({@link
 * Verdict}): the bot never sends to a thread it does not own, never sends one decision twice, and every webhook event
 * that ingress-service accepted was processed (user messages by their id in handover-service's dedupe table,
 * thread-control events by handover-service ending up with the owner Meta has).
 *
 * <p>Size and seed: {@code -De2e.conversations=30 -De2e.seed=<n>} (the seed is printed, so a failure can be replayed).
 */
@ExtendWith(StackExtension.class)
class RandomizedConversationsTest {

    /** How long a person waits for the bot or for the inbox before going on. */
    private static final Duration PATIENCE = Duration.ofSeconds(10);

    private final MessengerEmulator meta;
    private final E2eStack stack;
    private final Conversations conversations;

    RandomizedConversationsTest(E2eStack stack) {
        this.stack = stack;
        this.meta = stack.emulator();
        this.conversations = new Conversations(stack);
    }

    @Test
    void randomInterleavingsNeverMakeTheBotSpeakOutOfTurn() throws Exception {
        int count = Integer.getInteger("e2e.conversations", 30);
        long seed = Long.getLong("e2e.seed", System.nanoTime());
        System.out.printf("Randomized end-to-end run: %d conversations, seed %d (-De2e.seed=%d replays it)%n", count,
                seed, seed);
        conversations.activateDemoPage();
        JsonNode page = conversations.settings(World.DEMO_PAGE);
        RandomWalk walk = new RandomWalk(meta, page, PATIENCE, 6, 14);
        long firstSeq = meta.journal().lastSeq();
        meta.delivery().duplicateProbability(0.2);
        long begin = System.nanoTime();
        AtomicLong played = new AtomicLong();
        List<String> users = new ArrayList<>();
        Random seeds = new Random(seed);
        ExecutorService pool = Executors.newFixedThreadPool(10);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String psid = Conversations.newUser();
                users.add(psid);
                Random random = new Random(seeds.nextLong());
                running.add(pool.submit(() -> {
                    walk.play(psid, random);
                    return null;
                }));
            }
            for (Future<?> conversation : running) {
                conversation.get(5, TimeUnit.MINUTES);
            }
            played.set(System.nanoTime());
            awaitQuiet();
        } finally {
            pool.shutdownNow();
            meta.delivery().duplicateProbability(0);
        }
        Set<String> ours = new HashSet<>(users);
        long settled = System.nanoTime();

        Verdict verdict = Verdict.of(stack, conversations, ours, firstSeq);
        List<JournalEntry> journal = meta.journal().since(firstSeq);
        System.out.printf("""
                Randomized end-to-end result (seed %d):
                  conversations                 %d
                  actions                       %s
                  webhook POSTs accepted        %d (%d redelivered duplicates), %d events
                  user events checked           %d, processed %d
                  bot Send API calls            %d (%d sent, %d refused), %d distinct decisions
                  pass / take thread control    %d / %d
                  sends without control         %d
                  decisions sent twice          %d
                  owner mismatches              %d
                  played in %.1f s, settled in %.1f s
                """, seed, users.size(), walk.actions(), verdict.webhooks(), verdict.redelivered(),
                verdict.acceptedEvents(), verdict.userEvents().size(), verdict.processed(), verdict.sends().size(),
                verdict.sent(), verdict.sends().size() - verdict.sent(), verdict.distinctSent(),
                calls(journal, ours, "pass_thread_control"), calls(journal, ours, "take_thread_control"),
                verdict.withoutControl().size(), verdict.repeated().size(), verdict.ownerMismatches().size(),
                (played.get() - begin) / 1e9, (settled - played.get()) / 1e9);
        verdict.explain(meta, conversations);

        assertThat(verdict.redelivered()).as("duplicates delivered (the run must exercise them)").isPositive();
        assertThat(verdict.withoutControl()).as("bot sends to a thread it did not own").isEmpty();
        assertThat(verdict.repeated()).as("decisions sent more than once").isEmpty();
        assertThat(verdict.unprocessed()).as("accepted user events handover-service never processed").isEmpty();
        assertThat(verdict.ownerMismatches()).as("conversations whose owner handover-service got wrong").isEmpty();
    }

    /**
     * Waits until the system has nothing left to do: every webhook delivered, and Meta's journal unchanged for a few
     * seconds (passes waiting for a confirmation included).
     */
    private void awaitQuiet() {
        AtomicLong lastSeq = new AtomicLong(-1);
        await("the system to settle").during(Duration.ofSeconds(8)).atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    long seq = meta.journal().lastSeq();
                    return seq == lastSeq.getAndSet(seq) && meta.pendingDeliveries() == 0;
                });
    }

    private static long calls(List<JournalEntry> journal, Set<String> users, String call) {
        return journal.stream().filter(e -> e.type() == JournalEntry.Type.THREAD_CONTROL
                && World.OUR_APP.equals(e.appId()) && users.contains(e.psid()) && call.equals(e.action())).count();
    }
}
