package org.handover.testsupport;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.testcontainers.postgresql.PostgreSQLContainer;

/** A running PostgreSQL for tests, whichever way it was obtained. */
record PostgresDatabase(String jdbcUrl, String username, String password, String description, AutoCloseable closer)
        implements AutoCloseable {

    static PostgresDatabase start(InfrastructureMode mode) {
        return switch (mode) {
            case EXTERNAL -> new PostgresDatabase(System.getenv(InfrastructureMode.JDBC_URL_ENV),
                    System.getenv().getOrDefault(InfrastructureMode.JDBC_USERNAME_ENV, "postgres"),
                    System.getenv().getOrDefault(InfrastructureMode.JDBC_PASSWORD_ENV, ""),
                    "external PostgreSQL", () -> { });
            case TESTCONTAINERS -> container();
            case EMBEDDED -> embedded();
        };
    }

    private static PostgresDatabase container() {
        PostgreSQLContainer container = new PostgreSQLContainer(InfrastructureMode.POSTGRES_IMAGE);
        container.start();
        return new PostgresDatabase(container.getJdbcUrl(), container.getUsername(), container.getPassword(),
                "PostgreSQL container " + InfrastructureMode.POSTGRES_IMAGE, container::stop);
    }

    private static PostgresDatabase embedded() {
        // Real PostgreSQL binaries shipped in a Maven artifact, started on a free port in a temporary data directory.
        try {
            EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
            return new PostgresDatabase(postgres.getJdbcUrl("postgres", "postgres"), "postgres", "postgres",
                    "embedded PostgreSQL on port " + postgres.getPort(), postgres);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start embedded PostgreSQL", e);
        }
    }

    @Override
    public void close() {
        try {
            closer.close();
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop " + description, e);
        }
    }
}
