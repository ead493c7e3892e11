package org.handover.e2e;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.utils.Utils;
import org.awaitility.core.ConditionTimeoutException;
import org.handover.contracts.ConversationKey;
import org.handover.contracts.Topics;
import org.handover.emulator.JournalEntry;
import org.handover.emulator.MessengerEmulator;
import org.handover.harness.Waits;

/**
 * How a drill measures recovery. At the moment a fault ends (for a kill: the kill itself, for an outage: the moment
 * the broker, the database or Meta is back), one new user per partition of the conversation topics sends a guided
 * message; the batch's recovery is the time from that moment until the last of them has the bot's answer (Meta
 * accepted a Send API call to that user). One user per partition, because a dead consumer leaves its partitions
 * alone, not the whole topic: the slowest partition is what a user on it waits.
 */
final class Probes {

    private static final String TEXT = "opening hours";

    private final MessengerEmulator meta;
    private final List<Batch> batches = new ArrayList<>();
    private final Set<String> users = ConcurrentHashMap.newKeySet();

    Probes(MessengerEmulator meta) {
        this.meta = meta;
    }

    /** Sends one batch now: a guided message from a new user on each partition. */
    synchronized void send() {
        Instant at = Instant.now();
        long mark = meta.journal().lastSeq();
        List<String> batch = new ArrayList<>();
        for (String psid : onePerPartition()) {
            meta.user(World.DEMO_PAGE, psid).says(TEXT);
            batch.add(psid);
            users.add(psid);
        }
        batches.add(new Batch(at, mark, batch));
    }

    /** Every probing user so far. */
    Set<String> users() {
        return Set.copyOf(users);
    }

    /**
     * Waits until every probe has its answer, {@code timeout} at most.
     *
     * @return the worst batch's recovery, or empty when a probe had no answer in time
     */
    synchronized Optional<Duration> awaitRecovery(Duration timeout) {
        try {
            Waits.atMost(timeout, Duration.ofMillis(100)).alias("every probe answered")
                    .until(() -> batches.stream().allMatch(b -> b.recovery(meta).isPresent()));
        } catch (ConditionTimeoutException e) {
            return Optional.empty();
        }
        return batches.stream().map(b -> b.recovery(meta).orElseThrow()).max(Duration::compareTo);
    }

    /** New users, one whose conversation key falls on each partition of the conversation topics. */
    private static List<String> onePerPartition() {
        Map<Integer, String> byPartition = new LinkedHashMap<>();
        while (byPartition.size() < Topics.CONVERSATION_PARTITIONS) {
            String psid = Conversations.newUser();
            byPartition.putIfAbsent(partition(psid), psid);
        }
        return List.copyOf(byPartition.values());
    }

    /** The partition Kafka's default partitioner gives the conversation key of {@code psid}. */
    static int partition(String psid) {
        byte[] key = ConversationKey.of(World.DEMO_PAGE, psid).value().getBytes(StandardCharsets.UTF_8);
        return Utils.toPositive(Utils.murmur2(key)) % Topics.CONVERSATION_PARTITIONS;
    }

    /** Probes sent at one moment. */
    private record Batch(Instant at, long mark, List<String> psids) {

        /** From the batch's moment to the last probe's first answer; empty while one has none. */
        Optional<Duration> recovery(MessengerEmulator meta) {
            Instant last = at;
            for (String psid : psids) {
                Optional<Instant> answered = meta.journal().since(mark).stream()
                        .filter(e -> e.type() == JournalEntry.Type.SEND_API && e.ok()
                                && World.OUR_APP.equals(e.appId()) && psid.equals(e.psid()))
                        .map(JournalEntry::at).findFirst();
                if (answered.isEmpty()) {
                    return Optional.empty();
                }
                last = answered.get().isAfter(last) ? answered.get() : last;
            }
            return Optional.of(Duration.between(at, last));
        }
    }
}
