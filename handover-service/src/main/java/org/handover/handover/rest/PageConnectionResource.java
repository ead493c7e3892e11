package org.handover.handover.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.handover.handover.domain.PageConnectionStatus;
import org.handover.handover.service.CurrentAdmin;
import org.handover.handover.service.PageConnectionService;
import org.handover.handover.service.PageConnectionService.Result;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Connecting a page with its access token, rotating the token, disconnecting the page, and the page's connection
 * status: {@code /admin/pages/{pageId}/connection}. For the operator's bearer token and for page admins on their own
 * pages ({@link PageAdminApiFilter}): whoever manages a page's settings may connect it. The token is taken, checked
 * with Facebook, stored encrypted and never answered back.
 */
@Path("/admin/pages/{pageId}/connection")
@Produces(MediaType.APPLICATION_JSON)
@PageAdminApi
@Tag(name = "Page connection", description = "A page's access token: connect, rotate, disconnect, status")
@SecurityRequirement(name = "admin-token")
@SecurityRequirement(name = "page-admin")
@APIResponse(responseCode = "401", description = "Missing or wrong admin bearer token or account")
@APIResponse(responseCode = "403", description = "The account may not manage this page (forbidden_page)")
@APIResponse(responseCode = "400", description = "invalid_page_id, malformed_body")
public class PageConnectionResource {

    private final PageConnectionService connections;
    private final CurrentAdmin admin;

    public PageConnectionResource(PageConnectionService connections, CurrentAdmin admin) {
        this.connections = connections;
        this.admin = admin;
    }

    /** The body of a connect or rotate: the page access token. */
    public record ConnectRequest(String pageToken) {

        @Override
        public String toString() {
            // Never print the token (a framework's debug output, an exception message).
            return "ConnectRequest[pageToken=***]";
        }
    }

    @GET
    @Operation(summary = "The page's connection: where its token comes from, since when, by whom, whether it needs "
            + "reconnecting (never the token)")
    @APIResponse(responseCode = "200", description = "The connection",
            content = @Content(schema = @Schema(implementation = PageConnectionStatus.class)))
    public Response status(@PathParam("pageId") String pageId) {
        Response bad = PathIds.invalidPageId(pageId).orElse(null);
        return bad != null ? bad : Response.ok(connections.status(pageId)).build();
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Connects the page with its access token, or rotates it",
            description = "The token is checked with one Graph API call (GET /me?fields=id,name with it): Facebook "
                    + "must accept it and it must be this page's. Then it is stored encrypted and handed to "
                    + "bot-service. No restart.")
    @APIResponse(responseCode = "200", description = "Connected (or rotated): the connection",
            content = @Content(schema = @Schema(implementation = PageConnectionStatus.class)))
    @APIResponse(responseCode = "422", description = "invalid_page_token, page_token_rejected (Facebook's 190), "
            + "token_of_another_page, page_token_refused: nothing changed")
    @APIResponse(responseCode = "503", description = "graph_unavailable, not_published, connections_not_configured: "
            + "nothing changed")
    public Response connect(@PathParam("pageId") String pageId, ConnectRequest body) {
        Response bad = PathIds.invalidPageId(pageId).orElse(null);
        if (bad != null) {
            return bad;
        }
        if (body == null) {
            return malformedBody();
        }
        return answer(connections.connect(pageId, body.pageToken(), admin.get()));
    }

    @DELETE
    @Operation(summary = "Disconnects the page: its connected token is removed (an environment token, if the page "
            + "has one, is used again)")
    @APIResponse(responseCode = "200", description = "Disconnected: the connection now",
            content = @Content(schema = @Schema(implementation = PageConnectionStatus.class)))
    @APIResponse(responseCode = "404", description = "not_connected")
    @APIResponse(responseCode = "503", description = "not_published: nothing changed")
    public Response disconnect(@PathParam("pageId") String pageId) {
        Response bad = PathIds.invalidPageId(pageId).orElse(null);
        return bad != null ? bad : answer(connections.disconnect(pageId, admin.get()));
    }

    private static Response answer(Result result) {
        int status = switch (result.outcome()) {
            case DONE -> 200;
            case INVALID_TOKEN, TOKEN_REJECTED, TOKEN_OF_ANOTHER_PAGE, REFUSED -> 422;
            case NOT_CONNECTED -> 404;
            case GRAPH_UNAVAILABLE, NOT_CONFIGURED, NOT_PUBLISHED -> 503;
        };
        Object body = status == 200 ? result.status() : result.outcome() == PageConnectionService.Outcome.INVALID_TOKEN
                ? new ApiError(result.reason(), "The page token is not valid.", List.of(result.message()))
                : ApiError.of(result.reason(), result.message());
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(body).build();
    }

    /** A body of the wrong shape: a JSON error like every other one. */
    @ServerExceptionMapper
    public Response malformedBody(JsonProcessingException e) {
        return malformedBody();
    }

    /** A body that is not JSON at all reaches here as a 400 from the JSON reader. */
    @ServerExceptionMapper
    public Response badRequest(WebApplicationException e) {
        return e.getResponse().getStatus() == 400 ? malformedBody() : e.getResponse();
    }

    private static Response malformedBody() {
        return Response.status(Response.Status.BAD_REQUEST).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(ApiError.of("malformed_body", "The body must be {\"pageToken\": \"...\"} as JSON.")).build();
    }
}
