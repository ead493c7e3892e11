package org.handover.handover.service;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.SerializationException;
import org.handover.contracts.ContractJson;
import org.handover.contracts.Decision;
import org.handover.contracts.MalformedRecordException;
import org.handover.contracts.ThreadControl;
import org.handover.handover.config.HandoverConfig;
import org.handover.handover.messaging.DecisionPublisher;
import org.handover.handover.repository.OutboxEntity;
import org.handover.handover.repository.OutboxRepository;
import org.handover.service.support.messaging.OutageLog;
import org.jboss.logging.Logger;

/**
 * Publishes the outbox: the decisions and thread-control records written in the transaction of the change that
 * produced them. Safe with any number of replicas:
 * <ul>
 * <li>A conversation's outbox is published by one relay at a time, of any replica: a flush holds the conversation's
 * PostgreSQL advisory lock for its transaction, publishes the records in the order they were written, each
 * acknowledged by the broker before the next, marks them published in the same transaction, and reads again until
 * nothing is left, so records committed meanwhile leave too. A record published and not yet marked (a crash) is
 * published again, before anything newer: a duplicate never overtakes a newer record.</li>
 * <li>Of several thread-control records waiting together, only the newest is published (the compacted topic keeps the
 * latest anyway); the others are marked published.</li>
 * <li>A record that can never be published (its payload cannot be read, the broker refuses it for good) is parked
 * ({@code handover.outbox.publish{outcome=parked}}) and its conversation goes on; a transient broker failure leaves
 * the record for the next flush or the sweeper.</li>
 * <li>The sweeper ({@link #sweep()}) runs on every replica and skips conversations another relay holds.</li>
 * </ul>
 * A record can thus be published twice, never lost: bot-service drops a decision id it has already handled, and the
 * compacted control topic keeps the latest.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    /** Records read at a time within a flush. */
    private static final int BATCH = 50;
    /** Transient failures in a row after which a sweep stops: the broker is away, the next sweep tries again. */
    private static final int SWEEP_FAILURES = 3;
    /** Bound of a flush's transaction (it holds the conversation's lock while the broker acknowledges). */
    private static final int FLUSH_TIMEOUT_SECONDS = 300;

    private final OutboxRepository outbox;
    private final DecisionPublisher publisher;
    private final HandoverConfig config;
    private final Clock clock;
    private final MeterRegistry registry;
    /** One line when publishing starts failing on a broker outage, one when it works again (not one per record). */
    private final OutageLog publishLog = new OutageLog(OutboxRelay.class, "Outbox relay publishing");
    /** The same for the sweeper's runs (a database outage fails every one). */
    private final OutageLog sweepLog = new OutageLog(OutboxRelay.class, "Outbox sweeper");

    /** The outbox's backlog as the last sweep measured it (every replica measures the one table). */
    private final AtomicReference<OutboxRepository.Backlog> backlog =
            new AtomicReference<>(new OutboxRepository.Backlog(0, null, 0));

    public OutboxRelay(OutboxRepository outbox, DecisionPublisher publisher, HandoverConfig config, Clock clock,
            MeterRegistry registry) {
        this.outbox = outbox;
        this.publisher = publisher;
        this.config = config;
        this.clock = clock;
        this.registry = registry;
        // Measured by the sweeper, not at scrape time: a scrape never waits on the database. The oldest record's age
        // is computed at scrape time, so it keeps growing while the database is away and sweeps fail.
        Gauge.builder("handover.outbox.waiting", this, r -> r.backlog.get().waiting())
                .description("Outbox records not yet published (parked ones left out), as the last sweep counted")
                .register(registry);
        Gauge.builder("handover.outbox.oldest.seconds", this, OutboxRelay::oldestAgeSeconds)
                .description("Age of the oldest outbox record not yet published; 0 when none waits")
                .register(registry);
        Gauge.builder("handover.outbox.parked", this, r -> r.backlog.get().parked())
                .description("Outbox records parked: never to be published, kept for an operator")
                .register(registry);
    }

    private double oldestAgeSeconds() {
        Instant oldest = backlog.get().oldest();
        return oldest == null ? 0 : Math.max(0, Duration.between(oldest, clock.instant()).toMillis() / 1000.0);
    }

    /** The outbox's backlog as the last sweep measured it. */
    public OutboxRepository.Backlog backlog() {
        return backlog.get();
    }

    /**
     * Publishes the conversation's unpublished records, in order, waiting for another relay that holds the
     * conversation. Returns false when the broker did not acknowledge one in time; what is left stays for the next
     * flush or the sweeper.
     */
    public boolean flush(String conversationKey) {
        return flush(conversationKey, true);
    }

    /** What became of one record. */
    private enum Outcome {
        PUBLISHED, SUPERSEDED, PARKED, FAILED
    }

    private boolean flush(String conversationKey, boolean wait) {
        return QuarkusTransaction.requiringNew().timeout(FLUSH_TIMEOUT_SECONDS).call(() -> {
            if (!outbox.lockConversation(conversationKey, wait)) {
                // Another relay publishes it now, and reads again until nothing is left.
                return true;
            }
            // No new batch is started after this: the lock is not held for ever on a slow broker.
            Instant stopAt = clock.instant().plus(config.publishTimeout().multipliedBy(6));
            List<OutboxEntity> pending;
            while (!(pending = outbox.unpublished(conversationKey, BATCH)).isEmpty()) {
                List<Long> done = new ArrayList<>();
                for (int i = 0; i < pending.size(); i++) {
                    OutboxEntity row = pending.get(i);
                    Outcome outcome = publish(row, supersededBy(pending, i));
                    registry.counter("handover.outbox.publish", "outcome", outcome.name().toLowerCase()).increment();
                    if (outcome == Outcome.FAILED) {
                        outbox.markPublished(done, clock.instant());
                        return false;
                    }
                    if (outcome != Outcome.PARKED) {
                        done.add(row.id);
                    }
                }
                outbox.markPublished(done, clock.instant());
                // A short batch was all there was: a writer that committed since waits for this lock and flushes
                // its own records (the sweeper takes what a skipped flush left), so no read to find nothing.
                if (pending.size() < BATCH || clock.instant().isAfter(stopAt)) {
                    break;
                }
            }
            return true;
        });
    }

    /** Whether a newer thread-control record of the conversation waits behind {@code pending.get(index)}. */
    private static boolean supersededBy(List<OutboxEntity> pending, int index) {
        if (pending.get(index).kind != OutboxEntity.Kind.THREAD_CONTROL) {
            return false;
        }
        return pending.subList(index + 1, pending.size()).stream()
                .anyMatch(later -> later.kind == OutboxEntity.Kind.THREAD_CONTROL);
    }

    private Outcome publish(OutboxEntity row, boolean superseded) {
        Object record;
        try {
            record = switch (row.kind) {
                case DECISION -> ContractJson.fromJson(row.payload, Decision.class);
                case THREAD_CONTROL -> ContractJson.fromJson(row.payload, ThreadControl.class);
            };
        } catch (MalformedRecordException e) {
            return park(row, "unreadable payload: " + e.getMessage());
        }
        if (superseded) {
            return Outcome.SUPERSEDED;
        }
        try {
            if (record instanceof Decision decision) {
                publisher.publish(decision).await().atMost(config.publishTimeout());
            } else {
                publisher.publish((ThreadControl) record).await().atMost(config.publishTimeout());
            }
            publishLog.succeeded();
            return Outcome.PUBLISHED;
        } catch (RuntimeException e) {
            if (permanent(e)) {
                return park(row, "refused by the broker: " + e.getClass().getSimpleName());
            }
            publishLog.failed(e, "unacknowledged records stay for the next flush");
            return Outcome.FAILED;
        }
    }

    private Outcome park(OutboxEntity row, String reason) {
        LOG.errorf("Outbox record %d (%s) can never be published and is parked: %s", row.id, row.kind, reason);
        outbox.park(row.id, reason.length() > 255 ? reason.substring(0, 255) : reason, clock.instant());
        return Outcome.PARKED;
    }

    /**
     * Whether the broker (or the producer) refused the record for good: publishing it again would fail the same way.
     * Anything else, a timeout included, is transient.
     */
    static boolean permanent(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof RetriableException) {
                return false;
            }
            if (t instanceof RecordTooLargeException || t instanceof InvalidRecordException
                    || t instanceof SerializationException || t instanceof InvalidTopicException) {
                return true;
            }
        }
        return false;
    }

    /**
     * Publishes what was left behind, oldest conversation first, skipping conversations another relay holds now, and
     * forgets long-published records. It stops after {@value #SWEEP_FAILURES} transient failures in a row (the broker
     * is away); a parked record does not stop it.
     */
    @Scheduled(every = "${handover.outbox-sweep-every:5s}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void sweep() {
        try {
            sweepOnce();
            sweepLog.succeeded();
        } catch (RuntimeException e) {
            sweepLog.failed(e, "tried again on the next run");
        }
    }

    private void sweepOnce() {
        Instant now = clock.instant();
        backlog.set(QuarkusTransaction.requiringNew().call(outbox::backlog));
        List<String> keys = QuarkusTransaction.requiringNew()
                .call(() -> outbox.conversationsWithUnpublished(now.minus(config.outboxSweepAfter()), 500));
        int failures = 0;
        for (String key : keys) {
            failures = flush(key, false) ? 0 : failures + 1;
            if (failures >= SWEEP_FAILURES) {
                break;
            }
        }
        QuarkusTransaction.requiringNew().run(() -> outbox.purgePublished(now.minus(config.outboxRetention())));
    }
}
