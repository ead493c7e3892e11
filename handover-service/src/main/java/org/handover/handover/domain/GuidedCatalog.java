package org.handover.handover.domain;

import java.util.List;

/**
 * A page's default messages as bot-service keeps them (its catalog document, the same JSON): the welcome, the
 * guided answers and the fallback. handover-service only shows and edits them; bot-service's catalog API validates
 * and stores them, and publishes every change to {@code bot.catalog} for routing-service.
 */
public record GuidedCatalog(String pageId, Answer welcome, List<Answer> answers, Message fallback,
        Boolean trackLinks) {

    public GuidedCatalog {
        answers = answers == null ? List.of() : List.copyOf(answers);
    }

    /** A catalog without the admin's choice on tracked links (its answers' links go out as written). */
    public GuidedCatalog(String pageId, Answer welcome, List<Answer> answers, Message fallback) {
        this(pageId, welcome, answers, fallback, null);
    }

    /** Whether the admin chose to send the guided answers' links as tracked links (off unless true). */
    public boolean tracksLinks() {
        return Boolean.TRUE.equals(trackLinks);
    }

    /** A quick reply: the option's title as Messenger shows it, and the answer it leads to. */
    public record QuickReply(String title, String payload) {
    }

    /** A guided answer: the option (payload, title, keywords a user may type) and the message it sends. */
    public record Answer(String payload, String title, List<String> keywords, String text,
            List<QuickReply> quickReplies) {

        public Answer {
            keywords = keywords == null ? List.of() : List.copyOf(keywords);
            quickReplies = quickReplies == null ? List.of() : List.copyOf(quickReplies);
        }
    }

    /** The fallback: a message without an option of its own. */
    public record Message(String text, List<QuickReply> quickReplies) {

        public Message {
            quickReplies = quickReplies == null ? List.of() : List.copyOf(quickReplies);
        }
    }
}
