package org.handover.bot.repository;

import java.time.Instant;
import org.handover.contracts.OrderKind;

/**
 * One reply order bot-service has handled (table {@code outbound_order}); its id is the persisted dedupe key.
 * Stays in the service.
 */
public class OutboundOrder {

    /** Where an order is. */
    public enum State {
        /**
         * Recorded, the Send API is being called by the lease's owner; still SENDING once the lease ended means the
         * outcome is unknown.
         */
        SENDING,
        /** Meta accepted it. */
        SENT,
        /** Not sent on purpose. */
        REFUSED,
        /** Meta refused it or retries were exhausted (or the outcome is unknown). */
        FAILED
    }

    public String decisionId;
    public String pageId;
    public String psid;
    public long epoch;
    public OrderKind kind;
    public State state;
    public String reason;
    public String messageId;
    public Integer errorCode;
    public Integer errorSubcode;

    /** The rendered message as JSON (the bot's texts, never a user's); null when nothing could be rendered. */
    public String message;

    /**
     * For a guided answer sent with tracked links: which ({@code TrackedAnswerLinks} as JSON), told again on a
     * redelivery's report; null otherwise.
     */
    public String trackedLinks;

    /** Who is sending it: this replica's id and a token of the one handling; null unless it was ever SENDING. */
    public String leaseOwner;

    /** When the send's lease ends (database time); null unless it was ever SENDING. */
    public Instant leaseUntil;
    public Instant createdAt;
    public Instant updatedAt;
}
