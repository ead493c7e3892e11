package org.handover.bot.domain;

/**
 * What one Send API call (with its retries) came to.
 *
 * @param sent         true when Meta accepted the message
 * @param messageId    Meta's {@code message_id} when sent
 * @param reason       the failure reason ({@link org.handover.contracts.OutboundReasons}) when not sent
 * @param errorCode    Meta's error code, when Meta answered with one
 * @param errorSubcode Meta's error subcode, when there was one
 */
public record SendOutcome(boolean sent, String messageId, String reason, Integer errorCode, Integer errorSubcode) {

    /** Meta accepted the message. */
    public static SendOutcome sent(String messageId) {
        return new SendOutcome(true, messageId, null, null, null);
    }

    /** The call failed for good (or its retries were exhausted). */
    public static SendOutcome failed(String reason, Integer errorCode, Integer errorSubcode) {
        return new SendOutcome(false, null, reason, errorCode, errorSubcode);
    }
}
