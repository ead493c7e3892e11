package org.handover.contracts;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The links of a guided answer that bot-service sent as tracked links to one recipient (part of
 * {@link OutboundResult}): handover-service counts the recipient as one who got each of them.
 *
 * @param answerKey the answer's payload in the page's catalog (what a click's token names)
 * @param urls      the links' URLs as written in the answer, in the order they appear (index = a click's link index)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TrackedAnswerLinks(String answerKey, List<String> urls) {

    public TrackedAnswerLinks {
        urls = urls == null ? List.of() : List.copyOf(urls);
    }
}
