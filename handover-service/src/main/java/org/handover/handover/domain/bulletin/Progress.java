package org.handover.handover.domain.bulletin;

import java.util.Map;

/**
 * How far a bulletin got: recipients per state, and per state the reasons (held, dropped, failed: why).
 *
 * @param recipients all recipients
 * @param byState    recipients per state (every state present, zero included)
 * @param reasons    per state, recipients per reason (only states and reasons that occur)
 */
public record Progress(long recipients, Map<RecipientState, Long> byState,
        Map<RecipientState, Map<String, Long>> reasons) {

    public long count(RecipientState state) {
        return byState.getOrDefault(state, 0L);
    }
}
