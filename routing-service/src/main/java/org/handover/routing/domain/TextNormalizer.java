package org.handover.routing.domain;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Reduces typed text to the form in which it is compared with a page's guided options, so that {@code " Opening
 * HOURS!! "}, {@code "opening hours"} and {@code "Ópening  hours 🙂"} all choose the same option.
 *
 * <p>Steps, in order: Unicode NFKD (compatibility decomposition: full-width letters, ligatures and non-breaking
 * spaces become their plain forms), combining marks removed (accents), invisible format characters removed
 * (zero-width spaces and joiners, variation selectors are marks), case folded with {@link Locale#ROOT} (upper then
 * lower case, so {@code ß} and {@code SS} agree), everything that is not a letter or a digit removed from both ends
 * (punctuation, emoji, symbols, whitespace) and every inner run of whitespace collapsed to one space. The steps are
 * repeated until the text stops changing, because folding can produce characters that decompose further; the result
 * is therefore idempotent.
 */
public final class TextNormalizer {

    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    private static final Pattern INVISIBLE = Pattern.compile("[\\p{Cf}\\p{Cc}&&[^\\s]]+");
    private static final Pattern WHITESPACE = Pattern.compile("[\\s\\p{Z}]+");
    /** Enough for every known chain of fold-then-decompose; a bound keeps hostile input from looping. */
    private static final int MAX_ROUNDS = 4;

    private TextNormalizer() {
    }

    /** The normalised form of {@code text}; the empty string for {@code null} or text with no letter or digit. */
    public static String normalize(String text) {
        if (text == null) {
            return "";
        }
        String current = text;
        for (int round = 0; round < MAX_ROUNDS; round++) {
            String next = once(current);
            if (next.equals(current)) {
                return next;
            }
            current = next;
        }
        return current;
    }

    private static String once(String text) {
        String decomposed = Normalizer.normalize(text, Normalizer.Form.NFKD);
        String plain = INVISIBLE.matcher(MARKS.matcher(decomposed).replaceAll("")).replaceAll("");
        String folded = plain.toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT);
        return WHITESPACE.matcher(stripEdges(folded)).replaceAll(" ");
    }

    private static String stripEdges(String text) {
        int start = 0;
        int end = text.length();
        while (start < end && !Character.isLetterOrDigit(text.codePointAt(start))) {
            start += Character.charCount(text.codePointAt(start));
        }
        while (end > start && !Character.isLetterOrDigit(text.codePointBefore(end))) {
            end -= Character.charCount(text.codePointBefore(end));
        }
        return text.substring(start, end);
    }
}
