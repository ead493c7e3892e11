package org.handover.ingress.service;

import java.util.Objects;

/**
 * The result of one webhook {@code POST}.
 *
 * @param outcome how it ended
 * @param reason  a reason code for failures and quarantine ({@code signature_missing}, {@code unsupported_object:
 *                instagram}, {@code kafka_timeout}, ...), {@code null} when accepted
 * @param events  events written to the raw topic (0 when the body was not split)
 * @param quarantinedEvents events of a split body too large for a record, kept with the whole body in quarantine
 */
public record WebhookResult(WebhookOutcome outcome, String reason, int events, int quarantinedEvents) {

    public WebhookResult {
        Objects.requireNonNull(outcome, "outcome");
    }

    /** A result without quarantined events. */
    public WebhookResult(WebhookOutcome outcome, String reason, int events) {
        this(outcome, reason, events, 0);
    }
}
