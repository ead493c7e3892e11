package org.handover.localstack.infra;

import java.nio.file.Path;
import java.util.Optional;
import org.handover.localstack.config.ExternalDatabase;

/** The PostgreSQL database of a local stack: started by the launcher from embedded binaries, or an external one. */
public interface Database extends AutoCloseable {

    /** The database handover-service uses. */
    String DATABASE_NAME = "handover";

    String jdbcUrl();

    String username();

    /** Given to handover-service only; never printed. */
    String password();

    /** Whether the launcher started this server (and so stops it). */
    boolean embedded();

    /** One line for the user, without any password. */
    String description();

    /** The server process when the launcher started it (it runs detached, outside the launcher JVM). */
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
     * with {@code initdb} the first time, reused afterwards), and creates {@value #DATABASE_NAME} if missing.
     *
     * @param log file receiving the server's output
     */
    static Database embedded(int port, Path dataDir, Path log) {
        return EmbeddedDatabase.start(port, dataDir, log);
    }
}
