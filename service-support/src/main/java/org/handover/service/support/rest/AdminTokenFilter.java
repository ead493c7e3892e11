package org.handover.service.support.rest;

import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import org.eclipse.microprofile.config.Config;

/**
 * Lets through only requests that carry {@code Authorization: Bearer <admin.token>}; every other one gets {@code 401}
 * with {@code WWW-Authenticate: Bearer} and the JSON error {@link #UNAUTHORIZED_BODY}. Bound by name to
 * {@link AdminApi} resources only: which requests it guards is decided by the resource they reach, never by a
 * string test on the path, so {@code /q/*} (health, metrics, OpenAPI) stays open and no spelling of an admin path
 * gets round it. The token is {@link AdminToken#fromConfig read} at start: a service that declares
 * {@code admin.token} does not start without a value for it; one that does not declare it (no admin API), or a blank
 * value, refuses every admin request.
 */
@AdminApi
@Provider
@Priority(Priorities.AUTHENTICATION)
public class AdminTokenFilter implements ContainerRequestFilter {

    /** The body of the {@code 401}, in the shape of the admin APIs' errors ({@code reason}, {@code message}). */
    public static final String UNAUTHORIZED_BODY =
            "{\"reason\":\"unauthorized\",\"message\":\"This API needs the admin bearer token.\"}";

    private static final String BEARER = "Bearer ";

    private final AdminToken token;

    public AdminTokenFilter(Config config) {
        this.token = AdminToken.fromConfig(config);
    }

    /**
     * Observing the start makes Quarkus create this filter then, so a declared but unset {@code ADMIN_TOKEN} stops
     * the service at start, with SmallRye Config's message naming it, rather than at the first admin request.
     */
    void readTheTokenAtStart(@Observes StartupEvent start) {
        // Nothing more: the constructor read the token.
    }

    @Override
    public void filter(ContainerRequestContext request) {
        if (!authorized(request.getHeaderString(HttpHeaders.AUTHORIZATION))) {
            request.abortWith(Response.status(Response.Status.UNAUTHORIZED)
                    .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                    .type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(UNAUTHORIZED_BODY)
                    .build());
        }
    }

    private boolean authorized(String header) {
        return header != null && header.regionMatches(true, 0, BEARER, 0, BEARER.length())
                && token.matches(header.substring(BEARER.length()));
    }
}
