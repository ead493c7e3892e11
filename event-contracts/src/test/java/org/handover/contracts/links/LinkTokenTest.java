package org.handover.contracts.links;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.handover.contracts.links.LinkToken.Link;
import org.junit.jupiter.api.Test;

class LinkTokenTest {

    private static final String KEY = "link-signing-key-for-tests-0123456789";
    private static final String OTHER_KEY = "another-link-signing-key-9876543210-xyz";
    private static final LinkToken TOKENS = LinkToken.withSecrets(List.of(KEY));

    private static final Link LINK = new Link(UUID.fromString("6f1c2a64-3f7e-4d2b-9b8e-0c4f5a6b7c8d"), 2,
            "110000000000001", "7000000000000042", "https://shop.example.com/sale?item=42&utm=mh");

    @Test
    void aTokenReadsBackAsTheLinkItWasMadeFor() {
        String token = TOKENS.make(LINK);
        assertThat(TOKENS.read(token)).contains(LINK);
        Link textIds = new Link(UUID.randomUUID(), 0, "PAGE_T1", "u-17", "http://a.example/");
        assertThat(TOKENS.read(TOKENS.make(textIds))).contains(textIds);
    }

    @Test
    void theUrlShowsNeitherTheUserNorTheTarget() {
        String token = TOKENS.make(LINK);
        assertThat(token).matches("[A-Za-z0-9_-]+").doesNotContain(LINK.psid()).doesNotContain(LINK.pageId())
                .doesNotContain("shop").doesNotContain("example");
        String decoded = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.ISO_8859_1);
        assertThat(decoded).doesNotContain("shop.example.com").doesNotContain(LINK.psid());
        assertThat(token).hasSize(LinkToken.tokenLength(LINK.url()));
    }

    @Test
    void theSameLinkGetsTheSameTokenAndAnotherRecipientAnotherOne() {
        assertThat(TOKENS.make(LINK)).isEqualTo(TOKENS.make(LINK));
        Link other = new Link(LINK.bulletinId(), LINK.linkIndex(), LINK.pageId(), "7000000000000043", LINK.url());
        assertThat(TOKENS.make(other)).isNotEqualTo(TOKENS.make(LINK));
    }

    @Test
    void refusesEveryAlteredByteOfAToken() {
        byte[] bytes = Base64.getUrlDecoder().decode(TOKENS.make(LINK));
        for (int i = 0; i < bytes.length; i++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] forged = bytes.clone();
                forged[i] ^= (byte) (1 << bit);
                assertThat(TOKENS.read(Base64.getUrlEncoder().withoutPadding().encodeToString(forged)))
                        .as("byte %d bit %d flipped", i, bit).isEmpty();
            }
        }
    }

    @Test
    void refusesATruncatedOrExtendedToken() {
        String token = TOKENS.make(LINK);
        for (int length = 0; length < token.length(); length++) {
            assertThat(TOKENS.read(token.substring(0, length))).as("first %d characters", length).isEmpty();
        }
        assertThat(TOKENS.read(token + "A")).isEmpty();
        assertThat(TOKENS.read(token + "AAAA")).isEmpty();
    }

    @Test
    void refusesATokenMadeWithAnotherKey() {
        LinkToken other = LinkToken.withSecrets(List.of(OTHER_KEY));
        assertThat(TOKENS.read(other.make(LINK))).isEmpty();
        assertThat(other.read(TOKENS.make(LINK))).isEmpty();
    }

    @Test
    void readsTokensOfAPreviousKeyWhileItIsListed() {
        LinkToken rotated = LinkToken.withSecrets(List.of(OTHER_KEY, KEY));
        assertThat(rotated.read(TOKENS.make(LINK))).contains(LINK);
        assertThat(TOKENS.read(rotated.make(LINK))).isEmpty();
    }

    @Test
    void aTokenOfOneBulletinCannotBeSplicedIntoAnother() {
        Link otherBulletin = new Link(UUID.randomUUID(), 0, LINK.pageId(), LINK.psid(), "https://evil.example/x");
        byte[] a = Base64.getUrlDecoder().decode(TOKENS.make(LINK));
        byte[] b = Base64.getUrlDecoder().decode(TOKENS.make(otherBulletin));
        // a's tag with b's body, and b's tag with a's body
        byte[] ab = a.clone();
        System.arraycopy(b, 17, ab, 17, Math.min(a.length, b.length) - 17);
        byte[] ba = b.clone();
        System.arraycopy(a, 1, ba, 1, 16);
        Base64.Encoder enc = Base64.getUrlEncoder().withoutPadding();
        assertThat(TOKENS.read(enc.encodeToString(ab))).isEmpty();
        assertThat(TOKENS.read(enc.encodeToString(ba))).isEmpty();
    }

    @Test
    void refusesGarbageOfAnyShape() {
        Random random = new Random(20);
        for (int i = 0; i < 2000; i++) {
            byte[] bytes = new byte[random.nextInt(200)];
            random.nextBytes(bytes);
            if (bytes.length > 0 && random.nextBoolean()) {
                bytes[0] = LinkToken.VERSION;
            }
            assertThat(TOKENS.read(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes))).isEmpty();
        }
        assertThat(TOKENS.read(null)).isEmpty();
        assertThat(TOKENS.read("")).isEmpty();
        assertThat(TOKENS.read("not a token!")).isEmpty();
        assertThat(TOKENS.read("../../etc/passwd")).isEmpty();
        assertThat(TOKENS.read("A".repeat(LinkToken.MAX_TOKEN_LENGTH + 1))).isEmpty();
    }

    @Test
    void makesTokensOnlyForHttpLinksAndRefusesShortKeys() {
        for (String url : new String[] {"javascript:alert(1)", "ftp://x.example/", "//x.example/", "https://",
                "mailto:a@b.example", "https://x.example/" + "a".repeat(LinkToken.MAX_URL_LENGTH)}) {
            assertThatThrownBy(() -> TOKENS.make(new Link(UUID.randomUUID(), 0, "1", "2", url)))
                    .as(url).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> LinkToken.withSecrets(List.of("short"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("short");
        assertThatThrownBy(() -> LinkToken.withSecrets(List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
