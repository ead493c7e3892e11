package org.handover.handover.repository;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Array;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.handover.service.support.jdbc.Sql;

/**
 * Page admins' accounts ({@code admin_account}, {@code admin_account_page}) and the sign-in throttle
 * ({@code sign_in_throttle}), shared by every replica. Every method runs in the caller's transaction.
 */
@ApplicationScoped
public class AdminAccountRepository {

    /** An account with its pages (none: an empty array, not a null). */
    private static final String ACCOUNTS = """
            select a.username, a.password_hash, a.updated_at,
                   array_remove(array_agg(p.page_id order by p.page_id), null) as pages
            from admin_account a left join admin_account_page p on p.username = a.username
            """;

    private final Sql sql;

    public AdminAccountRepository(Sql sql) {
        this.sql = sql;
    }

    /** An account as stored: its hash stays in the service, which alone checks passwords. */
    public record StoredAccount(String username, String passwordHash, Set<String> pages, Instant updatedAt) {
    }

    public Optional<StoredAccount> account(String username) {
        return sql.first(ACCOUNTS + "where a.username = ? group by a.username", AdminAccountRepository::stored,
                username);
    }

    public List<StoredAccount> accounts() {
        return sql.list(ACCOUNTS + "group by a.username order by a.username", AdminAccountRepository::stored);
    }

    /**
     * Creates or replaces the account; {@code passwordHash} {@code null} keeps the stored one. An existing account's
     * row is locked first, so that two replacements of it run one after the other (its pages are rewritten whole).
     */
    public StoredAccount put(String username, String passwordHash, Set<String> pages, Instant at) {
        boolean exists = sql.first("select 1 from admin_account where username = ? for update", row -> true,
                username).isPresent();
        String hash = passwordHash;
        if (exists) {
            hash = sql.value("update admin_account set password_hash = coalesce(?::varchar, password_hash), "
                    + "updated_at = ? where username = ? returning password_hash", row -> row.string(1),
                    passwordHash, at, username);
            sql.update("delete from admin_account_page where username = ?", username);
        } else {
            sql.update("insert into admin_account (username, password_hash, created_at, updated_at) "
                    + "values (?, ?, ?, ?)", username, passwordHash, at, at);
        }
        for (String page : pages) {
            sql.update("insert into admin_account_page (username, page_id) values (?, ?)", username, page);
        }
        return new StoredAccount(username, hash, Set.copyOf(pages), at);
    }

    /** Removes the account (its pages go with it: {@code on delete cascade}); false when there was none. */
    public boolean remove(String username) {
        return sql.update("delete from admin_account where username = ?", username) == 1;
    }

    /** Until when {@code subject} may not sign in; empty when it may. */
    public Optional<Instant> lockedUntil(String subject, Instant now) {
        return sql.first("select locked_until from sign_in_throttle where subject = ? and locked_until > ?",
                row -> row.instant("locked_until"), subject, now);
    }

    /**
     * Counts one failed sign-in of {@code subject}; at {@code maxFailures} consecutive ones it is locked until
     * {@code lockedUntil} (and the count starts again). Atomic per subject: concurrent failures all count.
     *
     * @return whether this failure locked it
     */
    public boolean countFailure(String subject, int maxFailures, Instant lockedUntil) {
        int failures = sql.value("insert into sign_in_throttle (subject, failures) values (?, 1) on conflict (subject) "
                + "do update set failures = sign_in_throttle.failures + 1 returning failures",
                row -> row.intValue(1), subject);
        if (failures < maxFailures) {
            return false;
        }
        sql.update("update sign_in_throttle set failures = 0, locked_until = ? where subject = ?", lockedUntil,
                subject);
        return true;
    }

    /** A successful sign-in forgets the subject's failures. */
    public void clearFailures(String subject) {
        sql.update("delete from sign_in_throttle where subject = ?", subject);
    }

    private static StoredAccount stored(Sql.Row row) throws SQLException {
        Array pages = row.resultSet().getArray("pages");
        try {
            return new StoredAccount(row.string("username"), row.string("password_hash"),
                    Set.of((String[]) pages.getArray()), row.instant("updated_at"));
        } finally {
            pages.free();
        }
    }
}
