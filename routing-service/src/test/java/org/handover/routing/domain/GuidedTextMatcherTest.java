package org.handover.routing.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.handover.contracts.GuidedCatalog;
import org.handover.contracts.GuidedOption;
import org.handover.contracts.Messenger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GuidedTextMatcherTest {

    private static final GuidedCatalog CATALOG = new GuidedCatalog(1, "PAGE", 1, Instant.EPOCH, List.of(
            new GuidedOption(Messenger.HANDOVER_ACCEPT_PAYLOAD, "Yes", List.of("agent")),
            new GuidedOption("HOURS", "Opening hours", List.of("open", "Öffnungszeiten")),
            new GuidedOption("PRICES", "Prices", null),
            new GuidedOption("ALSO_OPEN", "Open", List.of()),
            new GuidedOption("BLANK", "  🙂 ", List.of("")),
            new GuidedOption(null, "Nothing", List.of())));

    @ParameterizedTest(name = "\"{0}\" chooses {1}")
    @CsvSource(delimiter = '|', value = {
        "Opening hours|HOURS",
        "  opening HOURS?!|HOURS",
        "open|HOURS",
        "OPEN 👍|HOURS",
        "offnungszeiten|HOURS",
        "prices|PRICES",
        "Prices.|PRICES",
    })
    void typedTitleOrKeywordChoosesTheFirstOptionThatHasIt(String typed, String payload) {
        assertThat(GuidedTextMatcher.match(CATALOG, typed)).map(GuidedOption::payload).contains(payload);
    }

    @ParameterizedTest(name = "\"{0}\" chooses nothing")
    @CsvSource(delimiter = '|', value = {
        "opening",
        "opening hours please",
        "what are your opening hours",
        "price",
        "yes",
        "agent",
        "🙂",
        "'   '",
        "nothing",
    })
    void anythingElseChoosesNothing(String typed) {
        assertThat(GuidedTextMatcher.match(CATALOG, typed)).isEqualTo(Optional.empty());
    }

    @Test
    void aNewCatalogOfThePageIsMatchedByItsOwnWords() {
        GuidedCatalog before = new GuidedCatalog(1, "EDITED", 1, Instant.EPOCH,
                List.of(new GuidedOption("HOURS", "Opening hours", List.of("open"))));
        GuidedCatalog after = new GuidedCatalog(1, "EDITED", 2, Instant.EPOCH,
                List.of(new GuidedOption("DELIVERY", "Delivery", List.of("open"))));
        assertThat(GuidedTextMatcher.match(before, "open")).map(GuidedOption::payload).contains("HOURS");

        assertThat(GuidedTextMatcher.match(after, "open")).map(GuidedOption::payload).contains("DELIVERY");
        assertThat(GuidedTextMatcher.match(after, "opening hours")).isEqualTo(Optional.empty());
        // The older catalog, handed in again, still answers by its own options.
        assertThat(GuidedTextMatcher.match(before, "opening hours")).map(GuidedOption::payload).contains("HOURS");
    }
}
