package org.handover.handover.domain;

import java.time.Instant;
import org.handover.contracts.EventClass;
import org.handover.contracts.EventKinds;
import org.handover.contracts.InboundEvent;
import org.handover.contracts.Messenger;

/**
 * What one processed event of a conversation came to, as the analytics and the agent's context keep it
 * ({@code conversation_step}): who acted (the user, an agent, neither), the state machine's outcome code and, for a
 * guided message, the page's option id. Never message text. Plain Java.
 *
 * @param eventId    the event's id (unique: one fact per processed event)
 * @param eventClass what routing-service made of the event
 * @param kind       the Messenger event kind ({@code message}, {@code postback}, {@code message_echo}, ...)
 * @param actor      who acted; {@code null} when neither the user nor an agent wrote
 * @param outcome    the state machine's outcome code of the step ({@code asked}, {@code accepted}, ...)
 * @param payload    the guided option chosen (a page's own option, never a payload this project reserves)
 * @param occurredAt Meta's timestamp of the event (else when it was received)
 */
public record StepFact(String eventId, EventClass eventClass, String kind, Actor actor, String outcome,
        String payload, Instant occurredAt) {

    /** Who acted in the event. */
    public enum Actor {
        /** The user wrote or tapped. */
        USER,
        /** An agent wrote (an echo of a message another app sent). */
        AGENT
    }

    /**
     * The fact of {@code event} whose step came to {@code outcome}; empty for events that tell nothing about the
     * conversation (receipts, own echoes, handover signals: the changes of owner are in the history, unknown kinds).
     */
    public static java.util.Optional<StepFact> of(InboundEvent event, String outcome, Instant fallbackTime) {
        if (event.psid() == null || event.eventClass() == null) {
            return java.util.Optional.empty();
        }
        Actor actor = switch (event.eventClass()) {
            case GUIDED, FREE_TEXT -> Actor.USER;
            case AGENT_ACTIVITY -> Actor.AGENT;
            // As HandoverStateMachine tells them apart: an echo or another app's message is an agent's.
            case STANDBY -> EventKinds.MESSAGE_ECHO.equals(event.kind()) || event.appId() != null ? Actor.AGENT
                    : EventKinds.MESSAGE.equals(event.kind()) || EventKinds.POSTBACK.equals(event.kind()) ? Actor.USER
                    : null;
            default -> null;
        };
        if (actor == null) {
            return java.util.Optional.empty();
        }
        String payload = event.eventClass() == EventClass.GUIDED && !Messenger.isReservedPayload(event.guidedPayload())
                ? event.guidedPayload() : null;
        Instant at = event.occurredAt() != null ? event.occurredAt()
                : event.receivedAt() != null ? event.receivedAt() : fallbackTime;
        return java.util.Optional.of(new StepFact(event.eventId(), event.eventClass(), event.kind(), actor, outcome,
                payload, at));
    }
}
