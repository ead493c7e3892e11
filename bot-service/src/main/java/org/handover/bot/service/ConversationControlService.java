package org.handover.bot.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import org.handover.bot.repository.ConversationControlRepository;
import org.handover.contracts.Decision;

/** Keeps each conversation's owner and epoch from the control changes of {@code conversation.decisions}. */
@ApplicationScoped
public class ConversationControlService {

    private final ConversationControlRepository controls;
    private final Clock clock;

    public ConversationControlService(ConversationControlRepository controls, Clock clock) {
        this.controls = controls;
        this.clock = clock;
    }

    /**
     * Applies a control change; the epoch never goes down, so a redelivered or replayed change changes nothing.
     *
     * @return true when the stored owner and epoch changed
     */
    @Transactional
    public boolean apply(Decision change) {
        return controls.advance(change.pageId(), change.psid(), change.control().owner(), change.epoch(),
                clock.instant());
    }
}
