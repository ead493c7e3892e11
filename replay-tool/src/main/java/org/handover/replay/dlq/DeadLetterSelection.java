package org.handover.replay.dlq;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Which dead letters a command is about: those of some dead-letter topics, dead-lettered in a time range, and, when
 * ids are given, only those they name (by dead-letter offset or by an id the record carries).
 *
 * @param topics  the dead-letter topics to read, with their namespace prefix
 * @param from    dead-lettered at or after this, {@code null} for no bound
 * @param to      dead-lettered at or before this, {@code null} for no bound
 * @param offsets dead-letter offsets; with {@code ids}, a record named by either is selected; both empty: every
 *                record of the topics and time range
 * @param ids     event, decision or message ids (see {@link DeadLetter#ids()})
 */
public record DeadLetterSelection(List<String> topics, Instant from, Instant to, List<OffsetRange> offsets,
        Set<String> ids) {

    public DeadLetterSelection {
        topics = List.copyOf(topics);
        offsets = List.copyOf(offsets);
        ids = Set.copyOf(ids);
    }

    /** Whether the selection names records one by one (offsets or ids) rather than by topic and time. */
    public boolean byIds() {
        return !offsets.isEmpty() || !ids.isEmpty();
    }

    /** Whether {@code letter} (of one of {@link #topics()}) is selected. */
    public boolean matches(DeadLetter letter) {
        if (from != null && letter.at().isBefore(from) || to != null && letter.at().isAfter(to)) {
            return false;
        }
        if (!byIds()) {
            return true;
        }
        return offsets.stream().anyMatch(range -> range.contains(letter.record().partition(), letter.record().offset()))
                || letter.ids().stream().anyMatch(ids::contains);
    }

    /**
     * Offsets {@code first} to {@code last} (inclusive) of a dead-letter topic, in one partition or, when
     * {@code partition} is {@code null}, in any (the dead-letter topics have one).
     */
    public record OffsetRange(Integer partition, long first, long last) {

        public OffsetRange {
            if (first < 0 || last < first) {
                throw new IllegalArgumentException("offsets " + first + "-" + last + ": not a range");
            }
        }

        /** Parses {@code N}, {@code N-M}, {@code P@N} or {@code P@N-M}. */
        public static OffsetRange parse(String text) {
            String value = text.strip();
            if (!value.matches("(\\d{1,9}@)?\\d{1,18}(-\\d{1,18})?")) {
                throw new IllegalArgumentException("--offset " + text + ": use N, N-M, or PARTITION@N[-M]");
            }
            Integer partition = null;
            int at = value.indexOf('@');
            if (at >= 0) {
                partition = Integer.valueOf(value.substring(0, at));
                value = value.substring(at + 1);
            }
            int dash = value.indexOf('-');
            long first = Long.parseLong(dash < 0 ? value : value.substring(0, dash));
            long last = dash < 0 ? first : Long.parseLong(value.substring(dash + 1));
            return new OffsetRange(partition, first, last);
        }

        boolean contains(int recordPartition, long offset) {
            return (partition == null || partition == recordPartition) && offset >= first && offset <= last;
        }
    }
}
