package org.handover.handover.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import org.handover.contracts.InboundEvent;
import org.handover.handover.repository.ProcessedEventRepository;

/**
 * Applies classified events to the conversation state, once per event id.
 *
 * <p>The thread-control state machine is not implemented yet: today an event is only recorded as processed, in the
 * transaction where its state change will be made.
 */
@ApplicationScoped
public class InboundEventService {

    private final ProcessedEventRepository processedEvents;
    private final Clock clock;

    public InboundEventService(ProcessedEventRepository processedEvents, Clock clock) {
        this.processedEvents = processedEvents;
        this.clock = clock;
    }

    /** Processes the event unless it was already; returns false for a duplicate. */
    @Transactional
    public boolean apply(InboundEvent event) {
        return processedEvents.markProcessed(event.eventId(), event.key(), clock.instant());
    }
}
