package org.handover.contracts.links;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TrackedLinksTest {

    @Test
    void findsHttpLinksWithoutTheSentencePunctuationAroundThem() {
        String text = "Sale! See https://shop.example.com/sale, or (details at http://x.example/a_(b)?q=1). "
                + "HTTPS://CAPS.example/ too: https://end.example/path.";
        assertThat(TrackedLinks.find(text)).extracting(TrackedLinks.Found::url).containsExactly(
                "https://shop.example.com/sale", "http://x.example/a_(b)?q=1", "HTTPS://CAPS.example/",
                "https://end.example/path");
        assertThat(TrackedLinks.find(text)).extracting(TrackedLinks.Found::index).containsExactly(0, 1, 2, 3);
    }

    @Test
    void leavesWhatIsNotAnHttpLinkAlone() {
        assertThat(TrackedLinks.find("mail a@b.example, ftp://x.example/f, www.example.com, https:// and http:/x"))
                .isEmpty();
        assertThat(TrackedLinks.find(null)).isEmpty();
    }

    @Test
    void rewritesEachLinkInPlace() {
        String text = "A https://a.example/1. B http://b.example/2\nend";
        assertThat(TrackedLinks.rewrite(text, i -> "<" + i + ">")).isEqualTo("A <0>. B <1>\nend");
        assertThat(TrackedLinks.rewrite("no links", i -> "x")).isEqualTo("no links");
    }

    @Test
    void knowsTheLengthOfTheTrackedText() {
        LinkToken tokens = LinkToken.withSecrets(List.of("link-signing-key-for-tests-0123456789"));
        String base = "https://hooks.example.com/l/";
        String text = "Héllo https://a.example/one and https://b.example/two?x=1 bye";
        UUID bulletin = UUID.randomUUID();
        List<TrackedLinks.Found> found = TrackedLinks.find(text);
        String tracked = TrackedLinks.rewrite(text, i -> base + tokens.make(new LinkToken.Link(bulletin, i,
                "110000000000001", "7000000000000042", found.get(i).url())));
        assertThat(tracked.codePointCount(0, tracked.length())).isEqualTo(TrackedLinks.trackedLength(text, base));
        assertThat(tracked).startsWith("Héllo " + base).endsWith(" bye").doesNotContain("a.example");
    }

    @Test
    void knowsTheLengthOfAGuidedAnswersTrackedText() {
        LinkToken tokens = LinkToken.withSecrets(List.of("link-signing-key-for-tests-0123456789"));
        String base = "https://hooks.example.com/l/";
        String text = "Delivery: https://a.example/zones and https://b.example/track?id=1 😀";
        List<TrackedLinks.Found> found = TrackedLinks.find(text);
        String tracked = TrackedLinks.rewrite(text, i -> base + tokens.make(LinkToken.Link.guidedAnswer("DELIVERY_é",
                i, "960000000000001", "7000000000000042", found.get(i).url())));
        assertThat(tracked.codePointCount(0, tracked.length()))
                .isEqualTo(TrackedLinks.trackedLength(text, base, "DELIVERY_é"));
        assertThat(TrackedLinks.trackedLength("no links here", base, "DELIVERY")).isEqualTo(13);
    }
}
