package org.handover.service.support.messaging;

import org.jboss.logging.Logger;

/**
 * The log of a periodic job (a timer, a sweeper, a relay) through an infrastructure outage: one WARN line when its runs
 * start failing on one ({@link FailureKind#INFRASTRUCTURE}: the database or the broker unavailable), with the
 * failure's class only, and one INFO line when a run succeeds again, with how long the outage lasted; the failed runs
 * between them log at DEBUG. Any other failure (most likely a bug) logs a WARN line every time, as before. So a 30 s
 * database outage gives two lines per job, not one per run. Thread-safe.
 */
public final class OutageLog {

    private final Logger log;
    private final String job;
    private String failureClass;
    private long sinceNanos;

    /** The log of {@code job} (e.g. "outbox relay"), written to {@code owner}'s category. */
    public OutageLog(Class<?> owner, String job) {
        this.log = Logger.getLogger(owner);
        this.job = job;
    }

    /** A run failed with {@code failure}; {@code then} says what happens next (e.g. "tried again on the next run"). */
    public void failed(Throwable failure, String then) {
        if (FailureKind.of(failure) != FailureKind.INFRASTRUCTURE) {
            log.warnf("%s failed (%s); %s", job, failure.getClass().getName(), then);
            return;
        }
        String cause = FailureKind.infrastructureCause(failure).orElse(failure).getClass().getName();
        synchronized (this) {
            if (failureClass != null) {
                log.debugf("%s still failing: %s", job, cause);
                return;
            }
            failureClass = cause;
            sinceNanos = System.nanoTime();
        }
        log.warnf("%s paused: %s (infrastructure unavailable); %s until it is back", job, cause, then);
    }

    /** A run succeeded: ends the outage, if there was one, with one line. */
    public void succeeded() {
        String cause;
        long millis;
        synchronized (this) {
            if (failureClass == null) {
                return;
            }
            cause = failureClass;
            millis = (System.nanoTime() - sinceNanos) / 1_000_000;
            failureClass = null;
        }
        log.infof("%s resumed after %d.%03d s (%s)", job, millis / 1000, millis % 1000, cause);
    }

    /** Whether the job is in an outage now (its last run failed on one). */
    public synchronized boolean inOutage() {
        return failureClass != null;
    }
}
