package org.handover.contracts;

/** The two kinds of record on {@link Topics#CONVERSATION_DECISIONS}. */
public enum DecisionType {
    /** The thread changed owner; {@link Decision#control()} says how, {@link Decision#epoch()} is the new epoch. */
    CONTROL_CHANGE,
    /** Something to send; {@link Decision#order()} says what, {@link Decision#epoch()} is the epoch it was decided in. */
    REPLY_ORDER
}
