package org.handover.handover.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Page admins' accounts ({@code admin_account}, {@code admin_account_page}) and the sign-in throttle
 * ({@code sign_in_throttle}), shared by every replica.
 */
@ApplicationScoped
public class AdminAccountRepository implements PanacheRepositoryBase<AdminAccountEntity, String> {

    /** An account as stored: its hash stays in the service, which alone checks passwords. */
    public record StoredAccount(String username, String passwordHash, Set<String> pages, Instant updatedAt) {
    }

    public Optional<StoredAccount> account(String username) {
        return findByIdOptional(username).map(AdminAccountRepository::toStored);
    }

    public List<StoredAccount> accounts() {
        return listAll(Sort.ascending("username")).stream().map(AdminAccountRepository::toStored).toList();
    }

    /** Creates or replaces the account; {@code passwordHash} {@code null} keeps the stored one. */
    public StoredAccount put(String username, String passwordHash, Set<String> pages, Instant at) {
        AdminAccountEntity e = findById(username);
        if (e == null) {
            e = new AdminAccountEntity();
            e.username = username;
            e.createdAt = at;
            e.passwordHash = passwordHash;
            e.pages.addAll(pages);
            e.updatedAt = at;
            persist(e);
        } else {
            if (passwordHash != null) {
                e.passwordHash = passwordHash;
            }
            e.pages.clear();
            e.pages.addAll(pages);
            e.updatedAt = at;
        }
        return toStored(e);
    }

    public boolean remove(String username) {
        return deleteById(username);
    }

    /** Until when {@code subject} may not sign in; empty when it may. */
    public Optional<Instant> lockedUntil(String subject, Instant now) {
        List<?> rows = getEntityManager()
                .createNativeQuery("select locked_until from sign_in_throttle where subject = ?1 and locked_until > ?2")
                .setParameter(1, subject).setParameter(2, now).getResultList();
        return rows.isEmpty() ? Optional.empty() : Optional.of(toInstant(rows.get(0)));
    }

    /**
     * Counts one failed sign-in of {@code subject}; at {@code maxFailures} consecutive ones it is locked until
     * {@code lockedUntil} (and the count starts again). Atomic per subject: concurrent failures all count.
     *
     * @return whether this failure locked it
     */
    public boolean countFailure(String subject, int maxFailures, Instant lockedUntil) {
        Number failures = (Number) getEntityManager().createNativeQuery(
                        "insert into sign_in_throttle (subject, failures) values (?1, 1) on conflict (subject) do "
                                + "update set failures = sign_in_throttle.failures + 1 returning failures")
                .setParameter(1, subject).getSingleResult();
        if (failures.intValue() < maxFailures) {
            return false;
        }
        getEntityManager().createNativeQuery(
                        "update sign_in_throttle set failures = 0, locked_until = ?2 where subject = ?1")
                .setParameter(1, subject).setParameter(2, lockedUntil).executeUpdate();
        return true;
    }

    /** A successful sign-in forgets the subject's failures. */
    public void clearFailures(String subject) {
        getEntityManager().createNativeQuery("delete from sign_in_throttle where subject = ?1")
                .setParameter(1, subject).executeUpdate();
    }

    private static Instant toInstant(Object value) {
        if (value instanceof Instant i) {
            return i;
        }
        if (value instanceof java.time.OffsetDateTime o) {
            return o.toInstant();
        }
        if (value instanceof java.sql.Timestamp t) {
            return t.toInstant();
        }
        throw new IllegalStateException("unexpected timestamp type " + value.getClass());
    }

    private static StoredAccount toStored(AdminAccountEntity e) {
        return new StoredAccount(e.username, e.passwordHash, Set.copyOf(e.pages), e.updatedAt);
    }
}
