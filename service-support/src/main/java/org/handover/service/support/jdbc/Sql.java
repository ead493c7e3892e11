package org.handover.service.support.jdbc;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import javax.sql.DataSource;

/**
 * Plain JDBC over the service's data source, for repositories whose queries are SQL already: one statement per call,
 * positional {@code ?} parameters, rows mapped by the caller. Within a JTA transaction ({@code QuarkusTransaction},
 * {@code @Transactional}) Agroal hands every call the transaction's own connection, so the statements of one
 * transaction run on one connection and commit or roll back together; outside one, each call auto-commits.
 *
 * <p>Parameters: {@link Instant} is bound as {@code timestamp with time zone} (UTC), an {@link Enum} as its name, a
 * {@link #nullOf typed null} where PostgreSQL cannot infer a null's type, and {@link #array} as a SQL array (for
 * {@code = any(?)}); anything else as {@code setObject}. A {@link SQLException} leaves as an unchecked
 * {@link SqlFailure} with the driver's exception as its cause, so that a consumer's failure handling still finds the
 * connection failure in the cause chain.
 *
 * <p>Why not an ORM: the repositories map rows to the domain's records themselves and every hot statement was native
 * SQL already; Hibernate ORM cost a fifth of each service's loaded classes (about 4,000, some 30 MB resident) and a
 * session's flush per transaction. Why not a mapping library: what is left (bind, iterate, close) is this class.
 */
public final class Sql {

    private final DataSource dataSource;
    /** Statements run so far, for tests that count what an input costs. */
    private final LongAdder statements = new LongAdder();

    public Sql(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** How many statements this instance has run (prepared and executed, failed ones included). */
    public long statements() {
        return statements.sum();
    }

    /** Maps the current row of a result set. */
    @FunctionalInterface
    public interface RowMapper<T> {
        T map(Row row) throws SQLException;
    }

    /** A null of a given {@link Types SQL type}, for parameters whose type PostgreSQL cannot infer. */
    public record TypedNull(int sqlType) {
    }

    /** A SQL array parameter of PostgreSQL element type {@code elementType} ("bigint", "text"). */
    public record SqlArray(String elementType, Object[] elements) {
    }

    /** A typed null parameter. */
    public static TypedNull nullOf(int sqlType) {
        return new TypedNull(sqlType);
    }

    /** An array parameter, for {@code where id = any(?)}. */
    public static SqlArray array(String elementType, Collection<?> elements) {
        return new SqlArray(elementType, elements.toArray());
    }

    /** Runs an INSERT, UPDATE or DELETE (or DDL); returns the number of rows it changed. */
    public int update(String sql, Object... parameters) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            bind(connection, statement, parameters);
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new SqlFailure(sql, e);
        }
    }

    /** Runs an INSERT of one row and returns the key the database generated for it (its first generated column). */
    public long insertReturningKey(String sql, Object... parameters) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS)) {
            bind(connection, statement, parameters);
            statement.executeUpdate();
            try (ResultSet keys = statement.getGeneratedKeys()) {
                if (!keys.next()) {
                    throw new SQLException("no key generated");
                }
                return keys.getLong(1);
            }
        } catch (SQLException e) {
            throw new SqlFailure(sql, e);
        }
    }

    /** Every row of a query, mapped. */
    public <T> List<T> list(String sql, RowMapper<T> mapper, Object... parameters) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            bind(connection, statement, parameters);
            try (ResultSet rows = statement.executeQuery()) {
                List<T> result = new ArrayList<>();
                Row row = new Row(rows);
                while (rows.next()) {
                    result.add(mapper.map(row));
                }
                return result;
            }
        } catch (SQLException e) {
            throw new SqlFailure(sql, e);
        }
    }

    /** The first row of a query, mapped; empty when there is none. A null mapped value counts as none. */
    public <T> Optional<T> first(String sql, RowMapper<T> mapper, Object... parameters) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            bind(connection, statement, parameters);
            statement.setMaxRows(1);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? Optional.ofNullable(mapper.map(new Row(rows))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new SqlFailure(sql, e);
        }
    }

    /** The single value of a query that always answers one row (a count, a function); null when it is SQL null. */
    public <T> T value(String sql, RowMapper<T> mapper, Object... parameters) {
        return first(sql, mapper, parameters).orElse(null);
    }

    /** The count of a {@code select count(*) ...}. */
    public long count(String sql, Object... parameters) {
        Long count = value(sql, row -> row.longValue(1), parameters);
        return count == null ? 0 : count;
    }

    private void bind(Connection connection, PreparedStatement statement, Object[] parameters)
            throws SQLException {
        // Every statement of this class is bound exactly once before it runs.
        statements.increment();
        for (int i = 0; i < parameters.length; i++) {
            int index = i + 1;
            Object value = parameters[i];
            if (value == null) {
                statement.setNull(index, Types.NULL);
            } else if (value instanceof TypedNull typed) {
                statement.setNull(index, typed.sqlType());
            } else if (value instanceof Instant instant) {
                statement.setObject(index, instant.atOffset(ZoneOffset.UTC), Types.TIMESTAMP_WITH_TIMEZONE);
            } else if (value instanceof Enum<?> e) {
                statement.setString(index, e.name());
            } else if (value instanceof SqlArray array) {
                Array sqlArray = connection.createArrayOf(array.elementType(), array.elements());
                statement.setArray(index, sqlArray);
            } else {
                statement.setObject(index, value);
            }
        }
    }

    /** The current row of a result set, with the conversions the repositories need; columns by label or 1-based index. */
    public static final class Row {

        private final ResultSet rows;

        Row(ResultSet rows) {
            this.rows = rows;
        }

        /** The underlying result set, for what the helpers below do not cover. */
        public ResultSet resultSet() {
            return rows;
        }

        public String string(String column) throws SQLException {
            return rows.getString(column);
        }

        public String string(int column) throws SQLException {
            return rows.getString(column);
        }

        /** A {@code timestamp with time zone}; null when SQL null. */
        public Instant instant(String column) throws SQLException {
            OffsetDateTime at = rows.getObject(column, OffsetDateTime.class);
            return at == null ? null : at.toInstant();
        }

        /** A {@code timestamp with time zone}; null when SQL null. */
        public Instant instant(int column) throws SQLException {
            OffsetDateTime at = rows.getObject(column, OffsetDateTime.class);
            return at == null ? null : at.toInstant();
        }

        /** A number as a long; 0 when SQL null. */
        public long longValue(String column) throws SQLException {
            return rows.getLong(column);
        }

        public long longValue(int column) throws SQLException {
            return rows.getLong(column);
        }

        public int intValue(String column) throws SQLException {
            return rows.getInt(column);
        }

        public int intValue(int column) throws SQLException {
            return rows.getInt(column);
        }

        public Integer intOrNull(String column) throws SQLException {
            int value = rows.getInt(column);
            return rows.wasNull() ? null : value;
        }

        public boolean bool(String column) throws SQLException {
            return rows.getBoolean(column);
        }

        public boolean bool(int column) throws SQLException {
            return rows.getBoolean(column);
        }

        public double doubleValue(String column) throws SQLException {
            return rows.getDouble(column);
        }

        /** A text column holding an enum constant's name; null when SQL null. */
        public <E extends Enum<E>> E enumOf(Class<E> type, String column) throws SQLException {
            String name = rows.getString(column);
            return name == null ? null : Enum.valueOf(type, name);
        }
    }

    /** A failed statement: the driver's {@link SQLException} as the cause; the message names the statement only. */
    public static final class SqlFailure extends RuntimeException {

        SqlFailure(String sql, SQLException cause) {
            super("SQL failed (" + cause.getSQLState() + "): " + firstLine(sql), cause);
        }

        /** The driver's exception. */
        public SQLException sqlException() {
            return (SQLException) getCause();
        }

        /** The SQLState of the driver's exception (e.g. {@code 23505} for a unique violation). */
        public String sqlState() {
            return sqlException().getSQLState();
        }

        private static String firstLine(String sql) {
            String trimmed = sql.strip();
            int end = trimmed.indexOf('\n');
            return end < 0 ? trimmed : trimmed.substring(0, end) + " ...";
        }
    }
}
