package org.handover.emulator;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Map;

/**
 * One thing that happened on the emulated platform: a user's or agent's action, an API call and its answer, a change
 * of thread owner, a webhook delivery attempt. Entries are numbered in the order they happened.
 *
 * @param seq     position in the journal, from 1
 * @param at      when, by the emulator's clock
 * @param type    what kind of entry
 * @param pageId  the page, when there is one
 * @param psid    the user, when there is one
 * @param appId   the app that acted or was delivered to, when there is one
 * @param action  what was done ({@code send}, {@code pass_thread_control}, {@code text}, {@code done}, ...)
 * @param outcome how it ended ({@code ok}, or Meta's error as {@code code/subcode}; for webhooks the HTTP status)
 * @param details the rest, by name (message text, message id, owners before and after, events of a webhook)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JournalEntry(long seq, Instant at, Type type, String pageId, String psid, String appId, String action,
        String outcome, Map<String, Object> details) {

    /** Outcome of everything that succeeded. */
    public static final String OK = "ok";

    /** Kinds of journal entries. */
    public enum Type {
        /** The person chatting did something (text, quick-reply tap, postback, sticker, attachment). */
        USER,
        /** The Page Inbox agent did something (reply, mark done, move to inbox). */
        AGENT,
        /** A Send API call, sent or refused. */
        SEND_API,
        /** A thread-control call: pass, take, request, release. */
        THREAD_CONTROL,
        /** A read call: thread_owner, secondary_receivers, subscribed_apps. */
        READ_API,
        /** The owner of a thread changed. */
        OWNER_CHANGE,
        /** A webhook event queued for an app, and each delivery attempt of a batch. */
        WEBHOOK,
        /** The platform's configuration changed (apps, pages, roles, settings). */
        SETUP
    }

    /** {@code details.get(name)} as a string, or null. */
    public String detail(String name) {
        Object value = details == null ? null : details.get(name);
        return value == null ? null : String.valueOf(value);
    }

    /** Whether this entry succeeded. */
    public boolean ok() {
        return OK.equals(outcome);
    }
}
