package org.handover.emulator;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * One line of a conversation as a person would tell it: who said what, or who took the thread.
 *
 * @param at           when
 * @param speaker      {@code user}, {@code bot}, {@code agent}, {@code app} (another app) or {@code control}
 * @param who          the name of the app or the user id behind the speaker
 * @param text         what was said, or for {@code control} what happened
 * @param quickReplies the titles of the quick replies offered, if any
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record TranscriptLine(Instant at, String speaker, String who, String text, List<String> quickReplies) {

    public TranscriptLine {
        quickReplies = quickReplies == null ? List.of() : List.copyOf(quickReplies);
    }

    /** The line as printed: {@code user  > text}, {@code bot   > text [Yes | No]}, {@code ~~ owner: a -> b}. */
    public String render() {
        if ("control".equals(speaker)) {
            return "   ~~ " + text;
        }
        String line = String.format("%-6s> %s", speaker, text);
        return quickReplies.isEmpty() ? line : line + "  [" + String.join(" | ", quickReplies) + "]";
    }
}
