package org.handover.handover.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.handover.handover.config.RetentionConfig;
import org.handover.handover.repository.ConversationWordsRepository;
import org.handover.handover.repository.RetentionRepository;
import org.handover.handover.repository.RetentionRepository.Table;
import org.handover.service.support.messaging.OutageLog;
import org.jboss.logging.Logger;

/**
 * Deletes the history older than {@code handover.retention.days} ({@code HANDOVER_RETENTION_DAYS}, 400; 0 keeps it):
 * the rows of {@code conversation_step} and {@code control_transition} recorded before then. Every replica runs it
 * every {@code handover.retention.every} (1 h), like the other timers only while the application runs and never two
 * runs at once; a run deletes batches of {@code handover.retention.batch} rows per table, each in its own short
 * transaction and claimed {@code FOR UPDATE SKIP LOCKED} ({@link RetentionRepository}), so replicas share the work
 * and never wait for each other, and stops after {@value #MAX_BATCHES} batches a table (the rest waits for the next
 * run). Counter {@code handover.retention.deleted{table}}; one INFO line per run that deleted something. The clock is
 * the service's: event time in shadow mode, so a replay keeps what was recent when its events happened.
 *
 * <p>Each run also deletes the users' words kept for the agent's context ({@code conversation_words}, only on pages
 * that share them) once they are {@link ConversationWordsRepository#WORDS_KEPT} old, whatever the history's days
 * (also when the history is kept for ever): counted as {@code table=conversation_words}.
 */
@ApplicationScoped
@Startup
public class HistoryRetention {

    /** Batches one run deletes at most per table. */
    static final int MAX_BATCHES = 100;

    private static final Logger LOG = Logger.getLogger(HistoryRetention.class);

    private final RetentionRepository repository;
    private final ConversationWordsRepository words;
    private final Counter wordsDeleted;
    private final RetentionConfig config;
    private final Clock clock;
    private final Map<Table, Counter> deleted = new EnumMap<>(Table.class);
    private final OutageLog outageLog = new OutageLog(HistoryRetention.class, "Deleting old history");

    public HistoryRetention(RetentionRepository repository, ConversationWordsRepository words, RetentionConfig config,
            Clock clock, MeterRegistry registry) {
        if (config.days() < 0) {
            throw new IllegalArgumentException("handover.retention.days (HANDOVER_RETENTION_DAYS) is "
                    + config.days() + ": use a number of days, or 0 to keep the history for ever");
        }
        if (config.batch() < 1 || config.batch() > 100_000) {
            throw new IllegalArgumentException("handover.retention.batch is " + config.batch()
                    + ": use 1 to 100000 rows");
        }
        this.repository = repository;
        this.words = words;
        this.wordsDeleted = Counter.builder("handover.retention.deleted").tag("table", "conversation_words")
                .description("history rows deleted for being older than handover.retention.days")
                .register(registry);
        this.config = config;
        this.clock = clock;
        for (Table table : Table.values()) {
            deleted.put(table, Counter.builder("handover.retention.deleted").tag("table", table.sqlName())
                    .description("history rows deleted for being older than handover.retention.days")
                    .register(registry));
        }
    }

    /** What one run deleted. */
    public record Run(Instant before, long steps, long transitions) {

        static final Run NOTHING = new Run(null, 0, 0);

        public long total() {
            return steps + transitions;
        }
    }

    /** Rows recorded before this are deleted; empty when {@code days} is 0 (kept for ever). */
    static Optional<Instant> cutoff(Instant now, int days) {
        return days <= 0 ? Optional.empty() : Optional.of(now.minus(Duration.ofDays(days)));
    }

    @Scheduled(every = "${handover.retention.every:1h}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void scheduled() {
        try {
            purgeWords(clock.instant().minus(ConversationWordsRepository.WORDS_KEPT), config.batch(), MAX_BATCHES);
            run();
            outageLog.succeeded();
        } catch (RuntimeException e) {
            outageLog.failed(e, "tried again on the next run");
        }
    }

    /** One run with the configured age and batch. */
    public Run run() {
        Optional<Instant> before = cutoff(clock.instant(), config.days());
        if (before.isEmpty()) {
            return Run.NOTHING;
        }
        Run run = new Run(before.get(), purge(Table.CONVERSATION_STEP, before.get(), config.batch(), MAX_BATCHES),
                purge(Table.CONTROL_TRANSITION, before.get(), config.batch(), MAX_BATCHES));
        if (run.total() > 0) {
            LOG.infof("History retention: deleted %d conversation steps and %d changes of owner recorded before %s "
                    + "(older than %d days)", run.steps(), run.transitions(), run.before(), config.days());
        }
        return run;
    }

    /** Deletes the users' words kept since before {@code before}, as {@link #purge} does a table's rows. */
    long purgeWords(Instant before, int batch, int maxBatches) {
        return inBatches(batch, maxBatches, wordsDeleted, () -> words.deleteRecordedBefore(before, batch));
    }

    /**
     * Deletes {@code table}'s rows recorded before {@code before}, {@code batch} at a time (one transaction each), until
     * a batch comes back short or {@code maxBatches} were deleted; how many rows.
     */
    long purge(Table table, Instant before, int batch, int maxBatches) {
        return inBatches(batch, maxBatches, deleted.get(table),
                () -> repository.deleteRecordedBefore(table, before, batch));
    }

    private static long inBatches(int batch, int maxBatches, Counter counter, Supplier<Integer> deleteBatch) {
        long total = 0;
        for (int i = 0; i < maxBatches; i++) {
            int n = QuarkusTransaction.requiringNew().call(deleteBatch::get);
            counter.increment(n);
            total += n;
            if (n < batch) {
                break;
            }
        }
        return total;
    }
}
