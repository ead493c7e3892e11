package org.handover.replay.timeline;

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

    public List<TimelineEntry> of(Stage stage) {
        return entries.stream().filter(e -> e.stage() == stage).toList();
    }
}
