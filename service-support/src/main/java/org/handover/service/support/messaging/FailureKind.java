package org.handover.service.support.messaging;

import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.handover.contracts.MalformedRecordException;

/**
 * What a consumer does with a failure, decided in this one place for every consumer: the whole cause chain is read,
 * because the exception a consumer sees is a wrapper (service-support's {@code Sql.SqlFailure} around the JDBC driver's, a transaction rollback
 * around both, an {@code UncheckedIOException} around an I/O error).
 *
 * <ul>
 * <li>{@link #CONTRACT}: the record breaks its contract ({@link MalformedRecordException} anywhere in the chain); it
 * would fail again, so it goes to the dead-letter topic at once.</li>
 * <li>{@link #INFRASTRUCTURE}: the database or the broker cannot be reached, or an I/O operation or a wait timed out.
 * The record is fine; the consumer retries it with capped backoff for as long as the outage lasts (it pauses), and
 * never dead-letters it.</li>
 * <li>{@link #OTHER}: anything else, most likely a bug: a few retries (a race may pass), then the dead-letter topic,
 * so that one bad record does not stop its partition for good.</li>
 * </ul>
 *
 * <p>Infrastructure is recognised by type where the type is in the JDK ({@code java.sql}, {@code java.io},
 * {@code java.util.concurrent}) and by class name for the libraries (Kafka, Mutiny; Agroal's acquisition timeout by its message),
 * so that this module does not depend on them: a class counts when it, or one of its superclasses, has that name.
 */
public enum FailureKind {

    /** A record that breaks its contract: dead-lettered at once. */
    CONTRACT,
    /** The database, the broker or the network is unavailable: retried for as long as it lasts. */
    INFRASTRUCTURE,
    /** Anything else (a bug): bounded retries, then the dead-letter topic. */
    OTHER;

    /**
     * SQLStates of an unavailable database besides class {@code 08} (connection exception): PostgreSQL's
     * admin_shutdown, crash_shutdown, cannot_connect_now, and too_many_connections.
     */
    private static final Set<String> UNAVAILABLE_SQL_STATES = Set.of("57P01", "57P02", "57P03", "53300");

    /**
     * Library exceptions (or their superclasses) that mean an unavailable database, broker or peer. Kafka's
     * {@code RetriableException} covers its {@code TimeoutException}, {@code NetworkException},
     * {@code NotEnoughReplicasException}, {@code NotLeaderOrFollowerException} and the like.
     */
    private static final Set<String> INFRASTRUCTURE_CLASS_NAMES = Set.of(
            "org.apache.kafka.common.errors.RetriableException",
            "org.apache.kafka.common.errors.TimeoutException",
            "org.apache.kafka.common.errors.DisconnectException",
            "io.smallrye.mutiny.TimeoutException");

    /**
     * I/O exceptions that are not about I/O: Jackson's (a record that does not parse or map is a contract or a bug,
     * never an outage).
     */
    private static final Set<String> NOT_INFRASTRUCTURE_CLASS_NAMES = Set.of(
            "com.fasterxml.jackson.core.JacksonException");

    /** How {@code failure} is handled, from its whole cause chain; {@code null} counts as {@link #OTHER}. */
    public static FailureKind of(Throwable failure) {
        if (chain(failure).anyMatch(MalformedRecordException.class::isInstance)) {
            return CONTRACT;
        }
        return infrastructureCause(failure).isPresent() ? INFRASTRUCTURE : OTHER;
    }

    /**
     * The exception in {@code failure}'s chain that makes it an infrastructure failure (e.g. the driver's
     * {@code PSQLException} under {@code Sql.SqlFailure}), the outermost such one; empty when it is not one. Its class
     * name is what the pause is logged with: never its message, which may quote data.
     */
    public static Optional<Throwable> infrastructureCause(Throwable failure) {
        return chain(failure).filter(FailureKind::isInfrastructure).findFirst();
    }

    /**
     * Whether a SQLState means the database is unavailable: class {@code 08} (connection exception), PostgreSQL's
     * admin_shutdown, crash_shutdown, cannot_connect_now, too_many_connections.
     */
    public static boolean unavailableSqlState(String state) {
        return state != null && (state.startsWith("08") || UNAVAILABLE_SQL_STATES.contains(state));
    }

    private static boolean isInfrastructure(Throwable t) {
        if (hasClassNamed(t, NOT_INFRASTRUCTURE_CLASS_NAMES)) {
            return false;
        }
        if (t instanceof SQLTransientException || t instanceof SQLRecoverableException
                || t instanceof SQLNonTransientConnectionException) {
            return true;
        }
        if (t instanceof SQLException sql) {
            String state = sql.getSQLState();
            if (unavailableSqlState(state)) {
                return true;
            }
            // Agroal's pool: no connection within the acquisition timeout (a plain SQLException, no SQLState).
            String message = sql.getMessage();
            if (state == null && message != null && message.contains("acquisition timeout")) {
                return true;
            }
        }
        return t instanceof IOException || t instanceof java.util.concurrent.TimeoutException
                || hasClassNamed(t, INFRASTRUCTURE_CLASS_NAMES);
    }

    private static boolean hasClassNamed(Throwable t, Set<String> names) {
        for (Class<?> type = t.getClass(); type != null; type = type.getSuperclass()) {
            if (names.contains(type.getName())) {
                return true;
            }
        }
        return false;
    }

    /** {@code failure} and its causes, outermost first, each once (a cause chain may loop). */
    private static java.util.stream.Stream<Throwable> chain(Throwable failure) {
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        java.util.stream.Stream.Builder<Throwable> chain = java.util.stream.Stream.builder();
        for (Throwable t = failure; t != null && seen.put(t, Boolean.TRUE) == null; t = t.getCause()) {
            chain.add(t);
        }
        return chain.build();
    }
}
