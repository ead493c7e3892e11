package org.handover.harness;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A PostgreSQL database given from outside ({@code DATABASE_JDBC_URL} and friends) instead of the embedded one.
 *
 * <p>{@link #toString()} and {@link #redact(String)} keep the password out of anything printed or logged.
 *
 * @param jdbcUrl  JDBC URL, passed to handover-service as is
 * @param username user name
 * @param password password; never printed
 */
public record ExternalDatabase(String jdbcUrl, String username, String password) {

    // A password may also sit in the URL's query string (?password=... or ;password=...).
    private static final Pattern URL_PASSWORD = Pattern.compile("(?i)(password=)[^&;]*");

    public ExternalDatabase {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
    }

    /** A JDBC URL fit to print: any password parameter replaced by {@code ***}. */
    public static String redact(String jdbcUrl) {
        return URL_PASSWORD.matcher(jdbcUrl).replaceAll("$1***");
    }

    @Override
    public String toString() {
        return "ExternalDatabase[" + redact(jdbcUrl) + ", user " + username + "]";
    }
}
