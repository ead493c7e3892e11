package org.handover.ingress.messaging;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.handover.contracts.SizeBudget;
import org.junit.jupiter.api.Test;

/** Whether an event fits one record: its value counted in UTF-8 bytes, its key and headers within the headroom. */
class RawEventSizeTest {

    private static RawEvent event(String key, String json) {
        return new RawEvent(key, json, "messaging", "110000000000001", 1764064800500L,
                Instant.parse("2026-11-25T10:00:00Z"), "2f1c3c1e-3d2b-4c39-9f4e-5a8d7c6b5a4f", "page");
    }

    /** A JSON value of exactly {@code bytes} UTF-8 bytes made of two-byte characters ({@code é}). */
    private static String twoByteJson(int bytes) {
        String json = "{\"t\":\"" + "é".repeat((bytes - 8) / 2) + "\"}";
        assertThat(json.getBytes(UTF_8)).hasSize(bytes);
        return json;
    }

    @Test
    void countsTheValueInUtf8BytesNotCharacters() {
        String atLimit = twoByteJson(SizeBudget.RECORD_VALUE_BYTES);
        String over = twoByteJson(SizeBudget.RECORD_VALUE_BYTES + 2);

        assertThat(RawEventPublisher.fits(event("110000000000001:u1", atLimit))).isTrue();
        assertThat(RawEventPublisher.fits(event("110000000000001:u1", over))).isFalse();
        assertThat(RawEventPublisher.valueBytes(event("k", over))).isEqualTo(SizeBudget.RECORD_VALUE_BYTES + 2L);
    }

    @Test
    void aKeyBeyondTheHeadroomDoesNotFitEvenWithASmallValue() {
        String hugeUser = "9".repeat(SizeBudget.RECORD_HEADROOM_BYTES);

        assertThat(RawEventPublisher.fits(event("110000000000001:u1", "{}"))).isTrue();
        assertThat(RawEventPublisher.fits(event("110000000000001:" + hugeUser, "{}"))).isFalse();
    }

    @Test
    void utf8LengthMatchesTheEncoderForEveryKindOfCharacter() {
        for (String text : new String[] {"", "abc", "café", "日本語", "emoji 😀 pair", "mixed é日😀a"}) {
            assertThat(RawEventPublisher.utf8Length(text)).as(text).isEqualTo(text.getBytes(UTF_8).length);
        }
        // A lone surrogate is written as one replacement byte; counting it as 3 only overestimates.
        assertThat(RawEventPublisher.utf8Length("\uD83D")).isGreaterThanOrEqualTo("\uD83D".getBytes(UTF_8).length);
    }
}
