package org.handover.handover.rest;

import jakarta.ws.rs.NotAcceptableException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The framework's refusals of an admin API request before it reaches a resource method (wrong {@code Content-Type}:
 * 415, unsupported method: 405, unacceptable {@code Accept}: 406) as an {@link ApiError} like every other refusal,
 * instead of an empty body. Global, because they happen while the request is matched to a method; the settings
 * page's paths keep the framework's answer.
 */
public class RefusalMappers {

    @ServerExceptionMapper
    public Response unsupportedMediaType(NotSupportedException e, UriInfo uri) {
        return refusal(e, uri, "unsupported_media_type", "The body must be JSON: Content-Type application/json.");
    }

    @ServerExceptionMapper
    public Response methodNotAllowed(NotAllowedException e, UriInfo uri) {
        String allowed = String.join(", ", e.getResponse().getAllowedMethods());
        Response response = refusal(e, uri, "method_not_allowed", "This path takes " + allowed + ".");
        return Response.fromResponse(response).header(HttpHeaders.ALLOW, allowed).build();
    }

    @ServerExceptionMapper
    public Response notAcceptable(NotAcceptableException e, UriInfo uri) {
        return refusal(e, uri, "not_acceptable", "The answer can only be application/json.");
    }

    private static Response refusal(WebApplicationException e, UriInfo uri, String reason, String message) {
        if (!uri.getPath().startsWith("/admin/")) {
            return e.getResponse();
        }
        return Response.status(e.getResponse().getStatus()).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(ApiError.of(reason, message)).build();
    }
}
