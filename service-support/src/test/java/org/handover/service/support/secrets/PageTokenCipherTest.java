package org.handover.service.support.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.handover.service.support.secrets.PageTokenCipher.Sealed;
import org.handover.service.support.secrets.PageTokenCipher.Unreadable;
import org.junit.jupiter.api.Test;

class PageTokenCipherTest {

    private static final String PAGE = "110000000000001";
    private static final String TOKEN = "EAAB-page-token-secret-" + "x".repeat(180);

    private static byte[] key(int fill) {
        byte[] key = new byte[32];
        java.util.Arrays.fill(key, (byte) fill);
        return key;
    }

    private static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    private static PageTokenCipher cipher(String id, byte[] key) {
        return new PageTokenCipher(id, Map.of(id, key));
    }

    @Test
    void sealsAndOpensATokenWithTheKeyIdBesideIt() {
        PageTokenCipher cipher = cipher("k1", key(1));

        Sealed sealed = cipher.seal(PAGE, TOKEN);

        assertThat(sealed.keyId()).isEqualTo("k1");
        assertThat(sealed.ciphertext()).doesNotContain(TOKEN).doesNotContain("page-token-secret");
        assertThat(cipher.open(PAGE, sealed.keyId(), sealed.ciphertext())).isEqualTo(TOKEN);
    }

    @Test
    void usesAFreshIvForEverySeal() {
        PageTokenCipher cipher = cipher("k1", key(1));

        assertThat(cipher.seal(PAGE, TOKEN).ciphertext()).isNotEqualTo(cipher.seal(PAGE, TOKEN).ciphertext());
    }

    @Test
    void refusesToOpenWithTheWrongKeyUnderTheSameId() {
        Sealed sealed = cipher("k1", key(1)).seal(PAGE, TOKEN);

        assertThatThrownBy(() -> cipher("k1", key(2)).open(PAGE, "k1", sealed.ciphertext()))
                .isInstanceOf(Unreadable.class)
                .hasMessageContaining("does not open")
                .hasMessageNotContaining(TOKEN);
    }

    @Test
    void refusesAKeyIdItDoesNotKnow() {
        Sealed sealed = cipher("k1", key(1)).seal(PAGE, TOKEN);

        assertThatThrownBy(() -> cipher("k2", key(1)).open(PAGE, "k1", sealed.ciphertext()))
                .isInstanceOf(Unreadable.class)
                .hasMessageContaining("no page token key with id 'k1'");
    }

    @Test
    void refusesATamperedCiphertext() {
        PageTokenCipher cipher = cipher("k1", key(1));
        byte[] bytes = Base64.getDecoder().decode(cipher.seal(PAGE, TOKEN).ciphertext());
        for (int position : new int[] {0, 12, bytes.length / 2, bytes.length - 1}) {
            byte[] tampered = bytes.clone();
            tampered[position] ^= 0x01;
            assertThatThrownBy(() -> cipher.open(PAGE, "k1", base64(tampered)))
                    .as("byte %d flipped", position)
                    .isInstanceOf(Unreadable.class)
                    .hasMessageNotContaining(TOKEN);
        }
        byte[] truncated = java.util.Arrays.copyOf(bytes, 20);
        assertThatThrownBy(() -> cipher.open(PAGE, "k1", base64(truncated))).isInstanceOf(Unreadable.class);
        assertThatThrownBy(() -> cipher.open(PAGE, "k1", "not base64 !")).isInstanceOf(Unreadable.class)
                .hasMessageContaining("not base64");
        assertThatThrownBy(() -> cipher.open(PAGE, "k1", null)).isInstanceOf(Unreadable.class);
    }

    @Test
    void refusesACiphertextCopiedOntoAnotherPage() {
        PageTokenCipher cipher = cipher("k1", key(1));
        Sealed sealed = cipher.seal(PAGE, TOKEN);

        assertThatThrownBy(() -> cipher.open("110000000000002", "k1", sealed.ciphertext()))
                .isInstanceOf(Unreadable.class);
    }

    @Test
    void opensWhatAPreviousKeySealedAfterARotation() {
        Sealed old = PageTokenCipher.fromConfig("k1", Optional.of(base64(key(1))), Optional.empty()).orElseThrow()
                .seal(PAGE, TOKEN);

        PageTokenCipher rotated = PageTokenCipher.fromConfig("k2", Optional.of(base64(key(2))),
                Optional.of("k1:" + base64(key(1)))).orElseThrow();

        assertThat(rotated.open(PAGE, old.keyId(), old.ciphertext())).isEqualTo(TOKEN);
        assertThat(rotated.seal(PAGE, TOKEN).keyId()).isEqualTo("k2");
        assertThat(rotated.knows("k1")).isTrue();
        assertThat(rotated.knows("k3")).isFalse();
    }

    @Test
    void isOffWithoutAKeyAndRefusesMalformedKeysWithoutNamingThem() {
        assertThat(PageTokenCipher.fromConfig("1", Optional.empty(), Optional.empty())).isEmpty();
        assertThat(PageTokenCipher.fromConfig("1", Optional.of(" "), Optional.empty())).isEmpty();

        String shortKey = base64(new byte[16]);
        assertThatThrownBy(() -> PageTokenCipher.fromConfig("1", Optional.of(shortKey), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("32 bytes")
                .hasMessageNotContaining(shortKey);
        assertThatThrownBy(() -> PageTokenCipher.fromConfig("1", Optional.of("%%%"), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("PAGE_TOKEN_KEY is not valid base64");
        assertThatThrownBy(() -> PageTokenCipher.fromConfig("bad id!", Optional.of(base64(key(1))), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PageTokenCipher.fromConfig("1", Optional.of(base64(key(1))), Optional.of("nocolon")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("PAGE_TOKEN_PREVIOUS_KEYS");
    }

    @Test
    void fingerprintsTellTokensApartWithoutHoldingThem() {
        assertThat(PageTokenCipher.fingerprint(TOKEN)).hasSize(32).isEqualTo(PageTokenCipher.fingerprint(TOKEN))
                .isNotEqualTo(PageTokenCipher.fingerprint(TOKEN + "2"))
                .doesNotContain("page-token");
    }
}
