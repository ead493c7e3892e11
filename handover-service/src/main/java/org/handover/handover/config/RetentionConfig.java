package org.handover.handover.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * How long a conversation's history is kept: the rows of {@code conversation_step} (what each event came to, for the
 * analytics and the agent's context) and {@code control_transition} (every change of owner) recorded longer ago than
 * {@link #days()} are deleted by {@link org.handover.handover.service.HistoryRetention}.
 */
@ConfigMapping(prefix = "handover.retention")
public interface RetentionConfig {

    /**
     * {@code HANDOVER_RETENTION_DAYS}: rows recorded more than this many days ago are deleted; {@code 0} keeps them
     * for ever. 400 by default: the analytics read at most 366 days, so a year's period stays whole.
     */
    @WithDefault("400")
    int days();

    /** Rows one transaction deletes at most (each table, each batch; up to a hundred batches a run). */
    @WithDefault("1000")
    int batch();

    /** How often the job runs (a Quarkus scheduler interval, e.g. {@code 1h}). */
    @WithDefault("1h")
    String every();
}
