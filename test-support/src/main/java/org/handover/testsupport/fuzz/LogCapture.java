package org.handover.testsupport.fuzz;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Every log line of the JVM while open (a {@code @QuarkusTest} runs the application in the test's JVM), formatted
 * with its exception chain, so that a fuzz test can check that no secret and no fuzzed text reached a log: neither
 * the application's own lines nor a driver's or framework's (a database error quoting the failing row, say).
 */
public final class LogCapture extends Handler implements AutoCloseable {

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final List<Entry> entries = new CopyOnWriteArrayList<>();
    private final Logger root = Logger.getLogger("");

    private LogCapture() {
    }

    /** Starts capturing. */
    public static LogCapture start() {
        LogCapture capture = new LogCapture();
        capture.root.addHandler(capture);
        return capture;
    }

    /** The lines captured so far. */
    public List<String> lines() {
        return List.copyOf(lines);
    }

    /** The records captured so far, each with the MDC it was logged under. */
    public List<Entry> entries() {
        return List.copyOf(entries);
    }

    /**
     * One captured record: its logger, level, formatted message (with its exception chain) and MDC (the log context
     * that JSON logs write as {@code mdc}).
     */
    public record Entry(String logger, String level, String message, Map<String, String> mdc) {
    }

    @Override
    public void publish(LogRecord record) {
        StringBuilder line = new StringBuilder(record.getLoggerName() == null ? "" : record.getLoggerName())
                .append(' ').append(record instanceof org.jboss.logmanager.ExtLogRecord ext
                        ? ext.getFormattedMessage() : record.getMessage());
        for (Throwable t = record.getThrown(); t != null; t = t.getCause() == t ? null : t.getCause()) {
            line.append(" | ").append(t);
        }
        lines.add(line.toString());
        Map<String, String> mdc = record instanceof org.jboss.logmanager.ExtLogRecord ext
                ? Map.copyOf(ext.getMdcCopy()) : Map.of();
        entries.add(new Entry(record.getLoggerName(), record.getLevel().getName(),
                line.substring(line.indexOf(" ") + 1), mdc));
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        root.removeHandler(this);
    }
}
