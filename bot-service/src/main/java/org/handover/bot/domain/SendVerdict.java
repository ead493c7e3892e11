package org.handover.bot.domain;

import java.util.Objects;

/**
 * Whether to call the Send API for an order, and if not, why.
 *
 * @param send   true to send
 * @param reason the refusal reason ({@link org.handover.contracts.OutboundReasons}) when not sending
 */
public record SendVerdict(boolean send, String reason) {

    /** Send it. */
    public static final SendVerdict SEND = new SendVerdict(true, null);

    /** Do not send, for {@code reason}. */
    public static SendVerdict refuse(String reason) {
        return new SendVerdict(false, Objects.requireNonNull(reason, "reason"));
    }
}
