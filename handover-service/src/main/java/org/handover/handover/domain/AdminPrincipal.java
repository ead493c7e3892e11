package org.handover.handover.domain;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * Who is signed in to the settings page or calls the admin API: the operator (the admin token, every page) or a page
 * admin's account (only the pages it was given). Plain Java: the one rule of access per page.
 *
 * @param name  the account's user name, or {@link #OPERATOR} for the admin token (what the audit records as "who")
 * @param pages the pages the account may manage; ignored for the operator
 */
public record AdminPrincipal(String name, boolean operator, Set<String> pages) {

    /** The audit's name for whoever used the admin token. */
    public static final String OPERATOR = "operator";

    /** A user name: 3 to 64 lower-case letters, digits, '.', '_', '-' (so it can never be {@link #OPERATOR}'s). */
    public static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9._-]{2,63}");

    /** Shortest password; the longest is bcrypt's 72 bytes (it ignores what follows). */
    public static final int PASSWORD_MIN = 12;
    public static final int PASSWORD_MAX_BYTES = 72;

    public AdminPrincipal {
        pages = Set.copyOf(pages);
    }

    /** The operator, who manages every page. */
    public static AdminPrincipal operatorToken() {
        return new AdminPrincipal(OPERATOR, true, Set.of());
    }

    /** Whether this admin may see and change {@code pageId}'s settings, conversations and analytics. */
    public boolean mayManage(String pageId) {
        return operator || pages.contains(pageId);
    }

    /** Why {@code username} cannot name an account; {@code null} when it can. */
    public static String usernameProblem(String username) {
        return username != null && USERNAME.matcher(username).matches() && !OPERATOR.equals(username) ? null
                : "username: 3 to 64 characters: lower-case letters, digits, '.', '_', '-', starting with a letter or "
                        + "digit (not \"operator\")";
    }

    /** Why {@code password} cannot be an account's password; {@code null} when it can. */
    public static String passwordProblem(String password) {
        if (password == null || password.length() < PASSWORD_MIN) {
            return "password: at least " + PASSWORD_MIN + " characters";
        }
        if (password.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > PASSWORD_MAX_BYTES) {
            return "password: at most " + PASSWORD_MAX_BYTES + " bytes (bcrypt ignores the rest)";
        }
        return null;
    }
}
