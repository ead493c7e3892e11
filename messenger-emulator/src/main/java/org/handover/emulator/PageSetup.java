package org.handover.emulator;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;

/**
 * How a page decides which app gets an idle thread and who may take control: the legacy primary/secondary receiver
 * roles, or Conversation Routing with a default app. A wrong setup (our app not primary, no secondary receiver, no
 * default app) is a valid value on purpose: the emulator plays misconfigured pages too.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
        @JsonSubTypes.Type(value = PageSetup.Legacy.class, name = "legacy"),
        @JsonSubTypes.Type(value = PageSetup.ConversationRouting.class, name = "routing")})
public sealed interface PageSetup {

    /** The app that receives an idle thread's messages and may take control back; null when there is none. */
    String defaultReceiver();

    /** Whether {@code appId} may call {@code take_thread_control}. */
    default boolean mayTake(String appId) {
        return appId != null && appId.equals(defaultReceiver());
    }

    /**
     * Legacy roles: one Primary Receiver and the Secondary Receivers.
     *
     * @param primaryReceiver the Primary Receiver's app id, or null when the page has none
     * @param secondaryReceivers the Secondary Receivers' app ids
     */
    record Legacy(String primaryReceiver, List<String> secondaryReceivers) implements PageSetup {
        public Legacy {
            secondaryReceivers = secondaryReceivers == null ? List.of() : List.copyOf(secondaryReceivers);
        }

        @Override
        public String defaultReceiver() {
            return primaryReceiver;
        }
    }

    /**
     * Conversation Routing: the page's default app (null: none chosen); every subscribed app may hold a thread.
     * Releasing a thread, or 24 hours without activity, routes it back to the default app; only the default app may
     * take a thread; an app holding a thread may extend how long it keeps it ({@code extend_thread_control}).
     *
     * @param defaultApp           the default app's id, or null
     * @param handoverApisDisabled plays the answer an earlier version of Meta's Conversation Routing page warned of:
     *                             "Handover Protocol APIs disabled for this page" for take, request, extend,
     *                             {@code thread_owner} and {@code secondary_receivers}; pass and release still work
     */
    record ConversationRouting(String defaultApp, boolean handoverApisDisabled) implements PageSetup {

        /** Conversation Routing as Meta plays it today: the handover calls work. */
        public ConversationRouting(String defaultApp) {
            this(defaultApp, false);
        }

        @Override
        public String defaultReceiver() {
            return defaultApp;
        }
    }
}
