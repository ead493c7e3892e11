package org.handover.emulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.handover.contracts.Messenger;

/** Turns a conversation's journal entries into the lines a person reads: who said what, who took the thread. */
public final class Transcripts {

    private Transcripts() {
    }

    /**
     * The transcript of one conversation.
     *
     * @param entries the conversation's journal entries, in order
     * @param appName the display name of an app id
     */
    public static List<TranscriptLine> of(List<JournalEntry> entries, Function<String, String> appName) {
        List<TranscriptLine> lines = new ArrayList<>();
        for (JournalEntry e : entries) {
            switch (e.type()) {
                case USER -> lines.add(new TranscriptLine(e.at(), "user", e.psid(), userText(e), List.of()));
                case SEND_API -> {
                    if (e.ok()) {
                        String speaker = Messenger.PAGE_INBOX_APP_ID.equals(e.appId()) ? "agent" : "bot";
                        lines.add(new TranscriptLine(e.at(), speaker, appName.apply(e.appId()),
                                e.detail("text") == null ? "(attachment)" : e.detail("text"), quickReplies(e)));
                    }
                }
                case AGENT -> {
                    if ("reply".equals(e.action())) {
                        lines.add(new TranscriptLine(e.at(), "agent", "Page Inbox", e.detail("text"), List.of()));
                    } else if ("done".equals(e.action()) && e.ok()) {
                        lines.add(new TranscriptLine(e.at(), "control", "Page Inbox",
                                "agent marks the conversation done", List.of()));
                    } else if ("move_to_inbox".equals(e.action())) {
                        lines.add(new TranscriptLine(e.at(), "control", "Page Inbox",
                                "agent moves the conversation into the Inbox (request_thread_control)", List.of()));
                    }
                }
                case OWNER_CHANGE -> lines.add(new TranscriptLine(e.at(), "control", e.appId(),
                        "thread owner: " + e.detail("fromName") + " -> " + e.detail("toName") + " (" + e.action()
                                + ")", List.of()));
                default -> {
                    // API reads, webhooks and setup are in the journal, not in what a person reads.
                }
            }
        }
        return lines;
    }

    /** The transcript as text, one line each. */
    public static String render(List<TranscriptLine> lines) {
        StringBuilder text = new StringBuilder();
        for (TranscriptLine line : lines) {
            text.append(line.render()).append('\n');
        }
        return text.toString();
    }

    private static String userText(JournalEntry e) {
        String text = e.detail("text");
        return switch (e.action()) {
            case "quick_reply" -> "[taps] " + text;
            case "postback" -> "[presses] " + text;
            case "click" -> "[clicks] " + text + " -> " + e.detail("landedOn");
            default -> text;
        };
    }

    @SuppressWarnings("unchecked")
    private static List<String> quickReplies(JournalEntry e) {
        Map<String, Object> details = e.details();
        Object replies = details == null ? null : details.get("quickReplies");
        return replies instanceof List<?> list ? (List<String>) list : List.of();
    }
}
