package org.handover.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedDatabaseTest {

    @TempDir
    Path dir;

    @Test
    void aStoppedServerStartsAgainOnTheSamePortAndDataWithItsRows() throws Exception {
        try (EmbeddedDatabase database = Database.embedded(FreePorts.pick(1)[0], dir.resolve("postgres"),
                dir.resolve("postgres.log"))) {
            assertThat(database.jdbcUrl()).endsWith("/" + Database.DATABASE_NAME);
            execute(database, "create table drill (id int primary key)", "insert into drill values (42)");
            assertThat(database.postmaster()).as("the server process").isPresent();
            String url = database.jdbcUrl();

            database.stop();

            assertThat(database.isRunning()).isFalse();
            assertThat(database.postmaster()).as("the server process after stop").isEmpty();
            assertThatThrownBy(() -> DriverManager.getConnection(url, database.username(), database.password())
                    .close()).isInstanceOf(SQLException.class);

            database.start();

            assertThat(database.jdbcUrl()).isEqualTo(url);
            assertThat(count(database, "select count(*) from drill where id = 42")).isEqualTo(1);
        }
        assertThat(dir.resolve("postgres")).as("a data directory given is kept")
                .isDirectoryContaining("glob:**/postgresql.conf");
        assertThat(dir.resolve("postgres.log")).isNotEmptyFile();
    }

    @Test
    void byDefaultATemporaryServerOfThePostgresDatabaseGoneOnClose() throws Exception {
        EmbeddedDatabase database = EmbeddedDatabase.builder().start();
        Path dataDir = database.dataDir();
        assertThat(database.jdbcUrl()).endsWith("/postgres");
        assertThat(count(database, "select 1")).isEqualTo(1);

        database.close();
        database.close();

        assertThat(dataDir).doesNotExist();
        assertThatThrownBy(database::start).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    private static void execute(Database database, String... statements) throws SQLException {
        try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.username(),
                database.password()); Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    private static int count(Database database, String query) throws SQLException {
        try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.username(),
                database.password()); Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(query)) {
            result.next();
            return result.getInt(1);
        }
    }
}
