package org.handover.ingress.service;

import java.util.Locale;

/** How one webhook {@code POST} ended; the {@link #tag()} is the {@code outcome} tag of the metrics. */
public enum WebhookOutcome {
    /** Every event of the body acknowledged by Kafka: {@code 200}. */
    ACCEPTED(200),
    /** Signed, but not a batch we can split: the whole body acknowledged in quarantine, {@code 200}. */
    QUARANTINED(200),
    /** Signature missing ({@code 401}), malformed or wrong ({@code 403}). */
    BAD_SIGNATURE(403),
    /** Body over the limit: {@code 413}. */
    OVERSIZE(413),
    /** Not {@code application/json}: {@code 415}. */
    UNSUPPORTED_MEDIA_TYPE(415),
    /** Kafka did not acknowledge in time, or failed in a way a retry can cure: {@code 503}, Meta retries. */
    UNAVAILABLE(503),
    /**
     * Signed, but Kafka refuses to store it even in {@code SizeBudget.FALLBACK_CHUNK_BYTES} chunks (the quarantine
     * topic's {@code max.message.bytes} set far below the size budget): {@code 500}. Not {@code 503}: retrying
     * cannot help until the topic is fixed.
     */
    UNSTORABLE(500);

    private final int status;

    WebhookOutcome(int status) {
        this.status = status;
    }

    /** The HTTP status (for {@link #BAD_SIGNATURE} see {@code WebhookResource}: 401 when missing). */
    public int status() {
        return status;
    }

    /** The metric tag value: the name in lower case ({@code bad_signature}). */
    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
