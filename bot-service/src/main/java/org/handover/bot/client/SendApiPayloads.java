package org.handover.bot.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** The Send API's JSON bodies, in Meta's field names. */
final class SendApiPayloads {

    /** Meta's {@code messaging_type} for a reply to a user's message within the 24-hour window. */
    static final String RESPONSE = "RESPONSE";

    /** Meta's {@code content_type} of a text quick reply. */
    static final String TEXT = "text";

    private SendApiPayloads() {
    }

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    record SendRequest(Recipient recipient, @JsonProperty("messaging_type") String messagingType, String tag,
            Message message) {
    }

    record Recipient(String id) {
    }

    /**
     * {@code metadata} is Meta's free string that comes back on the message's echo: the decision id, so that an echo,
     * a replay or the emulator's journal ties a message to the decision that sent it. It is not shown to the user.
     */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    record Message(String text, @JsonProperty("quick_replies") List<QuickReply> quickReplies, String metadata) {
    }

    record QuickReply(@JsonProperty("content_type") String contentType, String title, String payload) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record SendResponse(@JsonProperty("recipient_id") String recipientId,
            @JsonProperty("message_id") String messageId) {
    }
}
