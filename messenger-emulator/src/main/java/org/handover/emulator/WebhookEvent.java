package org.handover.emulator;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One event for one app's webhook: the event JSON as Meta puts it in {@code messaging[]} or {@code standby[]}.
 *
 * @param appId   the app it is for
 * @param pageId  the page (the entry's id)
 * @param psid    the user, or null for a page-level event ({@code app_roles})
 * @param channel {@code messaging} or {@code standby}
 * @param kind    {@code message}, {@code message_echo}, {@code postback}, {@code pass_thread_control}, ...
 * @param id      the message id where there is one, otherwise a generated id for the journal
 * @param event   the event JSON
 * @param timestamp the event's timestamp (epoch millis)
 */
public record WebhookEvent(String appId, String pageId, String psid, String channel, String kind, String id,
        ObjectNode event, long timestamp) {

    /** Channel of the thread owner's events. */
    public static final String MESSAGING = "messaging";
    /** Channel of the events of apps that do not own the thread. */
    public static final String STANDBY = "standby";
}
