package org.handover.replay;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.handover.contracts.Topics;
import org.handover.replay.dlq.DeadLetterSelection;
import picocli.CommandLine.Option;

/** Which dead letters: by topic, time range, and dead-letter offsets or ids; in production or a namespace. */
public final class DlqOptions {

    @Option(names = "--topic", paramLabel = "TOPIC|all",
            description = "A consumed topic (conversation.inbound) or its dead-letter topic (conversation.inbound.dlq), "
                    + "or all; repeatable. Default: all, the dead-letter topic of every consumed topic.")
    List<String> topics;

    @Option(names = "--from", paramLabel = "TIME",
            description = "Dead-lettered at or after: an instant (2026-12-01T09:30:00Z), a UTC date-time "
                    + "(2026-12-01T09:30), or a time ago (90m, 6h, 2d). Default: the topic's beginning.")
    String from;

    @Option(names = "--to", paramLabel = "TIME", description = "Dead-lettered at or before, same forms, or now.")
    String to;

    @Option(names = "--offset", paramLabel = "N[-M]|P@N[-M]", split = ",",
            description = "Dead-letter offsets (of the one --topic), or ranges; repeatable.")
    List<String> offsets;

    @Option(names = "--id", paramLabel = "ID", split = ",",
            description = "An event id (a message mid), decision id or cause event id the record carries; "
                    + "repeatable. With --offset, a record named by either is selected.")
    List<String> ids;

    @Option(names = "--namespace", paramLabel = "NAME",
            description = "Read a replay's or shadow set's dead-letter topics (<NAME>.<topic>.dlq) instead of the "
                    + "production ones.")
    String namespace;

    /** Whether the command line names any selection at all (a re-drive wants one). */
    boolean anySelection() {
        return topics != null || from != null || to != null || offsets != null || ids != null;
    }

    /**
     * The selection, times relative to {@code now}.
     *
     * @throws IllegalArgumentException for a selection that makes no sense (a usage error)
     */
    DeadLetterSelection selection(Instant now) {
        String prefix = namespace == null ? "" : ReplayTool.ReplayCommand.validNamespace(namespace) + ".";
        Set<String> names = new LinkedHashSet<>();
        for (String topic : topics == null ? List.of("all") : topics) {
            String name = topic.strip();
            if (name.equalsIgnoreCase("all")) {
                Topics.CONSUMED.forEach(t -> names.add(prefix + Topics.deadLetter(t)));
                continue;
            }
            if (!name.matches("[a-zA-Z0-9._-]+")) {
                throw new IllegalArgumentException("--topic " + topic + ": not a topic name");
            }
            String dlq = name.endsWith(".dlq") ? name : Topics.deadLetter(name);
            names.add(dlq.startsWith(prefix) ? dlq : prefix + dlq);
        }
        List<DeadLetterSelection.OffsetRange> ranges = new ArrayList<>();
        for (String offset : offsets == null ? List.<String>of() : offsets) {
            ranges.add(DeadLetterSelection.OffsetRange.parse(offset));
        }
        if (!ranges.isEmpty() && names.size() != 1) {
            throw new IllegalArgumentException("--offset needs exactly one --topic: each dead-letter topic has its "
                    + "own offsets");
        }
        Instant start = from == null ? null : ConversationOptions.time(from, "--from", now);
        Instant end = to == null ? null : ConversationOptions.time(to, "--to", now);
        if (start != null && end != null && end.isBefore(start)) {
            throw new IllegalArgumentException("--to " + to + " is before --from " + from);
        }
        Set<String> idSet = new LinkedHashSet<>();
        for (String id : ids == null ? List.<String>of() : ids) {
            if (!id.isBlank()) {
                idSet.add(id.strip());
            }
        }
        return new DeadLetterSelection(List.copyOf(names), start, end, ranges, idSet);
    }
}
