package org.handover.emulator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Everything that happened on the emulated platform, in order: for assertions in tests and for a person to read.
 * Thread-safe; readers get copies.
 */
public final class Journal {

    private final List<JournalEntry> entries = new ArrayList<>();

    /** Appends an entry and returns it. {@code details} are given as name/value pairs; null values are left out. */
    public synchronized JournalEntry add(Instant at, JournalEntry.Type type, String pageId, String psid, String appId,
            String action, String outcome, Object... details) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i + 1 < details.length; i += 2) {
            if (details[i + 1] != null) {
                map.put(String.valueOf(details[i]), details[i + 1]);
            }
        }
        JournalEntry entry = new JournalEntry(entries.size() + 1L, at, type, pageId, psid, appId, action, outcome,
                Collections.unmodifiableMap(map));
        entries.add(entry);
        return entry;
    }

    /** Every entry, in order. */
    public synchronized List<JournalEntry> entries() {
        return List.copyOf(entries);
    }

    /** The entries after {@code seq} (0 for all), in order. */
    public synchronized List<JournalEntry> since(long seq) {
        int from = (int) Math.max(0, Math.min(seq, entries.size()));
        return List.copyOf(entries.subList(from, entries.size()));
    }

    /** The entries that match, in order. */
    public synchronized List<JournalEntry> select(Predicate<JournalEntry> filter) {
        return entries.stream().filter(filter).toList();
    }

    /** The entries of one conversation, in order. */
    public List<JournalEntry> conversation(String pageId, String psid) {
        return select(e -> Objects.equals(e.pageId(), pageId) && Objects.equals(e.psid(), psid));
    }

    /** Sequence number of the latest entry (0 when empty). */
    public synchronized long lastSeq() {
        return entries.size();
    }

    /** Send API calls by {@code appId} that were made while {@code appId} did not own the thread, sent or refused. */
    public List<JournalEntry> sendsWithoutControl(String appId) {
        return select(e -> e.type() == JournalEntry.Type.SEND_API && appId.equals(e.appId())
                && !"true".equals(e.detail("callerOwnedThread")));
    }

    /** Messages {@code appId} sent successfully. */
    public List<JournalEntry> sent(String appId) {
        return select(e -> e.type() == JournalEntry.Type.SEND_API && appId.equals(e.appId()) && e.ok());
    }
}
