package org.handover.contracts;

import java.util.Objects;

/**
 * The Kafka key of a conversation, {@code pageId:psid}: one user's thread with one page.
 *
 * <p>Page-level events that belong to no user (for example {@code app_roles}) are keyed by the page id alone,
 * see {@link #forPage(String)}.
 *
 * @param pageId the Facebook page id
 * @param psid   the user's page-scoped id
 */
public record ConversationKey(String pageId, String psid) {

    private static final char SEPARATOR = ':';

    public ConversationKey {
        requireId(pageId, "pageId");
        requireId(psid, "psid");
    }

    /** The key of one user's conversation with a page. */
    public static ConversationKey of(String pageId, String psid) {
        return new ConversationKey(pageId, psid);
    }

    /** Parses {@code pageId:psid}; rejects anything else with a message naming what is wrong. */
    public static ConversationKey parse(String key) {
        if (key == null) {
            throw new IllegalArgumentException("conversation key is missing");
        }
        int at = key.indexOf(SEPARATOR);
        if (at < 0 || at != key.lastIndexOf(SEPARATOR)) {
            throw new IllegalArgumentException("conversation key must be pageId:psid, got " + key.length() + " chars without exactly one ':'");
        }
        return new ConversationKey(key.substring(0, at), key.substring(at + 1));
    }

    /** The key for page-level events that concern no single user: the page id itself. */
    public static String forPage(String pageId) {
        requireId(pageId, "pageId");
        return pageId;
    }

    /** The wire form, {@code pageId:psid}. */
    public String value() {
        return pageId + SEPARATOR + psid;
    }

    @Override
    public String toString() {
        return value();
    }

    private static void requireId(String id, String what) {
        Objects.requireNonNull(id, what);
        if (id.isBlank() || id.indexOf(SEPARATOR) >= 0) {
            throw new IllegalArgumentException(what + " must be a non-blank id without ':'");
        }
    }
}
