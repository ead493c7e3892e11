package org.handover.bot.domain;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.handover.contracts.QuickReply;

/**
 * A default message of a catalog (the fallback).
 *
 * @param text         its text
 * @param quickReplies options offered with it, for example the main menu
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CatalogMessage(String text, List<QuickReply> quickReplies) {

    public CatalogMessage {
        quickReplies = quickReplies == null ? List.of() : List.copyOf(quickReplies);
    }

    /** The message it sends. */
    public OutgoingMessage message() {
        return new OutgoingMessage(text, quickReplies);
    }
}
