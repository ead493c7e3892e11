package org.handover.handover.service;

import io.quarkus.elytron.security.common.BcryptUtil;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.handover.handover.config.AdminAccessConfig;
import org.handover.handover.domain.AdminPrincipal;
import org.handover.handover.domain.AuditEntry;
import org.handover.handover.domain.PageIds;
import org.handover.handover.repository.AdminAccountRepository;
import org.handover.handover.repository.AdminAccountRepository.StoredAccount;
import org.handover.handover.repository.SettingsAuditRepository;
import org.handover.service.support.rest.AdminToken;
import org.jboss.logging.Logger;

/**
 * Page admins' accounts and every sign-in: with an account (user name and password, checked against its bcrypt hash)
 * or with the operator's admin token. Sign-ins are throttled per account and for the token, across replicas: after
 * {@link AdminAccessConfig#maxFailedSignIns()} consecutive failures, {@link AdminAccessConfig#lockout()} of refusals
 * whatever is typed. A user name nobody has is refused like a wrong password, after as much work (a hash checked).
 * Nothing typed is logged.
 */
@ApplicationScoped
public class AdminAccountService {

    private static final Logger LOG = Logger.getLogger(AdminAccountService.class);
    private static final String OPERATOR_SUBJECT = "token:operator";

    private final AdminAccountRepository accounts;
    private final SettingsAuditRepository audit;
    private final AdminAccessConfig config;
    private final AdminToken token;
    private final Clock clock;
    /** Checked for a user name nobody has, so that it takes as long as a wrong password. */
    private final String decoyHash;

    public AdminAccountService(AdminAccountRepository accounts, SettingsAuditRepository audit,
            AdminAccessConfig config, @ConfigProperty(name = "admin.token") String adminToken, Clock clock) {
        this.accounts = accounts;
        this.audit = audit;
        this.config = config;
        this.token = AdminToken.of(adminToken);
        this.clock = clock;
        this.decoyHash = BcryptUtil.bcryptHash("no account has this password", config.bcryptCost());
    }

    /** An account as the operator sees it: never its hash. */
    public record Account(String username, Set<String> pages, Instant updatedAt) {
    }

    /** How a sign-in ended. */
    public enum Outcome { SIGNED_IN, REFUSED, LOCKED }

    /** A sign-in's result: the principal when signed in, the end of the lock when locked. */
    public record SignIn(Outcome outcome, AdminPrincipal principal, Instant lockedUntil) {
    }

    /** Signs in with the admin token (the operator). */
    public SignIn signInWithToken(String candidate) {
        return throttled(OPERATOR_SUBJECT, () -> token.matches(candidate) ? AdminPrincipal.operatorToken() : null);
    }

    /** Signs in with an account's user name and password. */
    public SignIn signIn(String username, String password) {
        String name = username == null ? "" : username.strip().toLowerCase(java.util.Locale.ROOT);
        if (AdminPrincipal.usernameProblem(name) != null) {
            BcryptUtil.matches(password == null ? "" : password, decoyHash);
            return new SignIn(Outcome.REFUSED, null, null);
        }
        return throttled("account:" + name, () -> {
            Optional<StoredAccount> stored = QuarkusTransaction.requiringNew().call(() -> accounts.account(name));
            boolean matches = BcryptUtil.matches(password == null ? "" : password,
                    stored.map(StoredAccount::passwordHash).orElse(decoyHash));
            return matches && stored.isPresent() ? principalOf(stored.get()) : null;
        });
    }

    private SignIn throttled(String subject, java.util.function.Supplier<AdminPrincipal> check) {
        Instant now = clock.instant();
        Optional<Instant> locked = QuarkusTransaction.requiringNew().call(() -> accounts.lockedUntil(subject, now));
        if (locked.isPresent()) {
            LOG.infof("Sign-in refused: %s is locked after too many failed sign-ins", subject);
            return new SignIn(Outcome.LOCKED, null, locked.get());
        }
        AdminPrincipal principal = check.get();
        if (principal != null) {
            QuarkusTransaction.requiringNew().run(() -> accounts.clearFailures(subject));
            return new SignIn(Outcome.SIGNED_IN, principal, null);
        }
        Instant until = clock.instant().plus(config.lockout());
        boolean nowLocked = QuarkusTransaction.requiringNew()
                .call(() -> accounts.countFailure(subject, config.maxFailedSignIns(), until));
        LOG.infof("Sign-in refused (%s)%s", subject, nowLocked ? ": locked after too many failures" : "");
        return nowLocked ? new SignIn(Outcome.LOCKED, null, until) : new SignIn(Outcome.REFUSED, null, null);
    }

    /** The principal of a signed-in account now (its pages as stored now); empty once the account is removed. */
    public Optional<AdminPrincipal> principal(String username) {
        return QuarkusTransaction.requiringNew().call(() -> accounts.account(username))
                .map(AdminAccountService::principalOf);
    }

    public List<Account> list() {
        return QuarkusTransaction.requiringNew().call(accounts::accounts).stream().map(AdminAccountService::view)
                .toList();
    }

    /** Why this account cannot be stored, one line per field; empty when it can. {@code password} may be null to keep it. */
    public List<String> problems(String username, String password, boolean exists, List<String> pages) {
        List<String> errors = new ArrayList<>();
        String u = AdminPrincipal.usernameProblem(username);
        if (u != null) {
            errors.add(u);
        }
        if (password != null || !exists) {
            String p = AdminPrincipal.passwordProblem(password);
            if (p != null) {
                errors.add(p);
            }
        }
        if (pages == null || pages.isEmpty()) {
            errors.add("pages: at least one page id");
        } else {
            for (String page : pages) {
                String problem = PageIds.pageIdProblem(page);
                if (problem != null) {
                    errors.add("pages: " + problem);
                    break;
                }
            }
        }
        return errors;
    }

    public boolean exists(String username) {
        return QuarkusTransaction.requiringNew().call(() -> accounts.account(username)).isPresent();
    }

    /**
     * Creates or replaces an account (validated with {@link #problems} first); {@code password} {@code null} keeps
     * the stored one. Audited, without the password.
     */
    public Account put(String username, String password, List<String> pages, AdminPrincipal by) {
        String hash = password == null ? null : BcryptUtil.bcryptHash(password, config.bcryptCost());
        Set<String> pageSet = new TreeSet<>(pages);
        StoredAccount stored = QuarkusTransaction.requiringNew().call(() -> {
            boolean existed = accounts.account(username).isPresent();
            StoredAccount s = accounts.put(username, hash, pageSet, clock.instant());
            audit.append(new AuditEntry(clock.instant(), by.name(), null, existed ? "account_changed" : "account_created",
                    "account " + username + ": pages " + String.join(", ", pageSet)
                            + (password != null ? "; password set" : "")));
            return s;
        });
        return view(stored);
    }

    /** Removes an account: its sessions end at their next request. Audited. */
    public boolean remove(String username, AdminPrincipal by) {
        return QuarkusTransaction.requiringNew().call(() -> {
            boolean removed = accounts.remove(username);
            if (removed) {
                audit.append(new AuditEntry(clock.instant(), by.name(), null, "account_removed",
                        "account " + username));
                accounts.clearFailures("account:" + username);
            }
            return removed;
        });
    }

    private static AdminPrincipal principalOf(StoredAccount s) {
        return new AdminPrincipal(s.username(), false, s.pages());
    }

    private static Account view(StoredAccount s) {
        return new Account(s.username(), new TreeSet<>(s.pages()), s.updatedAt());
    }
}
