package org.handover.contracts.links;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import java.util.function.ToIntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the http(s) links of a message text and replaces them, in order, by tracked links. Plain Java; the one place
 * that decides what a link is, so that the links an admin sees counted are the ones that were replaced.
 *
 * <p>A link starts with {@code http://} or {@code https://} (any case) and runs to the next white space or one of
 * {@code < > " }}; punctuation that ends a sentence ({@code . , ; : ! ?} and quotes) is not part of it, nor is a
 * closing bracket without its opening one in the link ({@code (see https://x.example/a)}). Only what
 * {@link LinkToken#isTrackable} accepts counts as a link; anything else stays as written.
 */
public final class TrackedLinks {

    /** Most links of one text that are tracked; a text with more is refused when composed. */
    public static final int MAX_LINKS = 20;

    private static final Pattern CANDIDATE = Pattern.compile("(?i)\\bhttps?://[^\\s<>\"]+");

    /** One link of a text: where it is and what it says. */
    public record Found(int index, int start, int end, String url) {
    }

    private TrackedLinks() {
    }

    /** The links of {@code text}, in order, numbered from 0. */
    public static List<Found> find(String text) {
        List<Found> found = new ArrayList<>();
        if (text == null) {
            return found;
        }
        Matcher m = CANDIDATE.matcher(text);
        while (m.find()) {
            String url = trim(m.group());
            if (LinkToken.isTrackable(url)) {
                found.add(new Found(found.size(), m.start(), m.start() + url.length(), url));
            }
        }
        return found;
    }

    /** {@code text} with its {@code i}-th link replaced by {@code tracked.apply(i)}. */
    public static String rewrite(String text, IntFunction<String> tracked) {
        List<Found> links = find(text);
        if (links.isEmpty()) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 128 * links.size());
        int at = 0;
        for (Found f : links) {
            out.append(text, at, f.start()).append(tracked.apply(f.index()));
            at = f.end();
        }
        return out.append(text, at, text.length()).toString();
    }

    /**
     * The length in code points of {@code text} once every link is replaced by {@code baseUrl} and its token (with
     * Meta's numeric ids): what Messenger's limit is checked against when a bulletin is composed.
     */
    public static int trackedLength(String text, String baseUrl) {
        return trackedLength(text, baseUrl, LinkToken::tokenLength);
    }

    /**
     * {@link #trackedLength(String, String)} for the text of the guided answer to {@code answerKey}: what Messenger's
     * limit is checked against when a catalog that tracks its answers' links is saved.
     */
    public static int trackedLength(String text, String baseUrl, String answerKey) {
        return trackedLength(text, baseUrl, url -> LinkToken.tokenLength(answerKey, url));
    }

    private static int trackedLength(String text, String baseUrl, ToIntFunction<String> tokenLength) {
        String rewritten = rewrite(text, i -> "");
        int length = rewritten.codePointCount(0, rewritten.length());
        for (Found f : find(text)) {
            length += baseUrl.length() + tokenLength.applyAsInt(f.url());
        }
        return length;
    }

    private static String trim(String url) {
        int end = url.length();
        while (end > 0) {
            char c = url.charAt(end - 1);
            if (".,;:!?'*".indexOf(c) >= 0) {
                end--;
            } else if (c == ')' && unbalanced(url, end, '(', ')') || c == ']' && unbalanced(url, end, '[', ']')
                    || c == '}' && unbalanced(url, end, '{', '}')) {
                end--;
            } else {
                break;
            }
        }
        return url.substring(0, end);
    }

    private static boolean unbalanced(String url, int end, char open, char close) {
        int depth = 0;
        for (int i = 0; i < end; i++) {
            char c = url.charAt(i);
            if (c == open) {
                depth++;
            } else if (c == close) {
                depth--;
            }
        }
        return depth < 0;
    }
}
