package org.handover.contracts;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * What other services need to know of a page's guided-response catalog: the options that count as guided.
 * Value of the compacted {@link Topics#BOT_CATALOG}, keyed by page id; a tombstone (null value) removes the page.
 *
 * @param schemaVersion {@link SchemaVersion#CURRENT} when written
 * @param pageId        the page
 * @param revision      increases with every change of the page's catalog
 * @param updatedAt     when it changed
 * @param options       the guided options
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record GuidedCatalog(int schemaVersion, String pageId, long revision, Instant updatedAt, List<GuidedOption> options) {

    public GuidedCatalog {
        options = options == null ? List.of() : List.copyOf(options);
    }

    /** The Kafka key: the page id. */
    public String key() {
        return ConversationKey.forPage(pageId);
    }
}
