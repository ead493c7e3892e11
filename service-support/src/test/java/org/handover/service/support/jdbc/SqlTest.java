package org.handover.service.support.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Types;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.handover.harness.EmbeddedDatabase;
import org.handover.service.support.messaging.FailureKind;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/** {@link Sql} against a real PostgreSQL: binding, mapping, keys, arrays, nulls, failures. */
class SqlTest {

    enum Colour {
        RED, GREEN
    }

    private static EmbeddedDatabase database;
    private static Sql sql;

    @BeforeAll
    static void start() {
        database = EmbeddedDatabase.builder().start();
        PGSimpleDataSource source = new PGSimpleDataSource();
        source.setUrl(database.jdbcUrl());
        source.setUser(database.username());
        source.setPassword(database.password());
        sql = new Sql(source);
    }

    @AfterAll
    static void stop() {
        database.close();
    }

    @BeforeEach
    void table() {
        sql.update("drop table if exists thing");
        sql.update("""
                create table thing (id bigserial primary key, name text not null unique, colour varchar(8),
                                    at timestamp with time zone, size integer)""");
    }

    @Test
    void bindsAndMapsInstantsEnumsAndNulls() {
        Instant at = Instant.parse("2026-12-03T10:15:30.123456Z");
        long id = sql.insertReturningKey("insert into thing (name, colour, at, size) values (?, ?, ?, ?)",
                "a", Colour.GREEN, at, null);
        record Thing(long id, String name, Colour colour, Instant at, Integer size) {
        }
        Thing read = sql.first("select * from thing where id = ?", row -> new Thing(row.longValue("id"),
                row.string("name"), row.enumOf(Colour.class, "colour"), row.instant("at"), row.intOrNull("size")),
                id).orElseThrow();

        assertThat(sql.statements()).isGreaterThanOrEqualTo(2);
        assertThat(read).isEqualTo(new Thing(id, "a", Colour.GREEN, at.truncatedTo(ChronoUnit.MICROS), null));
    }

    @Test
    void typedNullsWhereTheTypeCannotBeInferred() {
        sql.update("insert into thing (name) values ('a')");
        assertThat(sql.count("select count(*) from thing where (?::text is null or name = ?)",
                Sql.nullOf(Types.VARCHAR), Sql.nullOf(Types.VARCHAR))).isEqualTo(1);
    }

    @Test
    void arraysForAny() {
        long a = sql.insertReturningKey("insert into thing (name) values (?)", "a");
        sql.insertReturningKey("insert into thing (name) values (?)", "b");
        long c = sql.insertReturningKey("insert into thing (name) values (?)", "c");

        int changed = sql.update("update thing set size = 1 where id = any(?)", Sql.array("bigint", List.of(a, c)));

        assertThat(changed).isEqualTo(2);
        assertThat(sql.list("select name from thing where size = 1 order by name", row -> row.string(1)))
                .containsExactly("a", "c");
    }

    @Test
    void firstIsEmptyWithoutRowsAndCountIsZero() {
        assertThat(sql.first("select name from thing", row -> row.string(1))).isEmpty();
        assertThat(sql.count("select count(*) from thing")).isZero();
    }

    @Test
    void aFailureCarriesTheSqlStateAndTheDriversException() {
        sql.update("insert into thing (name) values ('a')");

        assertThatThrownBy(() -> sql.update("insert into thing (name) values (?)", "a"))
                .isInstanceOfSatisfying(Sql.SqlFailure.class, e -> {
                    assertThat(e.sqlState()).isEqualTo("23505");
                    assertThat(e.getMessage()).doesNotContain("(a)");
                    assertThat(FailureKind.of(e)).isEqualTo(FailureKind.OTHER);
                });
    }
}
