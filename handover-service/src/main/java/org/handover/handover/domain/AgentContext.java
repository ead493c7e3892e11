package org.handover.handover.domain;

import java.util.List;
import java.util.Objects;
import org.handover.contracts.InboundEvent;

/**
 * The context an agent gets with a conversation: the {@code metadata} of our {@code pass_thread_control} call, which
 * Meta hands to the receiving app in its {@code pass_thread_control} webhook event. It says why the conversation came,
 * which of the page's guided options the user went through, and which page it is; what the user wrote only where the
 * page's admin turned {@link PageSettings#shareUserWords()} on (then the start of the user's last typed message; a
 * guided option is the page's own id, never the user's words). Plain Java.
 *
 * <p>Meta's reference gives the metadata as a string; this keeps it within {@link #MAX_CHARS} characters (counted as
 * code points, so an emoji in a page's name is never cut in half): the guided path loses its oldest options first,
 * then the page's name is shortened.
 *
 * @param why        why control passes
 * @param pageId     the page
 * @param pageName   the page's label set by its admin, else its name on Facebook; {@code null} when neither is known
 * @param guidedPath the page's guided options the user chose before, oldest first
 * @param userWords  the start of what the user last typed, where the page shares it; else {@code null}
 */
public record AgentContext(Why why, String pageId, String pageName, List<String> guidedPath, String userWords) {

    /** The longest metadata this sends: Meta's limit on a thread-control call's metadata string. */
    public static final int MAX_CHARS = 1000;

    /** A page's name longer than this is shortened (with "…"); a page label is never longer. */
    static final int NAME_MAX = PageSettings.PAGE_LABEL_MAX;

    /** The most of the user's words told (code points): what an inbound event carries at most. */
    static final int USER_WORDS_MAX = InboundEvent.USER_TEXT_MAX;

    private static final String ELLIPSIS = "…";

    /** Why the conversation comes to the agent. */
    public enum Why {
        /** The bot did not understand the user's free text, asked the "Change to agent" question and the user said yes. */
        FREE_TEXT_ACCEPTED("free_text_accepted",
                "the user wrote something the bot could not answer and accepted the \"Change to agent\" question"),
        /** The user chose to talk to a person from a menu (a postback with the handover payload). */
        MENU("menu", "the user chose to talk to a person from the menu"),
        /** The Page Inbox (or another app) asked for the conversation ({@code request_thread_control}). */
        INBOX_REQUEST("inbox_request", "the inbox asked for the conversation");

        private final String code;
        private final String words;

        Why(String code, String words) {
            this.code = code;
            this.words = words;
        }

        /** A stable code for programs. */
        public String code() {
            return code;
        }

        /** What an agent reads. */
        public String words() {
            return words;
        }
    }

    public AgentContext {
        Objects.requireNonNull(why, "why");
        Objects.requireNonNull(pageId, "pageId");
        guidedPath = guidedPath == null ? List.of() : List.copyOf(guidedPath);
        userWords = userWords == null || userWords.isBlank() ? null : userWords.strip();
    }

    /** A context without the user's words. */
    public AgentContext(Why why, String pageId, String pageName, List<String> guidedPath) {
        this(why, pageId, pageName, guidedPath, null);
    }

    /**
     * The metadata: {@code Handover (<code>): <words>. Page: <name> (<id>). [The user wrote: "<words>".] Guided
     * options: A > B > C.}, at most {@link #MAX_CHARS} characters. The user's words (at most
     * {@link #USER_WORDS_MAX} characters, on one line) come before the options, which give way first.
     */
    public String metadata() {
        String head = "Handover (" + why.code() + "): " + why.words() + ". Page: " + page() + "."
                + (userWords == null ? "" : " The user wrote: \"" + cut(oneLine(userWords), USER_WORDS_MAX) + "\".");
        if (guidedPath.isEmpty()) {
            return cut(head + " Guided options: none.", MAX_CHARS);
        }
        String prefix = head + " Guided options: ";
        int room = MAX_CHARS - codePoints(prefix) - 1;
        // The newest options matter most to the agent: drop the oldest until the rest fits (the newest alone is cut).
        String path = String.join(" > ", guidedPath);
        int dropped = 0;
        while (codePoints(path) > room && dropped < guidedPath.size() - 1) {
            dropped++;
            path = ELLIPSIS + " > " + String.join(" > ", guidedPath.subList(dropped, guidedPath.size()));
        }
        return cut(prefix + path + ".", MAX_CHARS);
    }

    private static String oneLine(String s) {
        return s.replaceAll("\\s+", " ");
    }

    private String page() {
        if (pageName == null || pageName.isBlank()) {
            return pageId;
        }
        return cut(pageName.strip(), NAME_MAX) + " (" + pageId + ")";
    }

    private static int codePoints(String s) {
        return s.codePointCount(0, s.length());
    }

    /** {@code s} cut to at most {@code max} code points, ending in "…" when cut. */
    static String cut(String s, int max) {
        if (codePoints(s) <= max) {
            return s;
        }
        return s.substring(0, s.offsetByCodePoints(0, max - 1)) + ELLIPSIS;
    }
}
