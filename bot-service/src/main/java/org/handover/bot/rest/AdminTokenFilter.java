package org.handover.bot.rest;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.handover.bot.config.AdminConfig;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Guards {@code /admin/**} with the bearer token {@code admin.token}: {@code 401} without it or with another.
 * Compared in constant time (both sides hashed first, so not even the length leaks). A blank configured token
 * locks the API rather than opening it to an empty bearer.
 */
public class AdminTokenFilter {

    private static final String BEARER = "Bearer ";

    private final byte[] expected;

    public AdminTokenFilter(AdminConfig config) {
        this.expected = config.token().isBlank() ? null : sha256(config.token());
    }

    @ServerRequestFilter
    public Response requireAdminToken(ContainerRequestContext request) {
        if (!request.getUriInfo().getPath().startsWith("/admin")) {
            return null;
        }
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        boolean ok = expected != null && header != null
                && header.regionMatches(true, 0, BEARER, 0, BEARER.length())
                && MessageDigest.isEqual(expected, sha256(header.substring(BEARER.length()).strip()));
        return ok ? null
                : Response.status(Response.Status.UNAUTHORIZED).header(HttpHeaders.WWW_AUTHENTICATE, "Bearer").build();
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }
}
