package org.handover.contracts.links;

import java.util.List;
import java.util.Optional;

/**
 * A service's link tracking, from its {@code TRACKING_BASE_URL} and {@code LINK_SIGNING_KEYS}: the one reading of the
 * two settings for every service that makes tracked links (handover-service for bulletins, bot-service for guided
 * answers), so they agree on what "configured" means. Plain Java.
 *
 * @param baseUrl the public address tokens are appended to, ending in {@code /}
 * @param tokens  the maker (first key) and reader (every key) of tokens
 */
public record LinkTracking(String baseUrl, LinkToken tokens) {

    /**
     * Tracking with these settings: empty unless both are set (blank keys ignored, a missing final {@code /} added).
     *
     * @throws IllegalArgumentException when the base URL is set but not an absolute http(s) URL, or a key is too short
     *     (the message names the setting, never a key)
     */
    public static Optional<LinkTracking> of(Optional<String> baseUrl, Optional<List<String>> signingKeys) {
        Optional<String> base = base(baseUrl);
        if (base.isPresent() && !LinkToken.isTrackable(base.get())) {
            throw new IllegalArgumentException("TRACKING_BASE_URL must be an absolute http(s) URL, e.g. "
                    + "https://hooks.example.com/l/");
        }
        List<String> keys = keys(signingKeys);
        return base.isPresent() && !keys.isEmpty()
                ? Optional.of(new LinkTracking(base.get(), LinkToken.withSecrets(keys)))
                : Optional.empty();
    }

    /** Whether exactly one of the two settings is set: tracking then stays off, which deserves a warning. */
    public static boolean halfConfigured(Optional<String> baseUrl, Optional<List<String>> signingKeys) {
        return base(baseUrl).isPresent() != !keys(signingKeys).isEmpty();
    }

    /** The tracked link of {@code link}: the base URL and its token. */
    public String url(LinkToken.Link link) {
        return baseUrl + tokens.make(link);
    }

    private static Optional<String> base(Optional<String> baseUrl) {
        return baseUrl.map(String::strip).filter(s -> !s.isEmpty()).map(s -> s.endsWith("/") ? s : s + "/");
    }

    private static List<String> keys(Optional<List<String>> signingKeys) {
        return signingKeys.orElse(List.of()).stream().map(String::strip).filter(k -> !k.isEmpty()).toList();
    }
}
