package org.handover.contracts.links;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class LinkTrackingTest {

    private static final String KEY = "k".repeat(LinkToken.MIN_SECRET_LENGTH);

    @Test
    void isOnOnlyWithBothSettingsAndMakesLinksOnTheBaseUrlThatReadBack() {
        LinkTracking tracking = LinkTracking.of(Optional.of(" https://hooks.example.com/l "),
                Optional.of(List.of(" ", KEY))).orElseThrow();
        LinkToken.Link link = new LinkToken.Link(UUID.randomUUID(), 0, "110000000000001", "2000001",
                "https://shop.example.com/a");

        String url = tracking.url(link);

        assertThat(tracking.baseUrl()).isEqualTo("https://hooks.example.com/l/");
        assertThat(url).startsWith("https://hooks.example.com/l/");
        assertThat(LinkToken.withSecrets(List.of(KEY)).read(url.substring(tracking.baseUrl().length())))
                .contains(link);
        assertThat(LinkTracking.of(Optional.of("https://hooks.example.com/l/"), Optional.empty())).isEmpty();
        assertThat(LinkTracking.of(Optional.of(" "), Optional.of(List.of(KEY)))).isEmpty();
        assertThat(LinkTracking.of(Optional.empty(), Optional.of(List.of(" ")))).isEmpty();
    }

    @Test
    void halfASettingIsToldApartFromNoneAndABadBaseUrlOrKeyStopsTheStart() {
        assertThat(LinkTracking.halfConfigured(Optional.of("https://h.example/l/"), Optional.empty())).isTrue();
        assertThat(LinkTracking.halfConfigured(Optional.empty(), Optional.of(List.of(KEY)))).isTrue();
        assertThat(LinkTracking.halfConfigured(Optional.empty(), Optional.of(List.of("")))).isFalse();
        assertThat(LinkTracking.halfConfigured(Optional.of("https://h.example/l/"), Optional.of(List.of(KEY))))
                .isFalse();

        assertThatThrownBy(() -> LinkTracking.of(Optional.of("hooks.example.com/l/"), Optional.of(List.of(KEY))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("TRACKING_BASE_URL");
        assertThatThrownBy(() -> LinkTracking.of(Optional.of("https://h.example/l/"), Optional.of(List.of("short"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("short");
    }
}
