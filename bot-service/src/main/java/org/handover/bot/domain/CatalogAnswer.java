package org.handover.bot.domain;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.handover.contracts.QuickReply;

/**
 * One guided answer of a catalog.
 *
 * @param payload      the quick reply or postback payload it answers
 * @param title        the option's title as shown on a quick reply or button (at most 20 characters)
 * @param keywords     further typed words that count as choosing it (routing-service matches them)
 * @param text         the answer's text
 * @param quickReplies further options offered with the answer (at most 13)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CatalogAnswer(String payload, String title, List<String> keywords, String text,
        List<QuickReply> quickReplies) {

    public CatalogAnswer {
        keywords = keywords == null ? List.of() : List.copyOf(keywords);
        quickReplies = quickReplies == null ? List.of() : List.copyOf(quickReplies);
    }

    /** The message this answer sends. */
    public OutgoingMessage message() {
        return new OutgoingMessage(text, quickReplies);
    }
}
