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

/**
 * Lets through only requests with a valid session cookie ({@link UiSessions}); every other one is sent to the
 * sign-in form ({@code 303}), a form post included (its data is dropped: nothing is changed without a session).
 * Bound to {@link AdminUi} resources. Also keeps the pages out of caches and frames: they show a page's settings and
 * carry CSRF tokens.
 */
@AdminUi
@Provider
@Priority(Priorities.AUTHENTICATION)
public class UiSessionFilter implements ContainerRequestFilter, ContainerResponseFilter {

    private final UiSessions sessions;

    public UiSessionFilter(UiSessions sessions) {
        this.sessions = sessions;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        Cookie cookie = request.getCookies().get(UiSessions.COOKIE);
        if (cookie == null || sessions.verify(cookie.getValue()).isEmpty()) {
            URI login = URI.create(cookie == null ? "/ui/login" : "/ui/login?expired=true");
            request.abortWith(Response.seeOther(login).cookie(sessions.expiredCookie()).build());
        }
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        UiHeaders.add(response.getHeaders());
    }
}
