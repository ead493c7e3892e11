package org.handover.handover.service;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import org.handover.contracts.ContractJson;
import org.handover.handover.domain.ConversationState;
import org.handover.handover.domain.Effect;
import org.handover.handover.domain.Step;
import org.handover.handover.domain.TransitionRecord;
import org.handover.handover.repository.ConversationRepository;
import org.handover.handover.repository.OutboxEntity;
import org.handover.handover.repository.OutboxRepository;
import org.handover.handover.repository.TransitionRepository;

/**
 * Records one step of the state machine inside the caller's transaction (which holds the conversation's row lock):
 * the new state, each change of owner in the history, and every resulting record in the outbox (mapped by
 * {@link DecisionMapper}), published once the transaction committed. Counts the step's outcome.
 */
@ApplicationScoped
class StepRecorder {

    private final ConversationRepository conversations;
    private final TransitionRepository transitions;
    private final OutboxRepository outbox;
    private final MeterRegistry registry;

    StepRecorder(ConversationRepository conversations, TransitionRepository transitions, OutboxRepository outbox,
            MeterRegistry registry) {
        this.conversations = conversations;
        this.transitions = transitions;
        this.outbox = outbox;
        this.registry = registry;
    }

    /** Stores {@code step}: state, history, outbox. {@code causeId} names the input behind it. */
    void record(Step step, String causeId, Instant now) {
        ConversationState state = step.state();
        conversations.save(state, now);
        for (Effect effect : step.effects()) {
            if (effect instanceof Effect.Order order) {
                outbox.add(state.key(), OutboxEntity.Kind.DECISION,
                        ContractJson.toJson(DecisionMapper.order(state, order, causeId, now)), now);
            } else if (effect instanceof Effect.Transition t) {
                transitions.record(state.pageId(), state.psid(), new TransitionRecord(t.from(), t.to(),
                        t.ownerAppId(), t.epoch(), t.cause(), causeId, t.occurredAt(), now));
                outbox.add(state.key(), OutboxEntity.Kind.DECISION,
                        ContractJson.toJson(DecisionMapper.controlChange(state, t, causeId, now)), now);
                outbox.add(state.key(), OutboxEntity.Kind.THREAD_CONTROL,
                        ContractJson.toJson(DecisionMapper.threadControl(state, t, causeId, now)), now);
                registry.counter("handover.transitions", "to", t.to().name().toLowerCase(), "cause", t.cause())
                        .increment();
            }
        }
        count(step.outcome());
    }

    /** Counts a step outcome that recorded nothing (a duplicate, a dropped owner read, ...). */
    void count(String outcome) {
        registry.counter("handover.steps", "outcome", outcome).increment();
    }
}
