package org.handover.replay.shadow;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.handover.contracts.OutboundReasons;
import org.handover.contracts.SourceRef;
import org.handover.replay.timeline.Stage;
import org.handover.replay.timeline.Timeline;
import org.handover.replay.timeline.TimelineEntry;

/**
 * Lines up what happened with what the replay decided, raw event by raw event.
 *
 * <p>Every record of both timelines is attached to the raw event that caused it: a classification through its
 * source position, a decision or control change through its cause event id, an outbound result through its
 * decision. What has no link (a decision a timer made, a dead letter) goes with the latest raw event before it. What a
 * raw event <em>outside</em> the fed slice caused is left out on both sides: the classification of an event just
 * before or after the window (the echo of the bot's last message, written a moment after the window's end, say), and
 * whatever that classification led to, is in the recorded timeline (its later stages are read with a grace period)
 * but was never fed to the replay; attached to the latest fed event, it would make the comparison depend on the
 * moment the recorded timeline was read. Each record is reduced to its <em>outcome</em> (class, decision, owner,
 * what became of a message): ids, epochs and times differ between the two runs by construction and are left out of
 * the comparison. A message the shadow bot-service refused only because of shadow mode counts as sent: that is what
 * it would have done.
 */
public final class Comparison {

    /** One raw event with what each run made of it. */
    public record Step(int number, TimelineEntry raw, List<String> recorded, List<String> replayed) {

        public boolean same() {
            return recorded.stream().sorted().toList().equals(replayed.stream().sorted().toList());
        }
    }

    private final List<Step> steps;

    private Comparison(List<Step> steps) {
        this.steps = List.copyOf(steps);
    }

    /**
     * @param recorded  the original timeline
     * @param replayed  the replay's timeline (its own namespace)
     * @param fed       for each raw record of the original fed to the replay, in order, where the copy landed
     */
    public static Comparison of(Timeline recorded, Timeline replayed, List<Fed> fed) {
        List<TimelineEntry> originals = new ArrayList<>();
        Map<String, Integer> recordedRaw = new HashMap<>();
        Map<String, Integer> replayedRaw = new HashMap<>();
        for (int i = 0; i < fed.size(); i++) {
            Fed f = fed.get(i);
            recordedRaw.put(position(f.original()), i);
            replayedRaw.put(position(f.copy()), i);
        }
        for (Fed f : fed) {
            originals.add(recorded.entries().stream().filter(e -> e.stage() == Stage.RAW && e.isAt(f.original()))
                    .findFirst().orElse(null));
        }
        List<List<String>> recordedOutcomes = attach(recorded, recordedRaw, fed.size());
        List<List<String>> replayedOutcomes = attach(replayed, replayedRaw, fed.size());
        List<Step> steps = new ArrayList<>();
        for (int i = 0; i < fed.size(); i++) {
            steps.add(new Step(i + 1, originals.get(i), recordedOutcomes.get(i + 1), replayedOutcomes.get(i + 1)));
        }
        return new Comparison(steps);
    }

    public List<Step> steps() {
        return steps;
    }

    public long differences() {
        return steps.stream().filter(s -> !s.same()).count();
    }

    /** Index 0: before the first fed raw event; index i: caused by the i-th fed raw event. */
    private static List<List<String>> attach(Timeline timeline, Map<String, Integer> rawIndex, int count) {
        List<List<String>> groups = new ArrayList<>();
        for (int i = 0; i <= count; i++) {
            groups.add(new ArrayList<>());
        }
        Map<String, Integer> byEventId = new HashMap<>();
        Map<String, Integer> byDecisionId = new HashMap<>();
        // caused by a raw event that was not fed: classified events and their decisions, left out
        Set<String> outsideEvents = new HashSet<>();
        Set<String> outsideDecisions = new HashSet<>();
        int latest = 0;
        List<TimelineEntry> entries = new ArrayList<>(timeline.entries());
        entries.sort(Comparator.comparing(TimelineEntry::at).thenComparing(TimelineEntry::stage)
                .thenComparingLong(TimelineEntry::offset));
        for (TimelineEntry entry : entries) {
            Integer index = null;
            switch (entry.stage()) {
                case RAW -> {
                    Integer fedIndex = rawIndex.get(entry.topic() + "/" + entry.partition() + "/" + entry.offset());
                    if (fedIndex != null) {
                        latest = fedIndex + 1;
                    }
                    continue;
                }
                case INBOUND -> {
                    Integer fedIndex = entry.source() == null ? null : rawIndex.get(position(entry.source()));
                    if (entry.source() != null && fedIndex == null) {
                        // a duplicate of a fed event keeps what the fed one caused
                        if (entry.eventId() != null && !byEventId.containsKey(entry.eventId())) {
                            outsideEvents.add(entry.eventId());
                        }
                        continue;
                    }
                    index = fedIndex == null ? null : fedIndex + 1;
                    if (index != null && entry.eventId() != null) {
                        byEventId.putIfAbsent(entry.eventId(), index);
                    }
                }
                case DECISION -> {
                    if (causedOutside(entry, byEventId, outsideEvents)) {
                        if (entry.decisionId() != null) {
                            outsideDecisions.add(entry.decisionId());
                        }
                        continue;
                    }
                    index = entry.causeEventId() == null ? null : byEventId.get(entry.causeEventId());
                    if (entry.decisionId() != null) {
                        byDecisionId.putIfAbsent(entry.decisionId(), index == null ? latest : index);
                    }
                }
                case CONTROL -> {
                    if (causedOutside(entry, byEventId, outsideEvents)) {
                        continue;
                    }
                    index = entry.causeEventId() == null ? null : byEventId.get(entry.causeEventId());
                }
                case OUTBOUND -> {
                    if (entry.decisionId() != null && outsideDecisions.contains(entry.decisionId())
                            && !byDecisionId.containsKey(entry.decisionId())) {
                        continue;
                    }
                    index = entry.decisionId() == null ? null : byDecisionId.get(entry.decisionId());
                }
                case DEAD_LETTER -> index = null;
                case CLICK -> {
                    // a user's click, not something the services decided: a replay has nothing to compare it with
                    continue;
                }
                case BULLETIN -> {
                    // handover-service's record of a bulletin's copy, read from its database, not from topics: a
                    // replay's timeline has none (its orders and results are compared as decisions and outbound)
                    continue;
                }
                default -> throw new IllegalStateException("unknown stage " + entry.stage());
            }
            groups.get(index == null ? latest : index).add(outcome(entry));
        }
        return groups;
    }

    /** Whether a decision or control change answers a classified event that came from a raw event not fed. */
    private static boolean causedOutside(TimelineEntry entry, Map<String, Integer> byEventId,
            Set<String> outsideEvents) {
        String cause = entry.causeEventId();
        return cause != null && !byEventId.containsKey(cause) && outsideEvents.contains(cause);
    }

    /** What a record says, without ids, epochs or times. */
    static String outcome(TimelineEntry entry) {
        JsonNode v = entry.value();
        if (v == null) {
            return entry.stage().label() + " " + entry.summary();
        }
        return switch (entry.stage()) {
            case INBOUND -> "classified " + v.path("eventClass").asText() + " " + v.path("kind").asText()
                    + optional(" payload ", v.path("guidedPayload"));
            case DECISION -> v.path("control").isObject()
                    ? "control to " + v.path("control").path("owner").asText()
                            + optional(" (", v.path("control").path("cause"), ")")
                    : "order " + v.path("order").path("kind").asText()
                            + optional(" payload ", v.path("order").path("guidedPayload"));
            case CONTROL -> "owner " + v.path("owner").asText();
            case OUTBOUND -> outboundOutcome(v);
            case DEAD_LETTER -> "dead-lettered";
            case CLICK -> "clicked link " + v.path("linkIndex").asInt();
            case BULLETIN -> "bulletin " + v.path("state").asText();
            case RAW -> "raw";
        };
    }

    private static String outboundOutcome(JsonNode v) {
        String kind = v.path("orderKind").asText();
        String outcome = v.path("outcome").asText();
        String reason = v.path("reason").asText("");
        if ("SENT".equals(outcome) || OutboundReasons.SHADOW.equals(reason)) {
            return "sent " + kind;
        }
        return outcome.toLowerCase(java.util.Locale.ROOT) + " " + kind + (reason.isEmpty() ? "" : " (" + reason + ")");
    }

    private static String optional(String label, JsonNode node) {
        return optional(label, node, "");
    }

    private static String optional(String label, JsonNode node, String end) {
        return node.isMissingNode() || node.isNull() ? "" : label + node.asText() + end;
    }

    private static String position(SourceRef ref) {
        return ref.topic() + "/" + ref.partition() + "/" + ref.offset();
    }

    /**
     * One raw record fed to the replay.
     *
     * @param original where it was in the recorded raw topic
     * @param copy     where its copy landed in the replay's raw topic
     */
    public record Fed(SourceRef original, SourceRef copy) {
    }
}
