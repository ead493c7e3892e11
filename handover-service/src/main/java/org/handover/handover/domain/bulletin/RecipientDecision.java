package org.handover.handover.domain.bulletin;

import java.time.Duration;
import java.time.Instant;
import org.handover.contracts.Owner;
import org.handover.handover.domain.ConversationState;

/**
 * What to do with one open recipient of a bulletin now, given its conversation as handover-service knows it. Plain
 * Java: the whole rule of "held during a handover, never outside the window".
 *
 * <ol>
 *   <li>Window audience and the user's last message is unknown or more than 24 h old: drop, {@code outside_window}
 *       if it was never held, {@code window_closed} if it was.</li>
 *   <li>Tagged audience held longer than the longest hold: drop {@code hold_expired}.</li>
 *   <li>Another app holds the thread: hold ({@code agent_holds_thread}); nobody does (idle): hold
 *       ({@code bot_not_owner}).</li>
 *   <li>The question is open or a pass of control is pending: hold ({@code handover_pending}).</li>
 *   <li>Otherwise the bot owns the thread: order it under the conversation's current epoch.</li>
 * </ol>
 *
 * @param action what to do
 * @param reason why it is held or dropped; {@code null} for {@link Action#ORDER}
 */
public record RecipientDecision(Action action, String reason) {

    /** Meta's standard messaging window. */
    public static final Duration WINDOW = Duration.ofHours(24);

    /** The three things that can happen to an open recipient. */
    public enum Action {
        ORDER, HOLD, DROP
    }

    /**
     * @param state     the conversation (locked by the caller)
     * @param audience  the bulletin's audience
     * @param wasHeld   whether the recipient was held before
     * @param heldSince when it was first held, {@code null} if never
     * @param maxHold   how long a tagged bulletin may wait for the bot to own the thread
     * @param now       the current time
     */
    public static RecipientDecision decide(ConversationState state, Audience audience, boolean wasHeld,
            Instant heldSince, Duration maxHold, Instant now) {
        if (audience == Audience.WINDOW && !insideWindow(state.lastUserActivityAt(), now)) {
            return new RecipientDecision(Action.DROP,
                    wasHeld ? BulletinReasons.WINDOW_CLOSED : BulletinReasons.OUTSIDE_WINDOW);
        }
        if (audience == Audience.TAGGED && heldSince != null && heldSince.plus(maxHold).isBefore(now)) {
            return new RecipientDecision(Action.DROP, BulletinReasons.HOLD_EXPIRED);
        }
        if (state.owner() == Owner.AGENT) {
            return new RecipientDecision(Action.HOLD, BulletinReasons.AGENT_HOLDS_THREAD);
        }
        if (state.owner() != Owner.BOT) {
            return new RecipientDecision(Action.HOLD, BulletinReasons.BOT_NOT_OWNER);
        }
        if (state.questionPending() || state.pendingPass() != null) {
            return new RecipientDecision(Action.HOLD, BulletinReasons.HANDOVER_PENDING);
        }
        return new RecipientDecision(Action.ORDER, null);
    }

    /** Whether {@code now} is at most 24 h after the user's last message; false when there is none. */
    public static boolean insideWindow(Instant lastUserMessageAt, Instant now) {
        return lastUserMessageAt != null && !now.isAfter(lastUserMessageAt.plus(WINDOW));
    }
}
