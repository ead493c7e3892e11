package org.handover.harness;

import java.nio.file.Path;
import java.util.Optional;

/**
 * A PostgreSQL database to run against: one started from embedded binaries ({@link EmbeddedDatabase}), or an
 * external one.
 */
public interface Database extends AutoCloseable {

    /** The database handover-service uses. */
    String DATABASE_NAME = "handover";

    String jdbcUrl();

    String username();

    /** Given to the services only; never printed. */
    String password();

    /** Whether the harness started this server (and so stops it). */
    boolean embedded();

    /** One line for the user, without any password. */
    String description();

    /** The server process when the harness started it (it runs detached, outside this JVM). */
    Optional<ProcessHandle> postmaster();

    /** Stops the server if it is ours; an external one is left alone. */
    @Override
    void close();

    /** A database somebody else runs. */
    static Database external(ExternalDatabase database) {
        return new Database() {
            @Override
            public String jdbcUrl() {
                return database.jdbcUrl();
            }

            @Override
            public String username() {
                return database.username();
            }

            @Override
            public String password() {
                return database.password();
            }

            @Override
            public boolean embedded() {
                return false;
            }

            @Override
            public String description() {
                return "external database " + ExternalDatabase.redact(database.jdbcUrl());
            }

            @Override
            public Optional<ProcessHandle> postmaster() {
                return Optional.empty();
            }

            @Override
            public void close() {
                // not ours to stop
            }
        };
    }

    /**
     * Starts PostgreSQL from the embedded binaries on {@code port}, on the data directory {@code dataDir} (created
     * with {@code initdb} the first time, reused afterwards), with every commit reaching the kernel before it is
     * acknowledged, and creates {@value #DATABASE_NAME} if missing: the database of a local stack, an end-to-end run
     * or a replay.
     *
     * @param log file receiving the server's output
     */
    static EmbeddedDatabase embedded(int port, Path dataDir, Path log) {
        return EmbeddedDatabase.builder()
                .port(port)
                .dataDir(dataDir)
                .log(log)
                .database(DATABASE_NAME)
                .durableCommits()
                .start();
    }
}
