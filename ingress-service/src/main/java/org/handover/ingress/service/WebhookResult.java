package org.handover.ingress.service;

import java.util.Objects;

/**
 * The result of one webhook {@code POST}.
 *
 * @param outcome how it ended
 * @param reason  a reason code for failures and quarantine ({@code signature_missing}, {@code unsupported_object:
 *                instagram}, {@code kafka_timeout}, ...), {@code null} when accepted
 * @param events  events in the body (0 when it was not split)
 */
public record WebhookResult(WebhookOutcome outcome, String reason, int events) {

    public WebhookResult {
        Objects.requireNonNull(outcome, "outcome");
    }
}
