package org.handover.handover.service;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.function.IntUnaryOperator;
import org.handover.handover.config.HandoverConfig;
import org.handover.service.support.messaging.OutageLog;

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

    /** Batches one run claims at most; what is left waits for the next run. */
    static final int MAX_BATCHES = 10;

    private final ConversationService service;
    private final HandoverConfig config;
    /** One line when a timer's runs start failing on an outage, one when they work again (not one per run). */
    private final OutageLog passesLog = new OutageLog(HandoverTimers.class, "Claiming due passes of control");
    private final OutageLog idleLog = new OutageLog(HandoverTimers.class, "Claiming idle conversations");

    public HandoverTimers(ConversationService service, HandoverConfig config) {
        this.service = service;
        this.config = config;
    }

    @Scheduled(every = "${handover.pass-sweep-every:1s}", delayed = "2s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void passDueHandovers() {
        sweep(passesLog, service::passDueHandovers);
    }

    @Scheduled(every = "${handover.idle-sweep-every:30s}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void takeBackIdleConversations() {
        sweep(idleLog, service::takeBackIdle);
    }

    /** Claims and works batches until one comes back short (nothing more due) or the run's batches are spent. */
    private void sweep(OutageLog log, IntUnaryOperator batch) {
        int size = config.sweepBatch();
        for (int i = 0; i < MAX_BATCHES; i++) {
            try {
                int claimed = batch.applyAsInt(size);
                log.succeeded();
                if (claimed < size) {
                    return;
                }
            } catch (RuntimeException e) {
                log.failed(e, "tried again on the next run");
                return;
            }
        }
    }
}
