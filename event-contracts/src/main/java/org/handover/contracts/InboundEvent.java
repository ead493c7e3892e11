package org.handover.contracts;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * One Messenger event, classified. Value of {@link Topics#CONVERSATION_INBOUND}, keyed by {@link ConversationKey}.
 * Carries no message text: downstream decisions need the class and the payload, never what the user wrote.
 *
 * @param schemaVersion {@link SchemaVersion#CURRENT} when written
 * @param eventId       stable id of the event (the message {@code mid} where there is one), for deduplication
 * @param pageId        the page
 * @param psid          the user's page-scoped id; {@code null} for page-level events
 * @param eventClass    what routing-service made of it
 * @param channel       {@code messaging} or {@code standby}
 * @param kind          the Messenger event kind ({@code message}, {@code postback}, {@code read}, ...)
 * @param occurredAt    the event's {@code timestamp}
 * @param receivedAt    when ingress received it
 * @param guidedPayload the guided option chosen, for {@link EventClass#GUIDED}
 * @param messageId     the message {@code mid}, where there is one
 * @param appId         the sending app of an echo
 * @param handover      the handover fields, for {@link EventClass#HANDOVER_SIGNAL}
 * @param source        the raw record this was classified from
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record InboundEvent(
        int schemaVersion,
        String eventId,
        String pageId,
        String psid,
        EventClass eventClass,
        String channel,
        String kind,
        Instant occurredAt,
        Instant receivedAt,
        String guidedPayload,
        String messageId,
        String appId,
        HandoverSignal handover,
        SourceRef source) {

    /** The Kafka key of this event: {@code pageId:psid}, or the page id for page-level events. */
    public String key() {
        return psid == null ? ConversationKey.forPage(pageId) : ConversationKey.of(pageId, psid).value();
    }
}
