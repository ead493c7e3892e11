package org.handover.handover.service;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.function.IntUnaryOperator;
import org.handover.handover.config.HandoverConfig;
import org.jboss.logging.Logger;

/**
 * The work no event triggers: pending passes (an accepted handover, an honoured inbox request) whose awaited order was
 * not reported in time (or whose {@code pass_thread_control} failed and is due again), and agent-held conversations
 * past their page's idle timeout. Every replica runs them: each run claims small batches of due rows
 * ({@code FOR UPDATE SKIP LOCKED}, earliest due first) in {@link ConversationService}, so a row is acted on by one
 * replica, and rows another replica holds are skipped rather than waited for. A run takes up to
 * {@value #MAX_BATCHES} batches of {@code handover.sweep-batch}.
 */
@ApplicationScoped
public class HandoverTimers {

    private static final Logger LOG = Logger.getLogger(HandoverTimers.class);

    /** Batches one run claims at most; what is left waits for the next run. */
    static final int MAX_BATCHES = 10;

    private final ConversationService service;
    private final HandoverConfig config;

    public HandoverTimers(ConversationService service, HandoverConfig config) {
        this.service = service;
        this.config = config;
    }

    @Scheduled(every = "${handover.pass-sweep-every:1s}", delayed = "2s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void passDueHandovers() {
        sweep("due passes of control", service::passDueHandovers);
    }

    @Scheduled(every = "${handover.idle-sweep-every:30s}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void takeBackIdleConversations() {
        sweep("idle conversations", service::takeBackIdle);
    }

    /** Claims and works batches until one comes back short (nothing more due) or the run's batches are spent. */
    private void sweep(String what, IntUnaryOperator batch) {
        int size = config.sweepBatch();
        for (int i = 0; i < MAX_BATCHES; i++) {
            try {
                if (batch.applyAsInt(size) < size) {
                    return;
                }
            } catch (RuntimeException e) {
                LOG.warnf("Claiming %s failed (%s); tried again on the next run", what, e.getClass().getSimpleName());
                return;
            }
        }
    }
}
