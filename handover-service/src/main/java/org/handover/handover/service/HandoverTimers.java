package org.handover.handover.service;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.handover.handover.domain.ConversationState;
import org.handover.handover.domain.PageSettings;
import org.handover.handover.repository.ConversationRepository;
import org.handover.handover.repository.PageSettingsRepository;
import org.jboss.logging.Logger;

/**
 * The work no event triggers: pending passes (an accepted handover, an honoured inbox request) whose awaited order was
 * not reported in time (or whose {@code pass_thread_control} failed and is due again), and agent-held conversations past their page's idle timeout.
 * Every replica runs them; the row locks and claims in {@link ConversationService} keep them from doing a thing twice.
 */
@ApplicationScoped
public class HandoverTimers {

    private static final Logger LOG = Logger.getLogger(HandoverTimers.class);

    private final ConversationService service;
    private final ConversationRepository conversations;
    private final PageSettingsRepository pages;
    private final Clock clock;

    public HandoverTimers(ConversationService service, ConversationRepository conversations,
            PageSettingsRepository pages, Clock clock) {
        this.service = service;
        this.conversations = conversations;
        this.pages = pages;
        this.clock = clock;
    }

    @Scheduled(every = "${handover.pass-sweep-every:1s}", delayed = "2s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void passDueHandovers() {
        List<ConversationState> due = QuarkusTransaction.requiringNew()
                .call(() -> conversations.duePendingPasses(clock.instant(), 100));
        for (ConversationState conversation : due) {
            try {
                service.passDueHandover(conversation.pageId(), conversation.psid());
            } catch (RuntimeException e) {
                LOG.warnf("A due pass of control on page %s failed (%s); retried on the next run",
                        conversation.pageId(), e.getClass().getSimpleName());
            }
        }
    }

    @Scheduled(every = "${handover.idle-sweep-every:30s}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void takeBackIdleConversations() {
        Instant now = clock.instant();
        List<PageSettings> withTimeout = QuarkusTransaction.requiringNew().call(pages::withIdleTimeout);
        for (PageSettings page : withTimeout) {
            List<ConversationState> idle = QuarkusTransaction.requiringNew()
                    .call(() -> conversations.agentHeldIdleSince(page.pageId(), now.minus(page.idleTimeout()), 100));
            for (ConversationState conversation : idle) {
                try {
                    service.takeBackIdle(page, conversation);
                } catch (RuntimeException e) {
                    LOG.warnf("Taking back an idle conversation on page %s failed (%s); retried on the next run",
                            page.pageId(), e.getClass().getSimpleName());
                }
            }
        }
    }
}
