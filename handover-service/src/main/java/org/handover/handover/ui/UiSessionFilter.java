package org.handover.handover.ui;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.net.URI;
import java.util.Optional;
import org.handover.handover.domain.AdminPrincipal;
import org.handover.handover.service.AdminAccountService;
import org.handover.handover.service.CurrentAdmin;

/**
 * Lets through only requests with a valid session cookie ({@link UiSessions}); every other one is sent to the
 * sign-in form ({@code 303}), a form post included (its data is dropped: nothing is changed without a session).
 * A session of an account is let through only while the account exists, and only to the pages it may manage now
 * (any path with a {@code pageId} of another page: {@code 403}, nothing read or changed). Bound to {@link AdminUi}
 * resources. Also keeps the pages out of caches and frames: they show a page's settings and carry CSRF tokens.
 */
@AdminUi
@Provider
@Priority(Priorities.AUTHENTICATION)
public class UiSessionFilter implements ContainerRequestFilter, ContainerResponseFilter {

    private final UiSessions sessions;
    private final AdminAccountService accounts;
    private final CurrentAdmin current;

    public UiSessionFilter(UiSessions sessions, AdminAccountService accounts, CurrentAdmin current) {
        this.sessions = sessions;
        this.accounts = accounts;
        this.current = current;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        Cookie cookie = request.getCookies().get(UiSessions.COOKIE);
        Optional<UiSessions.Session> session = cookie == null ? Optional.empty() : sessions.verify(cookie.getValue());
        Optional<AdminPrincipal> principal = session.flatMap(s -> s.username() == null
                ? Optional.of(AdminPrincipal.operatorToken()) : accounts.principal(s.username()));
        if (principal.isEmpty()) {
            URI login = URI.create(cookie == null ? "/ui/login" : "/ui/login?expired=true");
            request.abortWith(Response.seeOther(login).cookie(sessions.expiredCookie()).build());
            return;
        }
        String pageId = request.getUriInfo().getPathParameters().getFirst("pageId");
        if (pageId != null && !principal.get().mayManage(pageId)) {
            request.abortWith(UiErrors.notYourPage());
            return;
        }
        current.set(principal.get());
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        UiHeaders.add(response.getHeaders());
    }
}
