package org.handover.contracts;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * One guided option of a page: the payload the bot answers, the title shown on its quick reply or button, and
 * further typed words that count as choosing it.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record GuidedOption(String payload, String title, List<String> keywords) {

    public GuidedOption {
        keywords = keywords == null ? List.of() : List.copyOf(keywords);
    }
}
