package org.handover.replay.timeline;

import org.handover.contracts.Topics;

/**
 * One step of a conversation's path through the system, in path order: a topic each (dead-letter topics share one).
 * The order breaks ties between records with the same timestamp, so a timeline reads as cause before effect.
 */
public enum Stage {
    /** What Meta sent, as ingress-service wrote it. */
    RAW(Topics.WEBHOOK_RAW),
    /** How routing-service classified it. */
    INBOUND(Topics.CONVERSATION_INBOUND),
    /** What handover-service decided: a control change or a reply order, with its epoch. */
    DECISION(Topics.CONVERSATION_DECISIONS),
    /** The owner and epoch handover-service published after a change. */
    CONTROL(Topics.THREAD_CONTROL),
    /**
     * A copy of a bulletin as handover-service keeps it: held, queued, and sent or dropped with the reason (its admin
     * API, {@link BulletinSteps}; no topic: read only when the timeline is given handover-service's address).
     */
    BULLETIN(null),
    /** What bot-service sent, refused or failed to send, and why. */
    OUTBOUND(Topics.MESSENGER_OUTBOUND),
    /**
     * The user clicked a tracked link of a bulletin they got (ingress-service's record, keyed by bulletin id: read
     * for the bulletins ordered to this conversation, and only the conversation's own clicks).
     */
    CLICK(Topics.BULLETIN_CLICKS),
    /** A record a service could not process, with the reason. */
    DEAD_LETTER(null);

    private final String topic;

    Stage(String topic) {
        this.topic = topic;
    }

    /**
     * The production topic of this stage; {@code null} for dead letters, which have one topic per source, and for
     * bulletin steps, which no topic carries.
     */
    public String topic() {
        return topic;
    }

    /** Short lower-case label for text output. */
    public String label() {
        return this == DEAD_LETTER ? "dead-letter" : name().toLowerCase(java.util.Locale.ROOT);
    }
}
