package org.handover.handover.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import org.handover.contracts.ContractJson;
import org.handover.contracts.Decision;
import org.handover.contracts.ThreadControl;
import org.handover.handover.config.HandoverConfig;
import org.handover.handover.messaging.DecisionPublisher;
import org.handover.handover.repository.OutboxEntity;
import org.handover.handover.repository.OutboxRepository;
import org.jboss.logging.Logger;

/**
 * Publishes the outbox: the decisions and thread-control records written in the transaction of the change that
 * produced them. A conversation's records are published in the order they were written, each acknowledged by the
 * broker before the next, right after the transaction commits; what a crash or a broker outage leaves behind is
 * published by {@link #sweep()}. A record can thus be published twice, never lost: bot-service drops a decision id it
 * has already handled, and the compacted control topic keeps the latest.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    private final OutboxRepository outbox;
    private final DecisionPublisher publisher;
    private final HandoverConfig config;
    private final Clock clock;
    private final MeterRegistry registry;
    // One conversation is flushed by one thread at a time in this process, so its records leave in order.
    private final ReentrantLock[] stripes = new ReentrantLock[64];

    public OutboxRelay(OutboxRepository outbox, DecisionPublisher publisher, HandoverConfig config, Clock clock,
            MeterRegistry registry) {
        this.outbox = outbox;
        this.publisher = publisher;
        this.config = config;
        this.clock = clock;
        this.registry = registry;
        for (int i = 0; i < stripes.length; i++) {
            stripes[i] = new ReentrantLock();
        }
    }

    /**
     * Publishes the conversation's unpublished records, in order. Returns false when the broker did not acknowledge
     * one in time; what is left stays for the next flush or the sweeper.
     */
    public boolean flush(String conversationKey) {
        ReentrantLock lock = stripes[Math.floorMod(conversationKey.hashCode(), stripes.length)];
        lock.lock();
        try {
            List<OutboxEntity> pending = QuarkusTransaction.requiringNew().call(() -> outbox.unpublished(conversationKey));
            List<Long> published = new ArrayList<>();
            boolean complete = true;
            for (OutboxEntity row : pending) {
                try {
                    switch (row.kind) {
                        case DECISION -> publisher.publish(ContractJson.fromJson(row.payload, Decision.class))
                                .await().atMost(config.publishTimeout());
                        case THREAD_CONTROL -> publisher.publish(ContractJson.fromJson(row.payload, ThreadControl.class))
                                .await().atMost(config.publishTimeout());
                    }
                    published.add(row.id);
                } catch (RuntimeException e) {
                    LOG.warnf("Outbox record %d of a conversation not acknowledged by the broker (%s); it stays for the sweeper",
                            row.id, e.getClass().getSimpleName());
                    registry.counter("handover.outbox.publish", "outcome", "failed").increment();
                    complete = false;
                    break;
                }
            }
            if (!published.isEmpty()) {
                Instant now = clock.instant();
                QuarkusTransaction.requiringNew().run(() -> outbox.markPublished(published, now));
                registry.counter("handover.outbox.publish", "outcome", "published").increment(published.size());
            }
            return complete;
        } finally {
            lock.unlock();
        }
    }

    /** Publishes what was left behind, oldest conversation first, and forgets long-published records. */
    @Scheduled(every = "${handover.outbox-sweep-every:5s}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() {
        Instant now = clock.instant();
        List<String> keys = QuarkusTransaction.requiringNew()
                .call(() -> outbox.conversationsWithUnpublished(now.minus(config.outboxSweepAfter()), 500));
        for (String key : keys) {
            if (!flush(key)) {
                break;
            }
        }
        QuarkusTransaction.requiringNew().run(() -> outbox.purgePublished(now.minus(config.outboxRetention())));
    }
}
