package org.handover.e2e;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.core.ConditionTimeoutException;
import org.handover.emulator.JournalEntry;
import org.handover.emulator.MessengerEmulator;

/**
 * One conversation as a random walk through what users and agents do (guided messages, free text, accepting and
 * rejecting the handover, stickers, agents replying and marking done, the inbox requesting threads). Like people,
 * they sometimes wait for the bot's answer (or for the thread to reach the inbox) before going on, and sometimes do
 * not; running out of patience is part of the walk, not a failure. The randomized run and the fault drills play it.
 */
final class RandomWalk {

    static final List<String> GUIDED = List.of("hi", "opening hours", "delivery", "returns", "track");
    private static final List<String> FREE_TEXT = List.of("Can I pay with a cheque?", "my saddle squeaks",
            "Do you sell tandems?", "I want to talk to someone", "the app crashes when I pay");
    private static final List<String> WHILE_WAITING = List.of("hello?", "anyone there?", "it is urgent",
            "thanks", "ok");

    private final MessengerEmulator meta;
    private final String pageId;
    private final JsonNode page;
    private final Duration patience;
    private final int minSteps;
    private final int maxSteps;
    private final Map<String, AtomicLong> actions = new ConcurrentHashMap<>();

    /**
     * @param page     the demo page's settings as handover-service holds them (the question's answers)
     * @param patience how long a person waits for the bot or for the inbox before going on
     * @param minSteps fewest actions after the first guided message
     * @param maxSteps most actions after the first guided message
     */
    RandomWalk(MessengerEmulator meta, JsonNode page, Duration patience, int minSteps, int maxSteps) {
        this(meta, World.DEMO_PAGE, page, patience, minSteps, maxSteps);
    }

    /** A walk on the page {@code pageId} (one of the demo pages: the guided texts are their catalogs' keywords). */
    RandomWalk(MessengerEmulator meta, String pageId, JsonNode page, Duration patience, int minSteps, int maxSteps) {
        this.meta = meta;
        this.pageId = pageId;
        this.page = page;
        this.patience = patience;
        this.minSteps = minSteps;
        this.maxSteps = maxSteps;
    }

    /** How often each action was taken so far, by name. */
    Map<String, Long> actions() {
        Map<String, Long> counts = new TreeMap<>();
        actions.forEach((action, count) -> counts.put(action, count.get()));
        return counts;
    }

    /**
     * One conversation of the demo page's user {@code psid}: a guided message, then {@code minSteps} to
     * {@code maxSteps} random actions of the user and the agent.
     */
    void play(String psid, Random random) {
        MessengerEmulator.User user = meta.user(pageId, psid);
        MessengerEmulator.Agent agent = meta.agent(pageId);
        long mark = meta.journal().lastSeq();
        user.says(pick(random, GUIDED));
        count("user: guided");
        awaitBotAfter(psid, mark);
        int steps = minSteps + random.nextInt(maxSteps - minSteps + 1);
        for (int i = 0; i < steps; i++) {
            // a moment to look at the screen: until Meta delivered what happened last, or 300 ms at most
            long last = mark;
            waitAtMost(Duration.ofMillis(1 + random.nextInt(300)), () -> deliveredSince(psid, last));
            String owner = meta.platform().owner(pageId, psid);
            boolean patient = random.nextInt(100) < 60;
            mark = meta.journal().lastSeq();
            try {
                if (World.INBOX.equals(owner)) {
                    int roll = random.nextInt(100);
                    if (roll < 35) {
                        user.says(pick(random, WHILE_WAITING));
                        count("user: to the agent");
                    } else if (roll < 70) {
                        agent.replies(psid, "Agent here, looking into it (" + i + ")");
                        count("agent: reply");
                    } else {
                        agent.marksDone(psid);
                        count("agent: done");
                        if (patient) {
                            awaitBotAfter(psid, mark);
                        }
                    }
                    continue;
                }
                List<String> offered = user.offered();
                String accept = page.path("acceptTitle").asText();
                String reject = page.path("rejectTitle").asText();
                // asked "Change to agent?", people mostly answer; otherwise they write, tap, or an agent steps in
                int roll = random.nextInt(100);
                boolean asked = offered.contains(accept);
                if (asked && roll < 45) {
                    user.taps(accept);
                    count("user: accept");
                    if (patient) {
                        awaitOwner(psid, World.INBOX);
                    }
                    continue;
                } else if (asked && roll < 65) {
                    user.taps(reject);
                    count("user: reject");
                } else if (roll < 25) {
                    user.says(pick(random, GUIDED));
                    count("user: guided");
                } else if (roll < 45) {
                    user.says(pick(random, FREE_TEXT));
                    count("user: free text");
                } else if (roll < 80) {
                    agent.movesToInbox(psid);
                    count("agent: request thread");
                    if (patient) {
                        awaitOwner(psid, World.INBOX);
                    }
                    continue;
                } else if (roll < 92 && !offered.isEmpty()) {
                    user.taps(pick(random, offered));
                    count("user: tap");
                } else {
                    user.sticker();
                    count("user: sticker");
                }
                if (patient) {
                    awaitBotAfter(psid, mark);
                }
            } catch (IllegalStateException | IllegalArgumentException e) {
                // the thread moved between looking and acting (the agent is done already, a quick reply expired)
                count("skipped: " + e.getClass().getSimpleName());
            }
        }
    }

    /** Waits ({@code patience} at most, as a person would) until the bot sent something here after {@code mark}. */
    private void awaitBotAfter(String psid, long mark) {
        if (!waitAtMost(patience, () -> botSentSince(meta, psid, mark))) {
            count("waited in vain for the bot");
        }
    }

    /** Waits ({@code patience} at most) until {@code appId} owns the thread. */
    private void awaitOwner(String psid, String appId) {
        if (!waitAtMost(patience, () -> appId.equals(meta.platform().owner(pageId, psid)))) {
            count("waited in vain for the owner");
        }
    }

    /** Whether our app called the Send API in this conversation after journal entry {@code mark}. */
    static boolean botSentSince(MessengerEmulator meta, String psid, long mark) {
        return meta.journal().since(mark).stream().anyMatch(e -> e.type() == JournalEntry.Type.SEND_API
                && World.OUR_APP.equals(e.appId()) && psid.equals(e.psid()));
    }

    /** Whether Meta delivered to our app a webhook with an event of this conversation after entry {@code mark}. */
    private boolean deliveredSince(String psid, long mark) {
        return meta.journal().since(mark).stream().anyMatch(e -> e.type() == JournalEntry.Type.WEBHOOK
                && World.OUR_APP.equals(e.appId())
                && Conversations.events(e).stream().anyMatch(event -> psid.equals(event.get("psid"))));
    }

    /**
     * Waits until {@code condition} holds, {@code most} at most; a person who stops waiting goes on with the
     * conversation, so running out of time is an answer here, not a failure.
     *
     * @return whether the condition came true in time
     */
    private static boolean waitAtMost(Duration most, Callable<Boolean> condition) {
        try {
            await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(20)).atMost(most).until(condition);
            return true;
        } catch (ConditionTimeoutException e) {
            return false;
        }
    }

    private void count(String action) {
        actions.computeIfAbsent(action, a -> new AtomicLong()).incrementAndGet();
    }

    static <T> T pick(Random random, List<T> values) {
        return values.get(random.nextInt(values.size()));
    }
}
