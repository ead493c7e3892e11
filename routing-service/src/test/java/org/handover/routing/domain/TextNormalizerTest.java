package org.handover.routing.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class TextNormalizerTest {

    /** Characters that exercise every step: accents, cases, compatibility forms, emoji, invisible and space kinds. */
    private static final String[] POOL = {
        "a", "B", "z", "Q", "0", "7", "é", "É", "ñ", "Ö", "ø", "ß", "ẞ", "İ", "ı", "Σ", "ς", "σ", "Ж", "ж", "ﬁ", "Ｈ",
        "ｏ", "①", "²", "Å", "Å", "e\u0301", "\u0301", "\u0308", " ", "  ", "\t", "\n", "\u00a0", "\u2003", "\u200b",
        "\u200d", "\ufe0f", "!", "?", "¿", ".", ",", "-", "'", "\"", "(", ")", "…", "🙂", "👍", "👍🏽", "❤️", "🇫🇷", "*", "#",
        "ǅ", "ŉ", "ﬀ", "℃", "™", "ⅷ", "ｶ", "가", "日本"};

    private static final Random RANDOM = new Random(20251125);

    @ParameterizedTest(name = "\"{0}\" -> \"{1}\"")
    @CsvSource(delimiter = '|', value = {
        "Opening hours|opening hours",
        "  OPENING HOURS  |opening hours",
        "Ópening hoürs|opening hours",
        "opening\u00a0hours|opening hours",
        "¿¡Opening hours!?|opening hours",
        "🙂 opening hours 👍🏽|opening hours",
        "\"opening hours\".|opening hours",
        "ＯＰＥＮＩＮＧ ｈｏｕｒｓ|opening hours",
        "ﬁle|file",
        "Straße|strasse",
        "STRASSE|strasse",
        "Crème brûlée|creme brulee",
        "open\u200bing|opening",
        "opening-hours|opening-hours",
        "don't|don't",
        "ПРИВЕТ|привет",
        "Ñandú?|nandu",
        "#1 choice!|1 choice",
    })
    void normalisesTheWayTypedOptionsAreCompared(String typed, String normalised) {
        assertThat(TextNormalizer.normalize(typed)).isEqualTo(normalised);
    }

    @Test
    void collapsesEveryKindOfInnerWhitespace() {
        assertThat(TextNormalizer.normalize("opening\t\n \u2003 hours")).isEqualTo("opening hours");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"   ", "👍", "!!!", "🙂 🙂", "\u200b\ufe0f", "…"})
    void textWithoutLettersOrDigitsNormalisesToEmpty(String typed) {
        assertThat(TextNormalizer.normalize(typed)).isEmpty();
    }

    @Test
    void isIdempotent() {
        IntStream.range(0, 5_000).mapToObj(i -> i % 2 == 0 ? fromPool() : anyCodePoints()).forEach(text -> {
            String once = TextNormalizer.normalize(text);
            assertThat(TextNormalizer.normalize(once)).as("normalising %s twice", escape(text)).isEqualTo(once);
        });
    }

    @Test
    void resultHasNoMarksNoEdgePunctuationAndSingleSpaces() {
        IntStream.range(0, 5_000).mapToObj(i -> i % 2 == 0 ? fromPool() : anyCodePoints()).forEach(text -> {
            String result = TextNormalizer.normalize(text);
            assertThat(result).as("normalised %s", escape(text))
                    .doesNotContainPattern("\\p{M}")
                    .doesNotContain("  ")
                    .doesNotContainPattern("[\\t\\n\\u00a0\\u200b]");
            if (!result.isEmpty()) {
                assertThat(Character.isLetterOrDigit(result.codePointAt(0))).as("first of %s", escape(text)).isTrue();
                assertThat(Character.isLetterOrDigit(result.codePointBefore(result.length())))
                        .as("last of %s", escape(text)).isTrue();
            }
        });
    }

    @Test
    void ignoresCase() {
        IntStream.range(0, 5_000).mapToObj(i -> fromPool()).forEach(text -> {
            String normalised = TextNormalizer.normalize(text);
            assertThat(TextNormalizer.normalize(text.toUpperCase(Locale.ROOT))).as("upper %s", escape(text))
                    .isEqualTo(normalised);
            assertThat(TextNormalizer.normalize(text.toLowerCase(Locale.ROOT))).as("lower %s", escape(text))
                    .isEqualTo(normalised);
        });
    }

    @Test
    void ignoresSurroundingPunctuationEmojiAndWhitespace() {
        String[] padding = {" ", "\t", "!", "?", "...", "🙂", "👍🏽", "\u00a0", "\u200b", "\"", "(", ")", "¿"};
        IntStream.range(0, 5_000).mapToObj(i -> fromPool()).forEach(text -> {
            String padded = pick(padding) + pick(padding) + text + pick(padding);
            assertThat(TextNormalizer.normalize(padded)).as("padded %s", escape(text))
                    .isEqualTo(TextNormalizer.normalize(text));
        });
    }

    private static String fromPool() {
        StringBuilder text = new StringBuilder();
        int length = RANDOM.nextInt(12);
        for (int i = 0; i < length; i++) {
            text.append(pick(POOL));
        }
        return text.toString();
    }

    private static String anyCodePoints() {
        StringBuilder text = new StringBuilder();
        int length = RANDOM.nextInt(10);
        while (text.codePointCount(0, text.length()) < length) {
            int codePoint = RANDOM.nextInt(RANDOM.nextBoolean() ? 0x3000 : Character.MAX_CODE_POINT + 1);
            if (Character.isDefined(codePoint) && !Character.isSurrogate((char) codePoint)
                    && Character.getType(codePoint) != Character.PRIVATE_USE) {
                text.appendCodePoint(codePoint);
            }
        }
        return text.toString();
    }

    private static String pick(String[] values) {
        return values[RANDOM.nextInt(values.length)];
    }

    private static String escape(String text) {
        StringBuilder escaped = new StringBuilder("\"");
        text.codePoints().forEach(cp -> escaped.append(cp < 0x7f && cp >= 0x20 ? Character.toString(cp)
                : String.format("\\u{%x}", cp)));
        return escaped.append('"').toString();
    }
}
