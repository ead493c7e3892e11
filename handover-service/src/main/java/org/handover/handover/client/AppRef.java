package org.handover.handover.client;

/** An app as Meta lists it for a page (secondary receivers, subscribed apps). */
public record AppRef(String id, String name) {
}
