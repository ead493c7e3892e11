package org.handover.ingress.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import org.handover.contracts.SizeBudget;

/** Typed configuration of the webhook endpoint (prefix {@code messenger}). */
@ConfigMapping(prefix = "messenger")
public interface IngressConfig {

    /** {@code messenger.verify-token} / {@code MESSENGER_VERIFY_TOKEN}: answers Meta's {@code GET} verification. */
    String verifyToken();

    /**
     * {@code messenger.app-secrets} / {@code MESSENGER_APP_SECRETS}: comma-separated app secrets whose signatures are
     * accepted (one per app, plus the previous secret while rotating).
     */
    List<String> appSecrets();

    /** Limits and timing of the webhook endpoint. */
    Webhook webhook();

    /** {@code messenger.webhook.*}. */
    interface Webhook {

        /**
         * Largest body accepted, in bytes: by default {@link SizeBudget#WEBHOOK_BODY_BYTES} (2 MiB), the limit the
         * Kubernetes ingress applies too. Meta batches up to 1000 updates in one POST; a message event with an
         * attachment URL is about 1 to 1.5 KiB, so 2 MiB holds a full batch with room to spare.
         */
        @WithDefault("" + SizeBudget.WEBHOOK_BODY_BYTES)
        int maxBodyBytes();

        /**
         * Most events one body may carry ({@code MESSENGER_WEBHOOK_MAX_EVENTS}): Meta batches up to 1000 updates in
         * one POST, so 1000 by default. A body with more is answered {@code 200} (Meta must not retry it) and kept
         * whole in quarantine with reason {@code too_many_events}; none of its events is published.
         */
        @WithDefault("1000")
        int maxEvents();

        /**
         * How long to wait for Kafka to acknowledge every record of a body before answering {@code 503}. Meta
         * gives up after 5 s; 3 s leaves time for the rest of the request and the network.
         */
        @WithDefault("3s")
        Duration ackTimeout();

        /** {@code Retry-After} seconds sent with {@code 503}. */
        @WithDefault("5")
        int retryAfterSeconds();
    }
}
