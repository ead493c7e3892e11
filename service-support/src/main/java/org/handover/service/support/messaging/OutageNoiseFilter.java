package org.handover.service.support.messaging;

import io.quarkus.logging.LoggingFilter;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Filter;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.jboss.logmanager.ExtLogRecord;

/**
 * Keeps a database outage from flooding the log with the libraries' own lines, on top of the one line per consumer
 * ({@link OutageMonitor}) and per periodic job ({@link OutageLog}) that mark the pause and the resume. A service turns
 * it on with {@code quarkus.log.console.filter=outage-noise}.
 *
 * <ul>
 * <li>Agroal's pool logs a WARN on every failed attempt to open a connection: the first is kept (it says why, e.g.
 * "Connection to localhost:5432 refused" or a failed password), then one a minute at most.</li>
 * <li>At a graceful stop the key-ordered consumers are drained by {@code ConsumerLanes} and SmallRye's own close is
 * off ({@code graceful-shutdown=false}): SmallRye then reports the Kafka consumer's wake-up and closing as errors
 * "after shutdown" ({@code SRMSG00201 ... [Error Occurred After Shutdown]}, {@code SRMSG18228} with a
 * {@code WakeupException}), an ERROR with a stack trace at every stop. Those are dropped; every other SmallRye line
 * is kept, also any after shutdown with another cause.</li>
 * </ul>
 */
@LoggingFilter(name = OutageNoiseFilter.NAME)
public final class OutageNoiseFilter implements Filter {

    /** The name {@code quarkus.log.console.filter} gives. */
    public static final String NAME = "outage-noise";

    static final String AGROAL = "io.agroal.pool";
    static final Duration AGROAL_EVERY = Duration.ofMinutes(1);

    static final String SMALLRYE_MESSAGING = "io.smallrye.reactive.messaging";
    static final String WAKEUP_EXCEPTION = "org.apache.kafka.common.errors.WakeupException";
    static final String CLOSED = "This consumer has already been closed";
    static final String AFTER_SHUTDOWN = "[Error Occurred After Shutdown]";

    private final AtomicLong lastAgroalNanos = new AtomicLong(System.nanoTime() - AGROAL_EVERY.toNanos() - 1);
    private final long agroalEveryNanos;

    public OutageNoiseFilter() {
        this(AGROAL_EVERY);
    }

    OutageNoiseFilter(Duration agroalEvery) {
        this.agroalEveryNanos = agroalEvery.toNanos();
        lastAgroalNanos.set(System.nanoTime() - agroalEveryNanos - 1);
    }

    @Override
    public boolean isLoggable(LogRecord record) {
        String logger = record.getLoggerName();
        if (logger != null && logger.startsWith(SMALLRYE_MESSAGING)) {
            return !consumerClosedAtShutdown(record);
        }
        if (logger != null && logger.startsWith(AGROAL) && record.getLevel().intValue() == Level.WARNING.intValue()) {
            long now = System.nanoTime();
            long last = lastAgroalNanos.get();
            return now - last > agroalEveryNanos && lastAgroalNanos.compareAndSet(last, now);
        }
        return true;
    }

    /**
     * A SmallRye line about the Kafka consumer being woken up or closed under it while the service stops: a
     * {@code WakeupException} (only ever raised by a consumer's wake-up, which its close does), or the consumer
     * "already closed" in a line SmallRye marks as after shutdown.
     */
    private static boolean consumerClosedAtShutdown(LogRecord record) {
        for (Throwable cause = record.getThrown(); cause != null; cause = cause.getCause()) {
            if (WAKEUP_EXCEPTION.equals(cause.getClass().getName())) {
                return true;
            }
            if (cause instanceof IllegalStateException && String.valueOf(cause.getMessage()).contains(CLOSED)
                    && message(record).contains(AFTER_SHUTDOWN)) {
                return true;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }

    private static String message(LogRecord record) {
        String message = record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage();
        return message == null ? "" : message;
    }
}
