package org.handover.handover.ui;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The settings page's CSRF handling in one place, for every {@link AdminUi} resource: the token a page's forms carry
 * ({@link #token}) and the check of a posted form ({@link #valid}), both from the request's session cookie
 * ({@link UiSessions#COOKIE}). A resource takes the cookie with {@code @RestCookie(UiSessions.COOKIE)} and the form's
 * field with {@code @RestForm(UiSessions.CSRF_FIELD)}, and answers {@link UiErrors#csrfRefused()} when
 * {@link #valid} is false, before anything else (a page id is not even checked).
 */
@ApplicationScoped
public class UiCsrf {

    private final UiSessions sessions;

    public UiCsrf(UiSessions sessions) {
        this.sessions = sessions;
    }

    /**
     * The CSRF token for the forms of the session in {@code cookie}; empty when it holds none (cannot happen behind
     * {@link UiSessionFilter}, which lets only valid sessions through).
     */
    public String token(String cookie) {
        return sessions.verify(cookie).map(sessions::csrfToken).orElse("");
    }

    /** Whether a posted form's CSRF {@code field} belongs to the session in {@code cookie} (false without one). */
    public boolean valid(String cookie, String field) {
        return sessions.verify(cookie).map(session -> sessions.csrfValid(session, field)).orElse(false);
    }
}
