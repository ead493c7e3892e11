package org.handover.handover.domain;

/** How a page shares its conversations between apps. */
public enum SetupKind {
    /** Legacy handover protocol: our app is the Primary Receiver, the inbox or another app a Secondary Receiver. */
    LEGACY_ROLES,
    /** Conversation Routing: our app is the page's default app; the target app is subscribed to the page. */
    CONVERSATION_ROUTING
}
