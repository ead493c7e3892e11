package org.handover.handover.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.handover.contracts.EventClass;
import org.handover.contracts.EventKinds;
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
 * <li>While a pass is pending the bot decides no new order: whatever it ordered would be sent after control passed,
 * and Meta would refuse it (10/2018300). The user's messages only count as activity ({@code awaiting_agent}).</li>
 * <li>While another app owns it: the user's messages only count as activity; the bot is silent.</li>
 * <li>{@code pass_thread_control}/{@code take_thread_control} set the owner they name; control coming back to our app
 * orders the "bot is back" message when the page has one. A {@code request_thread_control} is honoured when the
 * page says so, by passing control through a {@link PendingPass}: due at once when no order of the bot is
 * outstanding, otherwise waiting for the last order's report ("drain before pass").</li>
 * <li>Every change of owner we make is a persisted {@link PendingPass}: a pass to an agent, and the take-backs to the
 * bot after the page's idle timeout ({@link #onIdleExpired}) or at the page admin's request
 * ({@link #onGiveBackRequested}). What its call leads to is decided here ({@link #onPassSucceeded}: the new owner;
 * {@link #onPassFailed}: another try after a backoff, or giving up, telling a user who was promised a person).</li>
 * <li>An event older (by Meta's timestamp) than the event behind the latest change of owner never changes the owner
 * and orders nothing.</li>
 * <li>Every change of owner increments the epoch; every order carries the epoch it was decided under.</li>
 * </ul>
 *
 * <p>Every step that orders something remembers its last order in the state ({@link ConversationState#lastOrderId()});
 * {@link #onOrderReported} marks it reported when bot-service says what became of it.
 *
 * <p>Decision ids are derived from the cause ({@code <cause>#<n>}), so that running the same input twice (a replay,
 * a retry after a crash) yields the same ids and bot-service sends nothing twice.
 */
public final class HandoverStateMachine {

    /** The metadata of {@code pass_thread_control} calls that answer another app's request. */
    public static final String REQUEST_METADATA = "request_thread_control honoured";

    /** The metadata of {@code pass_thread_control} calls after the user accepted the handover. */
    public static final String ACCEPTED_METADATA = "The user asked for a person";

    /** The cause id prefix of a no-show take-back ({@link #onIdleExpired}): {@code no-show:<page>:<psid>:<epoch>}. */
    public static final String NO_SHOW_PREFIX = "no-show:";

    /** The cause of the pass after which an agent's no-show is watched for: the user accepted the handover. */
    static final String NO_SHOW_WATCHED_CAUSE = PendingPass.Reason.ACCEPTED.cause();

    /** The cause id prefix of {@link #onGiveBackRequested}: {@code admin:<page>:<psid>:<epoch>}. */
    public static final String ADMIN_GIVE_BACK_PREFIX = "admin:";

    /** Failed calls of a pending pass before it is given up, when the caller sets none. */
    public static final int DEFAULT_PASS_MAX_ATTEMPTS = 5;

    /** Wait after a pending pass's first temporary failure, when the caller sets none; doubled after each. */
    public static final Duration DEFAULT_PASS_RETRY_DELAY = Duration.ofSeconds(5);

    /** The idle timer's wait after a take-back was given up, when the caller sets none; doubled after each. */
    public static final Duration DEFAULT_TAKE_BACK_BACKOFF = Duration.ofMinutes(1);

    /** The idle timer's longest wait after given-up take-backs, when the caller sets none. */
    public static final Duration DEFAULT_TAKE_BACK_MAX_BACKOFF = Duration.ofHours(1);

    private final String ourAppId;
    private final Duration confirmationBound;
    private final int passMaxAttempts;
    private final Duration passRetryDelay;
    private final Duration takeBackBackoff;
    private final Duration takeBackMaxBackoff;

    /**
     * @param ourAppId          our app's id: control passed to it means the bot owns the thread
     * @param confirmationBound how long a pending pass waits for its awaited order to be reported before passing
     *                          anyway
     */
    public HandoverStateMachine(String ourAppId, Duration confirmationBound) {
        this(ourAppId, confirmationBound, DEFAULT_PASS_MAX_ATTEMPTS, DEFAULT_PASS_RETRY_DELAY);
    }

    /**
     * @param ourAppId          our app's id: control passed to it means the bot owns the thread
     * @param confirmationBound how long a pending pass waits for its awaited order to be reported before passing
     *                          anyway
     * @param passMaxAttempts   failed calls of a pending pass before it is given up (at least 1)
     * @param passRetryDelay    wait after a pending pass's first temporary failure; doubled after each further one
     */
    public HandoverStateMachine(String ourAppId, Duration confirmationBound, int passMaxAttempts,
            Duration passRetryDelay) {
        this(ourAppId, confirmationBound, passMaxAttempts, passRetryDelay, DEFAULT_TAKE_BACK_BACKOFF,
                DEFAULT_TAKE_BACK_MAX_BACKOFF);
    }

    /**
     * @param ourAppId           our app's id: control passed to it means the bot owns the thread
     * @param confirmationBound  how long a pending pass waits for its awaited order to be reported before passing
     *                           anyway
     * @param passMaxAttempts    failed calls of a pending pass (or take-back) before it is given up (at least 1)
     * @param passRetryDelay     wait after a pending pass's first temporary failure; doubled after each further one
     * @param takeBackBackoff    the idle timer's wait after its take-back was given up; doubled after each further one
     * @param takeBackMaxBackoff the longest such wait
     */
    public HandoverStateMachine(String ourAppId, Duration confirmationBound, int passMaxAttempts,
            Duration passRetryDelay, Duration takeBackBackoff, Duration takeBackMaxBackoff) {
        this.ourAppId = Objects.requireNonNull(ourAppId, "ourAppId");
        this.confirmationBound = Objects.requireNonNull(confirmationBound, "confirmationBound");
        this.passMaxAttempts = Math.max(1, passMaxAttempts);
        this.passRetryDelay = Objects.requireNonNull(passRetryDelay, "passRetryDelay");
        this.takeBackBackoff = Objects.requireNonNull(takeBackBackoff, "takeBackBackoff");
        this.takeBackMaxBackoff = Objects.requireNonNull(takeBackMaxBackoff, "takeBackMaxBackoff");
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

    /**
     * The one step of an inbound event of a conversation: when the event reveals a drift ({@link #needsOwnerCheck})
     * and nothing was read yet, asks for the thread's real owner first ({@link InboundStep#readOwner()}); given Meta's
     * answer, records it ({@link #onOwnerLearned}) and then applies the event ({@link #onEvent}) to the result.
     * Events that change nothing whatever the state ({@link #isInert}) come to {@code noise} or {@code unknown}.
     */
    public InboundStep onInbound(ConversationState state, PageSettings page, InboundEvent event,
            InboundStep.OwnerAnswer owner, Instant now) {
        if (!owner.read() && needsOwnerCheck(state, event)) {
            return InboundStep.readOwner();
        }
        Step reconciled = owner.known()
                ? onOwnerLearned(state, owner.appId(), event.eventId(), event.occurredAt()) : null;
        return InboundStep.applied(reconciled, onEvent(reconciled == null ? state : reconciled.state(), page, event,
                now));
    }

    /**
     * Whether {@code event} changes nothing in any conversation, whatever its state: delivery and read receipts, our
     * own echoes and the other events routing-service classed as noise, and unknown kinds. Such an event orders
     * nothing, changes no owner, counts as nobody's activity and leaves no analytics fact ({@link StepFact}), so
     * applying it twice is applying it once: the service need not store it, nor even look the conversation up.
     */
    public static boolean isInert(InboundEvent event) {
        return event.eventClass() == EventClass.NOISE || event.eventClass() == EventClass.UNKNOWN;
    }

    /** The outcome code of an {@link #isInert inert} event. */
    public static String inertOutcome(InboundEvent event) {
        return event.eventClass() == EventClass.UNKNOWN ? "unknown" : "noise";
    }

    /**
     * Applies one classified event of the conversation. An idle or no-show take-back decided but not being called yet
     * (its first call failed and waits for another try) is dropped when the event shows the agent is there after all.
     */
    public Step onEvent(ConversationState state, PageSettings page, InboundEvent event, Instant now) {
        if (isInert(event)) {
            return step(state, List.of(), inertOutcome(event));
        }
        Step step = applyEvent(state, page, event, now);
        PendingPass pass = step.state().pendingPass();
        if (pass != null && pass.claimable(now) && step.state().owner() == Owner.AGENT
                && (pass.reason() == PendingPass.Reason.IDLE_TIMEOUT && !idleExpired(step.state(), page, now)
                        || pass.reason() == PendingPass.Reason.NO_SHOW && !noShowExpired(step.state(), page, now))) {
            return new Step(step.state().withPendingPass(null), step.effects(), step.outcome());
        }
        return step;
    }

    private Step applyEvent(ConversationState state, PageSettings page, InboundEvent event, Instant now) {
        Ids ids = new Ids(event.eventId());
        boolean stale = isStale(state, event);
        return switch (event.eventClass()) {
            case HANDOVER_SIGNAL -> stale ? step(state, List.of(), "ignored_stale")
                    : onSignal(state, page, event, ids, now);
            case STANDBY -> step(isUserMessage(event) ? state.withUserActivity(event.occurredAt())
                    : isAgentMessage(event) ? state.withAgentActivity(event.occurredAt()) : state, List.of(),
                    "standby");
            case AGENT_ACTIVITY -> step(state.withAgentActivity(event.occurredAt()), List.of(), "agent_activity");
            case GUIDED, FREE_TEXT -> onUserMessage(state.withUserActivity(event.occurredAt()), page, event, stale, ids,
                    now);
            case NOISE -> step(state, List.of(), "noise");
            case UNKNOWN -> step(state, List.of(), "unknown");
        };
    }

    /**
     * Sets the owner Meta reported ({@code GET thread_owner}) after a drift: {@code ownerAppId} is the owning app, or
     * {@code null} for an idle thread. Silent: the bot says nothing about a reconciliation.
     */
    public Step onOwnerLearned(ConversationState state, String ownerAppId, String causeId, Instant eventAt) {
        Owner real = ownerOf(ownerAppId);
        if (real == state.owner() && (real != Owner.AGENT || Objects.equals(ownerAppId, state.ownerAppId()))) {
            return step(state, List.of(), "owner_confirmed");
        }
        Ids ids = new Ids(causeId + ":owner");
        List<Effect> effects = new ArrayList<>();
        ConversationState next = transition(state, real, ownerAppId, "drift_reconciled", eventAt, ids, effects);
        return step(next, effects, "drift_reconciled");
    }

    /**
     * bot-service reported what became of order {@code decisionId} (sent, refused or failed): if it is the last order
     * decided, nothing of the bot is outstanding any more. The news of an older order changes nothing, so that a late
     * report never hides a newer order still in flight. Whether a {@link PendingPass} may now go ahead is for the
     * caller to see ({@link PendingPass#awaitedDecisionId()}).
     */
    public Step onOrderReported(ConversationState state, String decisionId) {
        ConversationState next = state.withReported(decisionId);
        return new Step(next, List.of(), next == state ? "earlier_order_reported" : "order_reported");
    }

    /**
     * The call of a pending pass, made at {@code calledAt}, succeeded: for a pass ({@code pass_thread_control}) the
     * target app owns the thread, the cause is the pass's reason ({@code user_accepted} or {@code inbox_request}); for
     * a take-back ({@code take_thread_control}) the bot owns it again and says so when the page has a "bot is back"
     * message (cause {@code idle_timeout} or {@code admin_give_back}).
     *
     * <p>Signals that happened before {@code calledAt} (when the call was made, so certainly before Meta carried it
     * out) but are processed after it (the agent marking an earlier
     * hand-over done, say) are already reflected in who owns the thread now, and count as stale: applied on top of
     * this pass they would give the thread back to the bot on our side while Meta has it with the agent.
     */
    public Step onPassSucceeded(ConversationState state, PendingPass pass, PageSettings page, Instant calledAt) {
        if (pass.reason() == PendingPass.Reason.IDLE_TIMEOUT) {
            return takenBack(state, page, pass.causeEventId(), pass.reason().cause(), pass.causeOccurredAt(),
                    calledAt, "idle_taken_back");
        }
        if (pass.reason() == PendingPass.Reason.ADMIN_GIVE_BACK) {
            return takenBack(state, page, pass.causeEventId(), pass.reason().cause(), calledAt, calledAt,
                    "admin_given_back");
        }
        if (pass.reason() == PendingPass.Reason.NO_SHOW) {
            return takenBack(state, page, pass.causeEventId(), pass.reason().cause(), pass.causeOccurredAt(),
                    calledAt, "no_show_taken_back");
        }
        Ids ids = new Ids(pass.causeEventId() + ":pass");
        List<Effect> effects = new ArrayList<>();
        ConversationState next = transition(state, Owner.AGENT, pass.targetAppId(), pass.reason().cause(),
                pass.causeOccurredAt(), ids, effects).withControlSettledAt(calledAt);
        return step(next, effects,
                pass.reason() == PendingPass.Reason.ACCEPTED ? "passed_to_agent" : "passed_on_request");
    }

    /** How a {@code pass_thread_control} call of a pending pass failed. */
    public enum PassFailure {
        /** Meta or the network failed for a reason that may pass (the client's own retries spent). */
        TEMPORARY,
        /** Meta refused for good (bad token, no permission, person unavailable, invalid parameter, no token). */
        REFUSED,
        /** Error 10/2018300: another app holds the thread; the service reads the real owner next. */
        OWNED_BY_ANOTHER_APP
    }

    /**
     * {@code pass_thread_control} of {@code pass} failed at {@code now}. A temporary failure is tried again, after
     * {@code passRetryDelay} doubled for each earlier failure, until {@code passMaxAttempts} calls failed; then, or at
     * once when Meta refused, the pass is given up: the bot keeps the thread, and a user who accepted the handover
     * (and was told a person would answer) is told with the page's {@link PageSettings#handoverFailedText()}. Another
     * app holding the thread drops the pass silently: the owner read that follows decides.
     */
    public Step onPassFailed(ConversationState state, PendingPass pass, PassFailure failure, PageSettings page,
            Instant now) {
        if (pass.takesBack()) {
            return onTakeBackFailed(state, pass, failure, now);
        }
        if (failure == PassFailure.OWNED_BY_ANOTHER_APP) {
            return step(state.withPendingPass(null), List.of(), "pass_found_other_owner");
        }
        int failed = pass.attempts() + 1;
        if (failure == PassFailure.TEMPORARY && failed < passMaxAttempts) {
            return step(state.withPendingPass(pass.retryAt(now.plus(retryWait(failed)))), List.of(),
                    "pass_retry_scheduled");
        }
        List<Effect> effects = new ArrayList<>();
        ConversationState next = state.withPendingPass(null);
        if (pass.reason() == PendingPass.Reason.ACCEPTED && page.handoverFailedText() != null
                && !page.handoverFailedText().isBlank()) {
            effects.add(order(new Ids(pass.causeEventId() + ":pass-failed"), OrderKind.STAY_WITH_BOT, null,
                    page.handoverFailedText(), List.of(), next));
        }
        return step(next, effects, failure == PassFailure.TEMPORARY ? "handover_given_up" : "handover_refused");
    }

    /**
     * A take-back's {@code take_thread_control} failed. A temporary failure is tried again as a pass is
     * ({@code take_back_retry_scheduled}); once given up (or at once when Meta refused it, or another app holds the
     * thread: the owner read that follows decides) the agent keeps the thread and the bot cannot write to the user
     * (it does not own the thread). An idle take-back then waits {@code takeBackBackoff}, doubled per earlier given-up
     * one of this owner up to {@code takeBackMaxBackoff}, before the idle timer decides another: a conversation Meta
     * keeps refusing is not called on every run. The page admin's give-back is not repeated: the page says how it
     * ended.
     */
    private Step onTakeBackFailed(ConversationState state, PendingPass pass, PassFailure failure, Instant now) {
        int failed = pass.attempts() + 1;
        if (failure == PassFailure.TEMPORARY && failed < passMaxAttempts) {
            return step(state.withPendingPass(pass.retryAt(now.plus(retryWait(failed)))), List.of(),
                    "take_back_retry_scheduled");
        }
        ConversationState next = state.withPendingPass(null);
        String outcome = switch (failure) {
            case TEMPORARY -> "take_back_given_up";
            case REFUSED -> "take_back_refused";
            case OWNED_BY_ANOTHER_APP -> "take_back_found_other_owner";
        };
        if (pass.reason() == PendingPass.Reason.IDLE_TIMEOUT || pass.reason() == PendingPass.Reason.NO_SHOW) {
            int givenUp = state.takeBack().failures() + 1;
            Duration wait = takeBackBackoff.multipliedBy(1L << Math.min(givenUp - 1, 20));
            if (wait.compareTo(takeBackMaxBackoff) > 0) {
                wait = takeBackMaxBackoff;
            }
            next = next.withTakeBack(new ConversationState.TakeBackBackoff(now.plus(wait), givenUp));
            return step(next, List.of(),
                    (pass.reason() == PendingPass.Reason.NO_SHOW ? "no_show_" : "idle_") + outcome);
        }
        return step(next, List.of(), "admin_" + outcome);
    }

    /** The wait after the {@code failed}-th temporary failure of a pending pass or take-back. */
    private Duration retryWait(int failed) {
        return passRetryDelay.multipliedBy(1L << Math.min(failed - 1, 16));
    }

    /**
     * The idle timer found the agent-held conversation past its page's no-show wait or idle timeout at {@code now}: a
     * take-back due at once, unless a change of owner is pending already or an earlier given-up take-back's wait has
     * not passed ({@code idle_not_due}). An agent's no-show comes first ({@link PendingPass.Reason#NO_SHOW}: the user
     * accepted the handover, and no word of the agent followed within the page's no-show wait; the user is told with
     * the page's no-show text), then the idle timeout ({@link PendingPass.Reason#IDLE_TIMEOUT}: nothing from the
     * agent for that long, whatever the user wrote).
     */
    public Step onIdleExpired(ConversationState state, PageSettings page, Instant now) {
        boolean noShow = noShowExpired(state, page, now);
        if (!page.handoverActive() || !(noShow || idleExpired(state, page, now)) || state.pendingPass() != null
                || (state.takeBack().notBefore() != null && state.takeBack().notBefore().isAfter(now))) {
            return step(state, List.of(), "idle_not_due");
        }
        if (noShow) {
            PendingPass take = new PendingPass(null, ourAppId, now, null, 0,
                    NO_SHOW_PREFIX + state.key() + ":" + state.epoch(), now, PendingPass.Reason.NO_SHOW);
            return step(state.withPendingPass(take), List.of(), "no_show_take_back_due");
        }
        PendingPass take = new PendingPass(null, ourAppId, now, null, 0, "idle:" + state.key() + ":" + state.epoch(),
                state.lastAgentActivity(), PendingPass.Reason.IDLE_TIMEOUT);
        return step(state.withPendingPass(take), List.of(), "idle_take_back_due");
    }

    /**
     * The page admin asked, on the settings page, to give the agent-held conversation back to the bot: a take-back
     * ({@link PendingPass.Reason#ADMIN_GIVE_BACK}) due at once. Nothing when an agent does not hold it
     * ({@code not_agent_held}), or when a take-back is pending already ({@code take_back_pending}); a pass to another
     * agent's app pending (an agent's app passing it on is Meta's business, not ours) does not exist while an agent
     * holds it.
     */
    public Step onGiveBackRequested(ConversationState state, Instant now) {
        if (state.owner() != Owner.AGENT) {
            return step(state, List.of(), "not_agent_held");
        }
        if (state.pendingPass() != null) {
            return step(state, List.of(), "take_back_pending");
        }
        PendingPass take = new PendingPass(null, ourAppId, now, null, 0,
                ADMIN_GIVE_BACK_PREFIX + state.key() + ":" + state.epoch(), now, PendingPass.Reason.ADMIN_GIVE_BACK);
        return step(state.withPendingPass(take), List.of(), "give_back_requested");
    }

    /**
     * Our successful {@code take_thread_control}: the bot owns the thread and says its "bot is back" message (after an
     * agent's no-show: the page's no-show text instead).
     */
    private Step takenBack(ConversationState state, PageSettings page, String causeId, String cause, Instant eventAt,
            Instant calledAt, String outcome) {
        if (state.owner() == Owner.BOT) {
            return step(state, List.of(), "already_bot");
        }
        Ids ids = new Ids(causeId);
        List<Effect> effects = new ArrayList<>();
        ConversationState next = transition(state, Owner.BOT, ourAppId, cause, eventAt, ids, effects)
                .withControlSettledAt(calledAt);
        if (PendingPass.Reason.NO_SHOW.cause().equals(cause)) {
            if (page.noShowText() != null && !page.noShowText().isBlank()) {
                effects.add(order(ids, OrderKind.BOT_IS_BACK, null, page.noShowText(), List.of(), next));
            }
        } else {
            botIsBack(next, page, ids, effects);
        }
        return step(next, effects, outcome);
    }

    /**
     * Whether the page's idle timeout has expired for an agent-held conversation at {@code now}: nothing from the
     * agent ({@link ConversationState#lastAgentActivity()}) for that long. The user's own messages do not keep it
     * alive.
     */
    public static boolean idleExpired(ConversationState state, PageSettings page, Instant now) {
        return state.owner() == Owner.AGENT && page.idleTimeout() != null
                && !state.lastAgentActivity().plus(page.idleTimeout()).isAfter(now);
    }

    /**
     * Whether an agent did not show up at {@code now}: the agent holds the thread after a pass the user accepted
     * ({@code user_accepted}), has not written since, and the page's no-show wait has passed since the user's "yes"
     * (Meta's timestamp, which the agent's ownership starts from: how long the user has been waiting for a person,
     * and the same in a replay). Only the agent's messages count (echoes of another app, or of the page's own inbox),
     * never the user's.
     */
    public static boolean noShowExpired(ConversationState state, PageSettings page, Instant now) {
        if (state.owner() != Owner.AGENT || page.noShow() == null
                || !NO_SHOW_WATCHED_CAUSE.equals(state.ownerCause()) || state.agentSpokeSinceOwnerChange()) {
            return false;
        }
        return state.ownerSince() != null && !state.ownerSince().plus(page.noShow()).isAfter(now);
    }

    private Step onSignal(ConversationState state, PageSettings page, InboundEvent event, Ids ids, Instant now) {
        HandoverSignal signal = event.handover();
        String type = signal == null ? event.kind() : signal.type();
        if (signal == null || type == null) {
            return step(state, List.of(), "ignored_signal_without_fields");
        }
        List<Effect> effects = new ArrayList<>();
        switch (type) {
            case EventKinds.PASS_THREAD_CONTROL, EventKinds.TAKE_THREAD_CONTROL -> {
                String newOwner = signal.newOwnerAppId();
                Owner owner = ownerOf(newOwner);
                if (owner == state.owner() && (owner != Owner.AGENT || Objects.equals(newOwner, state.ownerAppId()))) {
                    return step(state, List.of(), "owner_unchanged");
                }
                boolean pass = type.equals(EventKinds.PASS_THREAD_CONTROL);
                String cause = switch (owner) {
                    case BOT -> pass ? "agent_done" : "taken_back";
                    case AGENT -> pass ? "passed_to_other_app" : "taken_by_other_app";
                    case IDLE -> "released";
                };
                ConversationState next = transition(state, owner, newOwner, cause, event.occurredAt(), ids, effects);
                if (owner == Owner.BOT) {
                    botIsBack(next, page, ids, effects);
                }
                return step(next, effects, cause);
            }
            case EventKinds.REQUEST_THREAD_CONTROL -> {
                String requester = signal.requestedOwnerAppId();
                if (requester == null || requester.equals(ourAppId)) {
                    return step(state, List.of(), "ignored_request");
                }
                if (state.owner() != Owner.BOT) {
                    return step(state, List.of(), "request_while_not_owner");
                }
                if (!page.handoverActive() || !page.honourInboxRequests() || !page.channel().supportsHandover()) {
                    return step(state, List.of(), "request_declined");
                }
                if (state.pendingPass() != null) {
                    // Control passes already (to the page's target, or to an earlier requester): once is enough.
                    return step(state, List.of(), "request_while_pass_pending");
                }
                String outstanding = state.outstandingOrderId();
                if (outstanding != null) {
                    // Drain before pass: the bot's last order may still be on its way to the Send API.
                    PendingPass pass = new PendingPass(outstanding, requester, now.plus(confirmationBound), null, 0,
                            event.eventId(), event.occurredAt(), PendingPass.Reason.INBOX_REQUEST);
                    return step(state.withPendingPass(pass), List.of(), "request_awaiting_order");
                }
                // Nothing in flight: a pass due at once, persisted like any other, so a crash or a failed call
                // before it is done leaves it to the pass timer instead of losing the agent's request.
                PendingPass pass = new PendingPass(null, requester, now, null, 0, event.eventId(), event.occurredAt(),
                        PendingPass.Reason.INBOX_REQUEST);
                return step(state.withPendingPass(pass), List.of(), "request_honoured");
            }
            case EventKinds.APP_ROLES -> {
                // The step's outcome is named after the kind; the page's roles are checked on activation only.
                return step(state, List.of(), EventKinds.APP_ROLES);
            }
            default -> {
                return step(state, List.of(), "ignored_unknown_signal");
            }
        }
    }

    private Step onUserMessage(ConversationState state, PageSettings page, InboundEvent event, boolean stale, Ids ids,
            Instant now) {
        if (stale) {
            return step(state, List.of(), "ignored_stale");
        }
        List<Effect> effects = new ArrayList<>();
        ConversationState current = state;
        if (current.owner() == Owner.AGENT) {
            return step(current, List.of(), "agent_owns");
        }
        if (current.owner() == Owner.IDLE) {
            // Meta routes an idle thread's messages to our app (primary receiver / default app): it is ours now.
            current = transition(current, Owner.BOT, ourAppId, "idle_thread_message", event.occurredAt(), ids, effects);
        }
        String payload = event.guidedPayload();
        if (current.pendingPass() != null) {
            // No new order while control is about to pass: it would reach the Send API after the pass.
            boolean answersQuestion = Messenger.HANDOVER_ACCEPT_PAYLOAD.equals(payload)
                    || Messenger.HANDOVER_REJECT_PAYLOAD.equals(payload);
            return step(current, effects,
                    answersQuestion && current.pendingPass().reason() == PendingPass.Reason.ACCEPTED
                            ? "already_accepted" : "awaiting_agent");
        }
        boolean handover = page.handoverActive() && page.channel().supportsHandover();
        Instant at = event.occurredAt() != null ? event.occurredAt() : now;
        if (handover && !page.openAt(at) && (event.eventClass() == EventClass.FREE_TEXT
                || Messenger.HANDOVER_ACCEPT_PAYLOAD.equals(payload))) {
            // Outside the page's business hours (judged on Meta's timestamp, so a replay decides the same): no
            // question, no pass; the fallback as if handover were off, or the page's out-of-hours text.
            String text = page.outOfHoursText();
            if (page.businessHours().outside() == BusinessHours.Outside.OUT_OF_HOURS_TEXT && text != null
                    && !text.isBlank()) {
                effects.add(order(ids, OrderKind.STAY_WITH_BOT, null, text, List.of(), current));
                return step(current.withQuestionPending(false), effects, "out_of_hours_text");
            }
            effects.add(order(ids, OrderKind.FALLBACK, null, null, List.of(), current));
            return step(current.withQuestionPending(false), effects, "out_of_hours_fallback");
        }
        if (event.eventClass() == EventClass.FREE_TEXT) {
            if (!handover) {
                effects.add(order(ids, OrderKind.FALLBACK, null, null, List.of(), current));
                return step(current, effects, "fallback");
            }
            effects.add(order(ids, OrderKind.ASK_HANDOVER, null, page.questionText(),
                    List.of(new QuickReply(page.acceptTitle(), Messenger.HANDOVER_ACCEPT_PAYLOAD),
                            new QuickReply(page.rejectTitle(), Messenger.HANDOVER_REJECT_PAYLOAD)),
                    current));
            return step(current.withQuestionPending(true), effects, "asked");
        }
        if (Messenger.HANDOVER_ACCEPT_PAYLOAD.equals(payload)) {
            if (!handover) {
                effects.add(order(ids, OrderKind.FALLBACK, null, null, List.of(), current));
                return step(current.withQuestionPending(false), effects, "accept_while_inactive");
            }
            Effect.Order confirm = order(ids, OrderKind.CONFIRM_HANDOVER, null, page.confirmationText(), List.of(),
                    current);
            effects.add(confirm);
            PendingPass pass = new PendingPass(confirm.decisionId(), page.targetAppId(), now.plus(confirmationBound),
                    null, 0, event.eventId(), event.occurredAt(), PendingPass.Reason.ACCEPTED);
            return step(current.withPendingPass(pass), effects, "accepted");
        }
        if (Messenger.HANDOVER_REJECT_PAYLOAD.equals(payload)) {
            effects.add(order(ids, OrderKind.STAY_WITH_BOT, null, page.stayWithBotText(), List.of(), current));
            return step(current.withQuestionPending(false), effects, "rejected");
        }
        effects.add(order(ids, OrderKind.ANSWER_GUIDED, payload, null, List.of(), current));
        return step(current.withQuestionPending(false), effects, "answered");
    }

    /** A step; its state remembers the last order among {@code effects}, if any, as outstanding. */
    private static Step step(ConversationState state, List<Effect> effects, String outcome) {
        ConversationState next = state;
        for (Effect effect : effects) {
            if (effect instanceof Effect.Order order) {
                next = next.withOrdered(order.decisionId());
            }
        }
        return new Step(next, effects, outcome);
    }

    private ConversationState transition(ConversationState state, Owner to, String appId, String cause,
            Instant eventAt, Ids ids, List<Effect> effects) {
        Instant since = eventAt != null ? eventAt : state.ownerSince();
        ConversationState next = state.withOwner(to, appId, since, eventAt, cause);
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
            case STANDBY -> (EventKinds.MESSAGE.equals(event.kind()) || EventKinds.POSTBACK.equals(event.kind()))
                    && event.appId() == null;
            default -> false;
        };
    }

    /**
     * Whether {@code event} is an agent's message: an echo routing-service classified as another app's (or the
     * page's own inbox, without {@code app_id}), or in {@code standby[]} an echo not sent by our app (an agent's reply
     * from the Page Inbox while it owns the thread). Our own echoes never count.
     */
    private boolean isAgentMessage(InboundEvent event) {
        return event.eventClass() == EventClass.AGENT_ACTIVITY
                || (event.eventClass() == EventClass.STANDBY && !ourAppId.equals(event.appId())
                        && (EventKinds.MESSAGE_ECHO.equals(event.kind()) || event.appId() != null));
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
