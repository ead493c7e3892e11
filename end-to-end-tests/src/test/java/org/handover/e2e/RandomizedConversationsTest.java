package org.handover.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * that ingress-service accepted was processed (user messages by their id in handover-service's dedupe table, or, for
 * an inert one such as a sticker alone, routing-service's classified record,
 * thread-control events by handover-service ending up with the owner Meta has).
 *
 * <p>Both demo pages at once, every other conversation on each: the Conversation Routing page and the legacy roles page
 * (so each setup gets half the conversations, and the run takes no longer than one page's did). The verdict is
 * taken per page.
 *
 * <p>Size and seed: {@code -De2e.conversations=30 -De2e.seed=<n>} (the seed is printed, so a failure can be replayed).
 */
@ExtendWith(StackExtension.class)
class RandomizedConversationsTest {

    /** How long a person waits for the bot or for the inbox before going on. */
    private static final Duration PATIENCE = Duration.ofSeconds(10);

    private final MessengerEmulator meta;
    private final E2eStack stack;

    RandomizedConversationsTest(E2eStack stack) {
        this.stack = stack;
        this.meta = stack.emulator();
    }

    @Test
    void randomInterleavingsNeverMakeTheBotSpeakOutOfTurn() throws Exception {
        int count = Integer.getInteger("e2e.conversations", 30);
        long seed = Long.getLong("e2e.seed", System.nanoTime());
        System.out.printf("Randomized end-to-end run: %d conversations, seed %d (-De2e.seed=%d replays it)%n", count,
                seed, seed);
        List<DemoPage> pages = DemoPage.both();
        Map<DemoPage, Conversations> conversations = new LinkedHashMap<>();
        Map<DemoPage, RandomWalk> walks = new LinkedHashMap<>();
        Map<DemoPage, List<String>> usersOf = new LinkedHashMap<>();
        for (DemoPage demo : pages) {
            Conversations onPage = new Conversations(stack, demo);
            onPage.activateDemoPage();
            conversations.put(demo, onPage);
            walks.put(demo, new RandomWalk(meta, demo.id(), onPage.settings(demo.id()), PATIENCE, 6, 14));
            usersOf.put(demo, new ArrayList<>());
        }
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
                DemoPage demo = pages.get(i % pages.size());
                usersOf.get(demo).add(psid);
                RandomWalk walk = walks.get(demo);
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
        long settled = System.nanoTime();
        List<JournalEntry> journal = meta.journal().since(firstSeq);
        Map<String, Long> actions = new java.util.TreeMap<>();
        walks.values().forEach(w -> w.actions().forEach((a, n) -> actions.merge(a, n, Long::sum)));
        System.out.printf("Randomized end-to-end run (seed %d): %d conversations on %d pages, actions %s, played in"
                + " %.1f s, settled in %.1f s%n", seed, users.size(), pages.size(), actions,
                (played.get() - begin) / 1e9, (settled - played.get()) / 1e9);
        long redelivered = 0;
        for (DemoPage demo : pages) {
            Conversations onPage = conversations.get(demo);
            Set<String> ours = new HashSet<>(usersOf.get(demo));
            Verdict verdict = Verdict.of(stack, onPage, ours, firstSeq);
            redelivered += verdict.redelivered();
            System.out.printf("""
                    Randomized end-to-end result, %s %s (seed %d):
                      conversations                 %d
                      webhook POSTs accepted        %d (%d redelivered duplicates), %d events
                      user events checked           %d, processed %d
                      bot Send API calls            %d (%d sent, %d refused), %d distinct decisions
                      pass / take thread control    %d / %d
                      sends without control         %d
                      decisions sent twice          %d
                      owner mismatches              %d
                    """, demo, demo.id(), seed, ours.size(), verdict.webhooks(), verdict.redelivered(),
                    verdict.acceptedEvents(), verdict.userEvents().size(), verdict.processed(),
                    verdict.sends().size(), verdict.sent(), verdict.sends().size() - verdict.sent(),
                    verdict.distinctSent(), calls(journal, ours, "pass_thread_control"),
                    calls(journal, ours, "take_thread_control"), verdict.withoutControl().size(),
                    verdict.repeated().size(), verdict.ownerMismatches().size());
            verdict.explain(meta, onPage);

            assertThat(verdict.withoutControl()).as("%s: bot sends to a thread it did not own", demo).isEmpty();
            assertThat(verdict.repeated()).as("%s: decisions sent more than once", demo).isEmpty();
            assertThat(verdict.unprocessed()).as("%s: accepted user events handover-service never processed", demo)
                    .isEmpty();
            assertThat(verdict.ownerMismatches()).as("%s: conversations whose owner handover-service got wrong",
                    demo).isEmpty();
            assertThat(journal).as("%s: our sends in these conversations all went to this page", demo)
                    .filteredOn(e -> e.type() == JournalEntry.Type.SEND_API && World.OUR_APP.equals(e.appId())
                            && ours.contains(e.psid()))
                    .extracting(JournalEntry::pageId).containsOnly(demo.id());
        }
        assertThat(redelivered).as("duplicates delivered (the run must exercise them)").isPositive();
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
