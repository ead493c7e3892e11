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

    /** Made by the code before guided answers were tracked (version 1 only): such links were sent and must work. */
    private static final String BULLETIN_TOKEN_OF_THE_FIRST_FORMAT = "AbCb0Rcrdh2lta3uscR3wzvCUaGYT30DVKjaLu-FKU1x-"
            + "vF9xZaL3X7ttsuLJNetzNjXvFpnfblhLaLIaCFdT2vg5KuTa5Koz-xWGJ-Gm2Rm1eqKUC5JNNDSf9Af4ukQ";

    private static final Link ANSWER_LINK = Link.guidedAnswer("DELIVERY", 1, "960000000000001", "7000000000000042",
            "https://shop.example.com/delivery?zone=3");

    @Test
    void aBulletinTokenAlreadySentStillReadsAsTheBulletinLink() {
        assertThat(TOKENS.read(BULLETIN_TOKEN_OF_THE_FIRST_FORMAT)).contains(LINK);
        assertThat(TOKENS.make(LINK)).isEqualTo(BULLETIN_TOKEN_OF_THE_FIRST_FORMAT);
        assertThat(LINK.kind()).isEqualTo(LinkToken.Kind.BULLETIN);
    }

    @Test
    void aGuidedAnswerTokenReadsBackAsItsAnswerLinkAndKind() {
        String token = TOKENS.make(ANSWER_LINK);
        assertThat(TOKENS.read(token)).contains(ANSWER_LINK);
        assertThat(TOKENS.read(token).orElseThrow().kind()).isEqualTo(LinkToken.Kind.GUIDED_ANSWER);
        assertThat(TOKENS.read(token).orElseThrow().bulletinId()).isNull();
        assertThat(Base64.getUrlDecoder().decode(token)[0]).isEqualTo(LinkToken.GUIDED_ANSWER_VERSION);
        assertThat(token).hasSize(LinkToken.tokenLength(ANSWER_LINK.answerKey(), ANSWER_LINK.url()))
                .doesNotContain("DELIVERY").doesNotContain(ANSWER_LINK.psid()).doesNotContain("shop");
        Link unicodeKey = Link.guidedAnswer("LIVRAISON_é🚚", 0, "PAGE_T1", "u-17", "http://a.example/");
        assertThat(TOKENS.read(TOKENS.make(unicodeKey))).contains(unicodeKey);
        Link longestKey = Link.guidedAnswer("K".repeat(LinkToken.MAX_ANSWER_KEY_BYTES), 255, "1", "2",
                "https://a.example/");
        assertThat(TOKENS.read(TOKENS.make(longestKey))).contains(longestKey);
    }

    @Test
    void aTokenOfOneKindCannotBeReadAsTheOther() {
        byte[] answer = Base64.getUrlDecoder().decode(TOKENS.make(ANSWER_LINK));
        byte[] bulletin = Base64.getUrlDecoder().decode(TOKENS.make(LINK));
        answer[0] = LinkToken.VERSION;
        bulletin[0] = LinkToken.GUIDED_ANSWER_VERSION;
        Base64.Encoder enc = Base64.getUrlEncoder().withoutPadding();
        assertThat(TOKENS.read(enc.encodeToString(answer))).isEmpty();
        assertThat(TOKENS.read(enc.encodeToString(bulletin))).isEmpty();
        for (byte version = 3; version < 10; version++) {
            byte[] other = Base64.getUrlDecoder().decode(TOKENS.make(ANSWER_LINK));
            other[0] = version;
            assertThat(TOKENS.read(enc.encodeToString(other))).isEmpty();
        }
    }

    @Test
    void refusesEveryAlteredByteOfAGuidedAnswerToken() {
        byte[] bytes = Base64.getUrlDecoder().decode(TOKENS.make(ANSWER_LINK));
        for (int i = 0; i < bytes.length; i++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] forged = bytes.clone();
                forged[i] ^= (byte) (1 << bit);
                assertThat(TOKENS.read(Base64.getUrlEncoder().withoutPadding().encodeToString(forged)))
                        .as("byte %d bit %d flipped", i, bit).isEmpty();
            }
        }
        assertThat(LinkToken.withSecrets(List.of(OTHER_KEY)).read(TOKENS.make(ANSWER_LINK))).isEmpty();
    }

    @Test
    void makesGuidedAnswerTokensOnlyForAKeyThatFitsAndOneKindAtATime() {
        for (String key : new String[] {"", "K".repeat(LinkToken.MAX_ANSWER_KEY_BYTES + 1), "é".repeat(33)}) {
            assertThatThrownBy(() -> TOKENS.make(Link.guidedAnswer(key, 0, "1", "2", "https://a.example/")))
                    .as(key).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> TOKENS.make(new Link(UUID.randomUUID(), "KEY", 0, "1", "2", "https://a.example/")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TOKENS.make(new Link(null, null, 0, "1", "2", "https://a.example/")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TOKENS.make(Link.guidedAnswer("KEY", 0, "1", "2", "javascript:alert(1)")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
