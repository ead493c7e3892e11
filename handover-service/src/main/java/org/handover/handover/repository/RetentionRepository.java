package org.handover.handover.repository;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import org.handover.service.support.jdbc.Sql;

/**
 * Deletes old history in bounded batches for {@link org.handover.handover.service.HistoryRetention}: the oldest rows
 * recorded before a moment, at most a batch, those another replica's run holds skipped ({@code FOR UPDATE SKIP
 * LOCKED}), so two replicas never wait for each other nor delete a row twice. SQL on the {@code recorded_at} indexes
 * (Flyway {@code V23}); every method runs in the caller's transaction.
 */
@ApplicationScoped
public class RetentionRepository {

    /** A table whose rows are deleted by age. */
    public enum Table {
        CONVERSATION_STEP("conversation_step"),
        CONTROL_TRANSITION("control_transition");

        private final String sql;

        Table(String sql) {
            this.sql = sql;
        }

        /** The table's name, as the metric's tag and the SQL say it. */
        public String sqlName() {
            return sql;
        }
    }

    private final Sql sql;

    public RetentionRepository(Sql sql) {
        this.sql = sql;
    }

    /** Deletes at most {@code limit} rows of {@code table} recorded before {@code before}, oldest first; how many. */
    public int deleteRecordedBefore(Table table, Instant before, int limit) {
        // The table name comes from the enum only, never from input.
        return sql.update("delete from " + table.sqlName() + " where id in (select id from "
                + table.sqlName() + " where recorded_at < ? order by recorded_at limit ?"
                + " for update skip locked)", before, limit);
    }
}
