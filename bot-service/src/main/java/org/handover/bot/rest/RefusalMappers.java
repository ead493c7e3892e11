package org.handover.bot.rest;

import jakarta.ws.rs.NotAcceptableException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The framework's refusals of a request before it reaches a resource method (wrong {@code Content-Type}: 415,
 * unsupported method: 405, unacceptable {@code Accept}: 406) in the admin API's error shape,
 * {@code {"errors":[...]}}, instead of an empty body. Global: these happen while the request is matched to a
 * method, before any resource's own mapper could see them.
 */
public class RefusalMappers {

    @ServerExceptionMapper
    public Response unsupportedMediaType(NotSupportedException e) {
        return refusal(e, "the body must be a catalog document: Content-Type application/json");
    }

    @ServerExceptionMapper
    public Response methodNotAllowed(NotAllowedException e) {
        Response response = refusal(e, "method not allowed here; allowed: "
                + String.join(", ", e.getResponse().getAllowedMethods()));
        return Response.fromResponse(response)
                .header(HttpHeaders.ALLOW, String.join(", ", e.getResponse().getAllowedMethods())).build();
    }

    @ServerExceptionMapper
    public Response notAcceptable(NotAcceptableException e) {
        return refusal(e, "the answer can only be application/json");
    }

    private static Response refusal(WebApplicationException e, String error) {
        return Response.status(e.getResponse().getStatus()).type(MediaType.APPLICATION_JSON)
                .entity(new CatalogResource.Errors(List.of(error))).build();
    }
}
