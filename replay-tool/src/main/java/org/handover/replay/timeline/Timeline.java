package org.handover.replay.timeline;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A conversation's records across every topic, in time order.
 *
 * @param query    what was asked
 * @param entries  the records, oldest first (ties in path order: raw before its classification before its decision)
 * @param notes    what the reader could not look at (a missing topic, say), for the reader of the output
 * @param scanned  how many records were read to find them (the others were skipped by seeking)
 */
public record Timeline(TimelineQuery query, List<TimelineEntry> entries, List<String> notes, long scanned) {

    public Timeline {
        entries = List.copyOf(entries);
        notes = List.copyOf(notes);
    }

    /** This timeline with {@code more} entries (bulletin steps) and {@code moreNotes}, in time and path order. */
    public Timeline with(List<TimelineEntry> more, List<String> moreNotes) {
        List<TimelineEntry> all = new ArrayList<>(entries);
        all.addAll(more);
        all.sort(Comparator.comparing(TimelineEntry::at).thenComparing(TimelineEntry::stage)
                .thenComparingLong(TimelineEntry::offset));
        List<String> notes = new ArrayList<>(this.notes);
        notes.addAll(moreNotes);
        return new Timeline(query, all, notes, scanned);
    }

    public List<TimelineEntry> of(Stage stage) {
        return entries.stream().filter(e -> e.stage() == stage).toList();
    }
}
