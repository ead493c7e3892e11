package org.handover.routing.domain;

import java.util.Optional;
import java.util.stream.Stream;
import org.handover.contracts.GuidedCatalog;
import org.handover.contracts.GuidedOption;
import org.handover.contracts.Messenger;

/**
 * Decides whether typed text chooses one of a page's guided options: it does when its {@link TextNormalizer normalised}
 * form equals the normalised title or any normalised keyword of the option. The first such option in catalog order
 * wins. Options whose payload is reserved ({@link Messenger#RESERVED_PAYLOAD_PREFIX}) are never matched by typing:
 * accepting a handover takes a tap on the question's quick reply.
 */
public final class GuidedTextMatcher {

    private GuidedTextMatcher() {
    }

    /** The option {@code text} chooses in {@code catalog}, if any. */
    public static Optional<GuidedOption> match(GuidedCatalog catalog, String text) {
        String typed = TextNormalizer.normalize(text);
        if (typed.isEmpty()) {
            return Optional.empty();
        }
        return catalog.options().stream()
                .filter(GuidedTextMatcher::typeable)
                .filter(option -> Stream.concat(Stream.of(option.title()), option.keywords().stream())
                        .anyMatch(word -> typed.equals(TextNormalizer.normalize(word))))
                .findFirst();
    }

    private static boolean typeable(GuidedOption option) {
        return option.payload() != null && !option.payload().isEmpty() && !Messenger.isReservedPayload(option.payload());
    }
}
