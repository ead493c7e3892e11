package org.handover.handover.rest;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import org.eclipse.microprofile.config.Config;
import org.handover.handover.domain.AdminPrincipal;
import org.handover.handover.service.AdminAccountService;
import org.handover.handover.service.AdminAccountService.SignIn;
import org.handover.handover.service.CurrentAdmin;
import org.handover.service.support.rest.AdminToken;
import org.handover.service.support.rest.AdminTokenFilter;

/**
 * Access per page on the admin API: {@code Authorization: Bearer <admin.token>} is the operator (every page, for
 * automation, as {@link AdminTokenFilter}); {@code Authorization: Basic} with a page admin's user name and password
 * is that account, let in only to the pages it may manage ({@code 403 forbidden_page} otherwise, nothing read or
 * changed). Basic sign-ins are throttled like the settings page's ({@code 429 sign_in_locked}); anything else is
 * {@code 401}. Bound by name to {@link PageAdminApi} resources.
 */
@PageAdminApi
@Provider
@Priority(Priorities.AUTHENTICATION)
public class PageAdminApiFilter implements ContainerRequestFilter {

    private static final String BEARER = "Bearer ";
    private static final String BASIC = "Basic ";

    private final AdminToken token;
    private final AdminAccountService accounts;
    private final CurrentAdmin current;

    public PageAdminApiFilter(Config config, AdminAccountService accounts, CurrentAdmin current) {
        this.token = AdminToken.fromConfig(config);
        this.accounts = accounts;
        this.current = current;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        AdminPrincipal principal = null;
        if (header != null && header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            principal = token.matches(header.substring(BEARER.length())) ? AdminPrincipal.operatorToken() : null;
        } else if (header != null && header.regionMatches(true, 0, BASIC, 0, BASIC.length())) {
            String[] credentials = basic(header.substring(BASIC.length()));
            if (credentials != null) {
                SignIn result = accounts.signIn(credentials[0], credentials[1]);
                if (result.outcome() == AdminAccountService.Outcome.LOCKED) {
                    request.abortWith(error(429, ApiError.of("sign_in_locked", "Too many failed sign-ins: this "
                            + "account is locked until " + DateTimeFormatter.ISO_INSTANT.format(result.lockedUntil())
                            + ".")));
                    return;
                }
                principal = result.principal();
            }
        }
        if (principal == null) {
            request.abortWith(Response.status(Response.Status.UNAUTHORIZED)
                    // Both challenges in one header (RFC 9110 11.6.1): the operator's token first.
                    .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer, Basic realm=\"handover admin\", charset=\"UTF-8\"")
                    .type(MediaType.APPLICATION_JSON_TYPE)
                    .entity("{\"reason\":\"unauthorized\",\"message\":\"This API needs the admin bearer token or a "
                            + "page admin's user name and password (HTTP Basic).\"}")
                    .build());
            return;
        }
        String pageId = request.getUriInfo().getPathParameters().getFirst("pageId");
        if (pageId != null && !principal.mayManage(pageId)) {
            request.abortWith(error(403, ApiError.of("forbidden_page",
                    "This account may not manage this page.")));
            return;
        }
        current.set(principal);
    }

    private static String[] basic(String encoded) {
        try {
            String decoded = new String(Base64.getDecoder().decode(encoded.strip()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon < 0 ? null : new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)};
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static Response error(int status, ApiError body) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(body).build();
    }
}
