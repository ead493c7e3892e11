package org.handover.service.support.logging;

import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Sets at start, before Reactive Messaging connects its channels, what logs carry for a conversation
 * ({@code LOG_CONVERSATION_IDS}: {@code hashed}, the default, or {@code raw}) and the optional key of the hash
 * ({@code LOG_CONVERSATION_REF_KEY}: give every service the same one, or their references differ). A wrong mode stops
 * the service with a message naming the variable.
 */
@ApplicationScoped
public class LogContextSettings {

    /**
     * Applies the settings at start.
     *
     * @param start the start-up event (unused; may be null when called directly)
     * @param mode  {@code hashed} or {@code raw}
     * @param key   the HMAC key of the references, or empty for a plain SHA-256
     */
    public void apply(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent start,
            @ConfigProperty(name = "log.conversation-ids", defaultValue = "hashed") String mode,
            @ConfigProperty(name = "log.conversation-ref-key") Optional<String> key) {
        ConversationRef.configure(ConversationRef.Mode.parse(mode), key.orElse(null));
    }
}
