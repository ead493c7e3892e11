package org.handover.handover.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.handover.contracts.EventClass;
import org.handover.contracts.HandoverSignal;
import org.handover.contracts.InboundEvent;
import org.handover.contracts.Messenger;
import org.handover.contracts.OrderKind;
import org.handover.contracts.Owner;
import org.handover.contracts.QuickReply;

/**
 * The thread-control state machine: given what handover-service knows of a conversation, the page's settings and one
 * input (a classified event, the answer of a Graph API call, a timer), it returns the new state and what to do.
 * Plain Java without I/O, so that every transition is unit-tested and a replay runs exactly this code.
 *
 * <p>Rules, in short:
 * <ul>
 * <li>While the bot owns the thread: a guided message is answered; free text asks the "Change to agent" question
 * when handover is active and gets the fallback answer otherwise; "yes" orders the confirmation and leaves a
 * {@link PendingPass} (control passes only once the confirmation was sent, or after a bound); "no" orders the
 * "stay with the bot" answer.</li>
 * <li>While another app owns it: the user's messages only count as activity; the bot is silent.</li>
 * <li>{@code pass_thread_control}/{@code take_thread_control} set the owner they name; control coming back to our app
 * orders the "bot is back" message when the page has one. A {@code request_thread_control} is honoured when the
 * page says so, by passing control.</li>
 * <li>An event older (by Meta's timestamp) than the event behind the latest change of owner never changes the owner
 * and orders nothing.</li>
 * <li>Every change of owner increments the epoch; every order carries the epoch it was decided under.</li>
 * </ul>
 *
 * <p>Decision ids are derived from the cause ({@code <cause>#<n>}), so that running the same input twice (a replay,
 * a retry after a crash) yields the same ids and bot-service sends nothing twice.
 */
public final class HandoverStateMachine {

    /** {@link InboundEvent#kind()} of echoes in {@code standby[]}: messages another app (an agent) sent. */
    public static final String KIND_MESSAGE_ECHO = "message_echo";

    private final String ourAppId;
    private final Duration confirmationBound;

    /**
     * @param ourAppId          our app's id: control passed to it means the bot owns the thread
     * @param confirmationBound how long control waits for the confirmation to be reported sent before passing anyway
     */
    public HandoverStateMachine(String ourAppId, Duration confirmationBound) {
        this.ourAppId = Objects.requireNonNull(ourAppId, "ourAppId");
        this.confirmationBound = Objects.requireNonNull(confirmationBound, "confirmationBound");
    }

    /**
     * Whether {@code event} shows that our idea of the owner drifted from Meta's, so that the real owner must be read
     * ({@code GET thread_owner}) before the event is applied: a user message in {@code messaging[]} (only the owner
     * gets those) while we believe another app owns the thread, or a user message in {@code standby[]} while we
     * believe the bot owns it.
     */
    public boolean needsOwnerCheck(ConversationState state, InboundEvent event) {
        if (!canRevealDrift(event) || isStale(state, event)) {
            return false;
        }
        boolean userMessage = isUserMessage(event);
        return switch (event.eventClass()) {
            case GUIDED, FREE_TEXT -> state.owner() == Owner.AGENT;
            case STANDBY -> userMessage && state.owner() == Owner.BOT && state.pendingPass() == null;
            default -> false;
        };
    }

    /** Whether {@code event} is of a class that can reveal a drift at all (a conversation's user message). */
    public static boolean canRevealDrift(InboundEvent event) {
        return event.psid() != null && switch (event.eventClass()) {
            case GUIDED, FREE_TEXT, STANDBY -> true;
            default -> false;
        };
    }

    /** Applies one classified event of the conversation. */
    public Step onEvent(ConversationState state, PageSettings page, InboundEvent event, Instant now) {
        Ids ids = new Ids(event.eventId());
        boolean stale = isStale(state, event);
        return switch (event.eventClass()) {
            case HANDOVER_SIGNAL -> stale ? new Step(state, List.of(), "ignored_stale")
                    : onSignal(state, page, event, ids, now);
            case STANDBY -> new Step(isUserMessage(event) ? state.withUserActivity(event.occurredAt())
                    : isAgentMessage(event) ? state.withAgentActivity(event.occurredAt()) : state, List.of(),
                    "standby");
            case AGENT_ACTIVITY -> new Step(state.withAgentActivity(event.occurredAt()), List.of(), "agent_activity");
            case GUIDED, FREE_TEXT -> onUserMessage(state.withUserActivity(event.occurredAt()), page, event, stale, ids,
                    now);
            case NOISE -> new Step(state, List.of(), "noise");
            case UNKNOWN -> new Step(state, List.of(), "unknown");
        };
    }

    /**
     * Sets the owner Meta reported ({@code GET thread_owner}) after a drift: {@code ownerAppId} is the owning app, or
     * {@code null} for an idle thread. Silent: the bot says nothing about a reconciliation.
     */
    public Step onOwnerLearned(ConversationState state, String ownerAppId, String causeId, Instant eventAt) {
        Owner real = ownerOf(ownerAppId);
        if (real == state.owner() && (real != Owner.AGENT || Objects.equals(ownerAppId, state.ownerAppId()))) {
            return new Step(state, List.of(), "owner_confirmed");
        }
        Ids ids = new Ids(causeId + ":owner");
        List<Effect> effects = new ArrayList<>();
        ConversationState next = transition(state, real, ownerAppId, "drift_reconciled", eventAt, ids, effects);
        return new Step(next, effects, "drift_reconciled");
    }

    /** {@code pass_thread_control} of an accepted handover succeeded: the agent owns the thread. */
    public Step onPassSucceeded(ConversationState state, PendingPass pass) {
        Ids ids = new Ids(pass.causeEventId() + ":pass");
        List<Effect> effects = new ArrayList<>();
        ConversationState next = transition(state, Owner.AGENT, pass.targetAppId(), "user_accepted",
                pass.causeOccurredAt(), ids, effects);
        return new Step(next, effects, "passed_to_agent");
    }

    /** {@code pass_thread_control} answering another app's request succeeded: that app owns the thread. */
    public Step onRequestHonoured(ConversationState state, String targetAppId, String causeEventId, Instant eventAt) {
        if (state.owner() == Owner.AGENT && targetAppId.equals(state.ownerAppId())) {
            return new Step(state, List.of(), "already_agent");
        }
        Ids ids = new Ids(causeEventId + ":pass");
        List<Effect> effects = new ArrayList<>();
        ConversationState next = transition(state, Owner.AGENT, targetAppId, "inbox_request", eventAt, ids, effects);
        return new Step(next, effects, "passed_on_request");
    }

    /**
     * Our {@code take_thread_control} after the page's idle timeout succeeded: the bot owns the thread again and says
     * so when the page has a "bot is back" message.
     */
    public Step onIdleTakenBack(ConversationState state, PageSettings page) {
        if (state.owner() == Owner.BOT) {
            return new Step(state, List.of(), "already_bot");
        }
        Ids ids = new Ids("idle:" + state.key() + ":" + state.epoch());
        List<Effect> effects = new ArrayList<>();
        ConversationState next = transition(state, Owner.BOT, ourAppId, "idle_timeout", state.lastActivity(), ids,
                effects);
        botIsBack(next, page, ids, effects);
        return new Step(next, effects, "idle_taken_back");
    }

    /** Whether the page's idle timeout has expired for an agent-held conversation at {@code now}. */
    public static boolean idleExpired(ConversationState state, PageSettings page, Instant now) {
        return state.owner() == Owner.AGENT && page.idleTimeout() != null
                && !state.lastActivity().plus(page.idleTimeout()).isAfter(now);
    }

    private Step onSignal(ConversationState state, PageSettings page, InboundEvent event, Ids ids, Instant now) {
        HandoverSignal signal = event.handover();
        String type = signal == null ? event.kind() : signal.type();
        if (signal == null || type == null) {
            return new Step(state, List.of(), "ignored_signal_without_fields");
        }
        List<Effect> effects = new ArrayList<>();
        switch (type) {
            case "pass_thread_control", "take_thread_control" -> {
                String newOwner = signal.newOwnerAppId();
                Owner owner = ownerOf(newOwner);
                if (owner == state.owner() && (owner != Owner.AGENT || Objects.equals(newOwner, state.ownerAppId()))) {
                    return new Step(state, List.of(), "owner_unchanged");
                }
                boolean pass = type.equals("pass_thread_control");
                String cause = switch (owner) {
                    case BOT -> pass ? "agent_done" : "taken_back";
                    case AGENT -> pass ? "passed_to_other_app" : "taken_by_other_app";
                    case IDLE -> "released";
                };
                ConversationState next = transition(state, owner, newOwner, cause, event.occurredAt(), ids, effects);
                if (owner == Owner.BOT) {
                    botIsBack(next, page, ids, effects);
                }
                return new Step(next, effects, cause);
            }
            case "request_thread_control" -> {
                String requester = signal.requestedOwnerAppId();
                if (requester == null || requester.equals(ourAppId)) {
                    return new Step(state, List.of(), "ignored_request");
                }
                if (state.owner() != Owner.BOT) {
                    return new Step(state, List.of(), "request_while_not_owner");
                }
                if (!page.handoverActive() || !page.honourInboxRequests() || !page.channel().supportsHandover()) {
                    return new Step(state, List.of(), "request_declined");
                }
                effects.add(new Effect.PassControl(requester, "request_thread_control honoured"));
                return new Step(state, effects, "request_honoured");
            }
            case "app_roles" -> {
                return new Step(state, List.of(), "app_roles");
            }
            default -> {
                return new Step(state, List.of(), "ignored_unknown_signal");
            }
        }
    }

    private Step onUserMessage(ConversationState state, PageSettings page, InboundEvent event, boolean stale, Ids ids,
            Instant now) {
        if (stale) {
            return new Step(state, List.of(), "ignored_stale");
        }
        List<Effect> effects = new ArrayList<>();
        ConversationState current = state;
        if (current.owner() == Owner.AGENT) {
            return new Step(current, List.of(), "agent_owns");
        }
        if (current.owner() == Owner.IDLE) {
            // Meta routes an idle thread's messages to our app (primary receiver / default app): it is ours now.
            current = transition(current, Owner.BOT, ourAppId, "idle_thread_message", event.occurredAt(), ids, effects);
        }
        boolean handover = page.handoverActive() && page.channel().supportsHandover();
        if (event.eventClass() == EventClass.FREE_TEXT) {
            if (current.pendingPass() != null) {
                return new Step(current, effects, "awaiting_agent");
            }
            if (!handover) {
                effects.add(order(ids, OrderKind.FALLBACK, null, null, List.of(), current));
                return new Step(current, effects, "fallback");
            }
            effects.add(order(ids, OrderKind.ASK_HANDOVER, null, page.questionText(),
                    List.of(new QuickReply(page.acceptTitle(), Messenger.HANDOVER_ACCEPT_PAYLOAD),
                            new QuickReply(page.rejectTitle(), Messenger.HANDOVER_REJECT_PAYLOAD)),
                    current));
            return new Step(current.withQuestionPending(true), effects, "asked");
        }
        String payload = event.guidedPayload();
        if (Messenger.HANDOVER_ACCEPT_PAYLOAD.equals(payload)) {
            if (current.pendingPass() != null) {
                return new Step(current, effects, "already_accepted");
            }
            if (!handover) {
                effects.add(order(ids, OrderKind.FALLBACK, null, null, List.of(), current));
                return new Step(current.withQuestionPending(false), effects, "accept_while_inactive");
            }
            Effect.Order confirm = order(ids, OrderKind.CONFIRM_HANDOVER, null, page.confirmationText(), List.of(),
                    current);
            effects.add(confirm);
            PendingPass pass = new PendingPass(confirm.decisionId(), page.targetAppId(), now.plus(confirmationBound),
                    null, 0, event.eventId(), event.occurredAt());
            return new Step(current.withPendingPass(pass), effects, "accepted");
        }
        if (Messenger.HANDOVER_REJECT_PAYLOAD.equals(payload)) {
            if (current.pendingPass() != null) {
                return new Step(current, effects, "already_accepted");
            }
            effects.add(order(ids, OrderKind.STAY_WITH_BOT, null, page.stayWithBotText(), List.of(), current));
            return new Step(current.withQuestionPending(false), effects, "rejected");
        }
        effects.add(order(ids, OrderKind.ANSWER_GUIDED, payload, null, List.of(), current));
        return new Step(current.withQuestionPending(false), effects, "answered");
    }

    private ConversationState transition(ConversationState state, Owner to, String appId, String cause,
            Instant eventAt, Ids ids, List<Effect> effects) {
        Instant since = eventAt != null ? eventAt : state.ownerSince();
        ConversationState next = state.withOwner(to, appId, since, eventAt);
        effects.add(new Effect.Transition(ids.next(), state.owner(), to, appId, next.epoch(), cause, eventAt));
        return next;
    }

    private void botIsBack(ConversationState state, PageSettings page, Ids ids, List<Effect> effects) {
        if (page.botIsBackText() != null && !page.botIsBackText().isBlank()) {
            effects.add(order(ids, OrderKind.BOT_IS_BACK, null, page.botIsBackText(), List.of(), state));
        }
    }

    private static Effect.Order order(Ids ids, OrderKind kind, String payload, String text, List<QuickReply> replies,
            ConversationState state) {
        return new Effect.Order(ids.next(), kind, payload, text, replies, state.epoch());
    }

    private Owner ownerOf(String appId) {
        if (appId == null || appId.isBlank()) {
            return Owner.IDLE;
        }
        return appId.equals(ourAppId) ? Owner.BOT : Owner.AGENT;
    }

    private static boolean isStale(ConversationState state, InboundEvent event) {
        return state.lastTransitionEventAt() != null && event.occurredAt() != null
                && event.occurredAt().isBefore(state.lastTransitionEventAt());
    }

    private static boolean isUserMessage(InboundEvent event) {
        return switch (event.eventClass()) {
            case GUIDED, FREE_TEXT -> true;
            case STANDBY -> ("message".equals(event.kind()) || "postback".equals(event.kind())) && event.appId() == null;
            default -> false;
        };
    }

    private static boolean isAgentMessage(InboundEvent event) {
        return event.eventClass() == EventClass.AGENT_ACTIVITY
                || (event.eventClass() == EventClass.STANDBY
                        && (KIND_MESSAGE_ECHO.equals(event.kind()) || event.appId() != null));
    }

    /** Decision ids of one step: {@code <cause>#1}, {@code <cause>#2}, ... */
    private static final class Ids {
        private final String base;
        private int n;

        Ids(String base) {
            this.base = base;
        }

        String next() {
            return base + "#" + (++n);
        }
    }
}
