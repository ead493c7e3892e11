package org.handover.handover.domain;

import java.util.ArrayList;
import java.util.List;

/**
 * What {@link HandoverStateMachine#onInbound} made of one inbound event: either the step to record, or that the
 * thread's real owner must be read from Meta first ({@code GET thread_owner}, outside any transaction) and the event
 * given again with the answer.
 *
 * @param readOwnerFirst the event reveals a drift: nothing is decided until Meta said who owns the thread
 * @param reconciliation what Meta's answer changed before the event was applied (a change of owner with cause
 *                       {@code drift_reconciled}, or {@code owner_confirmed}); null when no answer was given
 * @param step           the event's own step, after the reconciliation; null when {@code readOwnerFirst}
 */
public record InboundStep(boolean readOwnerFirst, Step reconciliation, Step step) {

    private static final InboundStep READ_OWNER_FIRST = new InboundStep(true, null, null);

    /** Meta must be asked who owns the thread before the event is applied. */
    public static InboundStep readOwner() {
        return READ_OWNER_FIRST;
    }

    /** The event applied, after {@code reconciliation} (may be null). */
    public static InboundStep applied(Step reconciliation, Step step) {
        return new InboundStep(false, reconciliation, step);
    }

    /** The state after the whole step; null when {@code readOwnerFirst}. */
    public ConversationState state() {
        return step == null ? null : step.state();
    }

    /** The effects of the reconciliation, then of the event, in order. */
    public List<Effect> effects() {
        List<Effect> all = new ArrayList<>();
        if (reconciliation != null) {
            all.addAll(reconciliation.effects());
        }
        if (step != null) {
            all.addAll(step.effects());
        }
        return all;
    }

    /**
     * What the service knows of the thread's owner when it gives an event to {@link HandoverStateMachine#onInbound}.
     *
     * @param read  whether Meta was asked (or may not be asked any more: the event is applied with what we know)
     * @param known whether Meta answered
     * @param appId the owning app Meta reported; null for an idle thread (or when not known)
     */
    public record OwnerAnswer(boolean read, boolean known, String appId) {

        /** Nothing read yet: the machine may ask for a read. */
        public static final OwnerAnswer NOT_READ = new OwnerAnswer(false, false, null);

        /** No answer to be had (the read failed, or the reads are spent): apply the event with what we know. */
        public static final OwnerAnswer UNKNOWN = new OwnerAnswer(true, false, null);

        /** Meta answered: {@code appId} owns the thread (null: idle). */
        public static OwnerAnswer of(String appId) {
            return new OwnerAnswer(true, true, appId);
        }
    }
}
