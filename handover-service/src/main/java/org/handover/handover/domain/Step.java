package org.handover.handover.domain;

import java.util.List;

/**
 * The result of one step of the {@link HandoverStateMachine}: the new state, what to do, and a short outcome code
 * for metrics and logs ({@code answered}, {@code asked}, {@code ignored_stale}, ...).
 */
public record Step(ConversationState state, List<Effect> effects, String outcome) {

    public Step {
        effects = List.copyOf(effects);
    }

    /** The effects of type {@code type}, in order. */
    public <T extends Effect> List<T> effects(Class<T> type) {
        return effects.stream().filter(type::isInstance).map(type::cast).toList();
    }
}
