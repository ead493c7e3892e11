package org.handover.bot.domain;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * A page's guided-response catalog, in the documented JSON format (see bot-service's README): a welcome answer, the
 * answers keyed by payload, and the fallback message for free text when handover is off.
 *
 * @param pageId   the page
 * @param welcome  the welcome answer, a guided option like the others (its payload is typically the Get Started
 *                 button's)
 * @param answers  the answers, keyed by payload
 * @param fallback what the bot says to a payload or text it does not know (and to FALLBACK orders)
 * @param trackLinks the page admin's choice: the links of the guided answers (welcome included; not the fallback) go
 *                 out as tracked links per recipient, when link tracking is configured; absent or false: as written
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CatalogDocument(String pageId, CatalogAnswer welcome, List<CatalogAnswer> answers,
        CatalogMessage fallback, Boolean trackLinks) {

    public CatalogDocument {
        answers = answers == null ? List.of() : List.copyOf(answers);
    }

    /** A catalog whose answers' links go out as written (the default). */
    public CatalogDocument(String pageId, CatalogAnswer welcome, List<CatalogAnswer> answers,
            CatalogMessage fallback) {
        this(pageId, welcome, answers, fallback, null);
    }

    /** Whether the admin chose to track the guided answers' links (off unless set to true). */
    public boolean tracksLinks() {
        return Boolean.TRUE.equals(trackLinks);
    }

    /** The welcome answer first, then the others. */
    public List<CatalogAnswer> allAnswers() {
        return welcome == null ? answers
                : java.util.stream.Stream.concat(java.util.stream.Stream.of(welcome), answers.stream()).toList();
    }
}
