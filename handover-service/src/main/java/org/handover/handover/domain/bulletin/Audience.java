package org.handover.handover.domain.bulletin;

/** Who a bulletin is for, and how Meta lets the bot reach them. */
public enum Audience {
    /**
     * The page's users inside the 24-hour standard messaging window ({@code messaging_type UPDATE}); a user outside it
     * is dropped {@code outside_window}, and a held user whose window closes before the bot owns the thread again is
     * dropped {@code window_closed}.
     */
    WINDOW,
    /**
     * A tagged update ({@code MESSAGE_TAG} with one of Meta's non-promotional tags): not bound to the window, only to
     * the tag's policy, which the admin states when composing it.
     */
    TAGGED
}
