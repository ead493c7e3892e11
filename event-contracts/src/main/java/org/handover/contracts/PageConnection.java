package org.handover.contracts;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * A page's connection, as bot-service needs it to send: the access token connected through handover-service's admin
 * API, <b>encrypted</b> (AES-GCM under the shared {@code PAGE_TOKEN_KEY}, see service-support's
 * {@code PageTokenCipher}), and the fingerprint of a token Meta rejected. Value of the compacted
 * {@link Topics#PAGE_CONNECTIONS}, keyed by page id; a tombstone (null value) when the page was disconnected and no
 * rejection stands. Never carries a token in clear.
 *
 * @param schemaVersion       {@link SchemaVersion#CURRENT} when written
 * @param pageId              the page
 * @param revision            increases with every change of the page's connection
 * @param keyId               the id of the key that sealed {@code tokenCiphertext}; null when no token is connected
 *                            (the environment's token, if any, is used)
 * @param tokenCiphertext     the sealed token (base64), null when none is connected
 * @param rejectedFingerprint the fingerprint ({@code PageTokenCipher.fingerprint}) of a token Meta rejected (190):
 *                            while the token a service would use has it, the page needs reconnecting and nothing is
 *                            sent with it; null when no rejection stands
 * @param updatedAt           when it changed
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PageConnection(int schemaVersion, String pageId, long revision, String keyId, String tokenCiphertext,
        String rejectedFingerprint, Instant updatedAt) {

    /** The Kafka key: the page id. */
    public String key() {
        return ConversationKey.forPage(pageId);
    }

    /** Whether a token is connected (else the environment's token, if any, is the page's). */
    public boolean connected() {
        return keyId != null && tokenCiphertext != null;
    }
}
