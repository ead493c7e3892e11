package org.handover.routing.domain;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.handover.contracts.GuidedCatalog;
import org.handover.contracts.GuidedOption;
import org.handover.contracts.Messenger;

/**
 * Decides whether typed text chooses one of a page's guided options: it does when its {@link TextNormalizer normalised}
 * form equals the normalised title or any normalised keyword of the option. The first such option in catalog order
 * wins. Options whose payload is reserved ({@link Messenger#RESERVED_PAYLOAD_PREFIX}) are never matched by typing:
 * accepting a handover takes a tap on the question's quick reply.
 *
 * <p>The normalised words of a catalog are worked out once, not for every message: an index of the last catalog seen
 * per page (by identity: the catalog store hands out the same instance until a new revision arrives), so a typed
 * text costs one normalisation and one look-up instead of one normalisation per title and keyword.
 */
public final class GuidedTextMatcher {

    /** The last catalog matched against, per page, with its index. One entry per page. */
    private static final Map<String, Indexed> INDEXES = new ConcurrentHashMap<>();

    private GuidedTextMatcher() {
    }

    /** The option {@code text} chooses in {@code catalog}, if any. */
    public static Optional<GuidedOption> match(GuidedCatalog catalog, String text) {
        String typed = TextNormalizer.normalize(text);
        if (typed.isEmpty()) {
            return Optional.empty();
        }
        return Optional.ofNullable(index(catalog).get(typed));
    }

    private record Indexed(GuidedCatalog catalog, Map<String, GuidedOption> byWord) {
    }

    private static Map<String, GuidedOption> index(GuidedCatalog catalog) {
        String page = String.valueOf(catalog.pageId());
        Indexed known = INDEXES.get(page);
        if (known != null && known.catalog() == catalog) {
            return known.byWord();
        }
        Map<String, GuidedOption> byWord = new HashMap<>();
        for (GuidedOption option : catalog.options()) {
            if (typeable(option)) {
                // The first option in catalog order that has a word keeps it.
                Stream.concat(Stream.of(option.title()), option.keywords().stream())
                        .map(TextNormalizer::normalize)
                        .forEach(word -> byWord.putIfAbsent(word, option));
            }
        }
        INDEXES.put(page, new Indexed(catalog, byWord));
        return byWord;
    }

    private static boolean typeable(GuidedOption option) {
        return option.payload() != null && !option.payload().isEmpty() && !Messenger.isReservedPayload(option.payload());
    }
}
