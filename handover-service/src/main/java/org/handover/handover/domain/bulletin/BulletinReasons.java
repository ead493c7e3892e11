package org.handover.handover.domain.bulletin;

/** handover-service's own reasons for a recipient's state; bot-service's come as its outbound reasons. */
public final class BulletinReasons {

    /** Dropped when the bulletin started: the user wrote more than 24 h ago (or never), and it is not tagged. */
    public static final String OUTSIDE_WINDOW = "outside_window";
    /** Dropped while held: the 24-hour window closed before the bot owned the thread again. */
    public static final String WINDOW_CLOSED = "window_closed";
    /** Dropped while held: a tagged bulletin waited longer than {@code bulletin.max-hold}. */
    public static final String HOLD_EXPIRED = "hold_expired";
    /** Dropped: the admin cancelled the bulletin before this recipient's copy was ordered. */
    public static final String CANCELLED = "cancelled";
    /** Held: an agent (another app) holds the thread. */
    public static final String AGENT_HOLDS_THREAD = "agent_holds_thread";
    /** Held: the thread is idle (nobody owns it), so the bot may not send. */
    public static final String BOT_NOT_OWNER = "bot_not_owner";
    /** Held: the "Change to agent" question is open or a pass of control is pending. */
    public static final String HANDOVER_PENDING = "handover_pending";

    private BulletinReasons() {
    }
}
