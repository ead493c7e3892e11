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
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Lets through only requests that carry {@code Authorization: Bearer <admin.token>}; every other one gets {@code 401}
 * with {@code WWW-Authenticate: Bearer} and a JSON error. Bound to {@link AdminApi} resources only, so
 * {@code /q/*} (health, metrics, OpenAPI) stays open.
 */
@AdminApi
@Provider
@Priority(Priorities.AUTHENTICATION)
public class AdminTokenFilter implements ContainerRequestFilter {

    private static final String BEARER = "Bearer ";

    private final byte[] expectedDigest;

    public AdminTokenFilter(@ConfigProperty(name = "admin.token") String adminToken) {
        // A blank token would let an empty header in: refuse everything instead.
        this.expectedDigest = adminToken.isBlank() ? null : sha256(adminToken);
    }

    @Override
    public void filter(ContainerRequestContext request) {
        if (!authorized(request.getHeaderString(HttpHeaders.AUTHORIZATION))) {
            request.abortWith(Response.status(Response.Status.UNAUTHORIZED)
                    .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"handover-admin\"")
                    .type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(ApiError.of("unauthorized", "This API needs the admin bearer token."))
                    .build());
        }
    }

    private boolean authorized(String header) {
        if (expectedDigest == null || header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return false;
        }
        // Comparing digests in constant time reveals neither the token's content nor its length.
        return MessageDigest.isEqual(expectedDigest, sha256(header.substring(BEARER.length()).trim()));
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
