package org.handover.handover.rest.bulletin;

import com.fasterxml.jackson.core.JsonProcessingException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.handover.handover.domain.bulletin.RecipientCopy;
import org.handover.handover.rest.ApiError;
import org.handover.handover.rest.PathIds;
import org.handover.handover.service.bulletin.BulletinService;
import org.handover.service.support.rest.AdminApi;

/**
 * The page admin's bulletins: compose (send now or schedule), preview, follow, cancel. Every endpoint needs the admin
 * bearer token.
 */
@Path("/admin/pages/{pageId}/bulletins")
@Produces(MediaType.APPLICATION_JSON)
@AdminApi
@Tag(name = "Bulletins", description = "Messages from a page to many of its users, held while an agent holds a thread")
@SecurityRequirement(name = "admin-token")
@APIResponse(responseCode = "401", description = "Missing or wrong admin bearer token")
@APIResponse(responseCode = "400", description = "A page id that cannot name a page (invalid_page_id), or a body "
        + "that is not JSON of the endpoint's shape (malformed_body)")
public class BulletinResource {

    private final BulletinService bulletins;

    public BulletinResource(BulletinService bulletins) {
        this.bulletins = bulletins;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Composes a bulletin: sent now, or at sendAt",
            description = "Recipients are the page's conversations when it starts. Audience WINDOW reaches the users "
                    + "who wrote within 24 h (messaging_type UPDATE; the others are dropped outside_window); TAGGED "
                    + "sends a non-promotional tagged update (MESSAGE_TAG) with the policy stated. A user whose thread "
                    + "an agent holds, or whose handover is pending, gets it once the bot owns the thread again, or "
                    + "never (window_closed) if the window closes first.")
    @APIResponse(responseCode = "201", description = "Scheduled; the bulletin with its progress",
            content = @Content(schema = @Schema(implementation = BulletinView.class)))
    @APIResponse(responseCode = "422", description = "Invalid bulletin, one line per field in errors")
    public Response create(@PathParam("pageId") String pageId, BulletinRequest request) {
        Optional<Response> refused = refuse(pageId, request);
        if (refused.isPresent()) {
            return refused.get();
        }
        BulletinRequest.Read read = request.read();
        if (!read.problems().isEmpty()) {
            return invalid(read.problems());
        }
        BulletinService.Created created = bulletins.create(pageId, read.draft());
        if (!created.problems().isEmpty()) {
            return invalid(created.problems());
        }
        return Response.status(Response.Status.CREATED).entity(BulletinView.of(created.report())).build();
    }

    @POST
    @Path("/preview")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "What a bulletin would send and to whom if it started now; stores nothing")
    @APIResponse(responseCode = "200", description = "The message as sent, and the page's conversations: all, "
            + "inside the window, held now")
    @APIResponse(responseCode = "422", description = "Invalid bulletin, one line per field in errors")
    public Response preview(@PathParam("pageId") String pageId, BulletinRequest request) {
        Optional<Response> refused = refuse(pageId, request);
        if (refused.isPresent()) {
            return refused.get();
        }
        BulletinRequest.Read read = request.read();
        if (!read.problems().isEmpty()) {
            return invalid(read.problems());
        }
        BulletinService.Previewed previewed = bulletins.preview(pageId, read.draft());
        if (!previewed.problems().isEmpty()) {
            return invalid(previewed.problems());
        }
        return Response.ok(previewed.preview()).build();
    }

    @GET
    @Operation(summary = "The page's latest bulletins, newest first, with their progress")
    @APIResponse(responseCode = "200", description = "The bulletins")
    public Response list(@PathParam("pageId") String pageId) {
        return PathIds.invalidPageId(pageId).orElseGet(() -> Response.ok(bulletins.list(pageId).stream()
                .map(BulletinView::of).toList()).build());
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "A bulletin and its progress: queued, held, sent, dropped, failed, and why",
            description = "With its tracked links (linksTracked, links) and their click-through rates: each recipient "
                    + "counts once per link (links[].clicked) and once for the bulletin (progress.clicked), over the "
                    + "recipients it was sent to (clickThroughRate, null before any was sent).")
    @APIResponse(responseCode = "200", description = "The bulletin",
            content = @Content(schema = @Schema(implementation = BulletinView.class)))
    @APIResponse(responseCode = "404", description = "No such bulletin on this page")
    public Response get(@PathParam("pageId") String pageId, @PathParam("id") String id) {
        Optional<Response> badPage = PathIds.invalidPageId(pageId);
        if (badPage.isPresent()) {
            return badPage.get();
        }
        return (validId(id) ? bulletins.find(pageId, id) : Optional.<BulletinService.Report>empty())
                .map(r -> Response.ok(BulletinView.of(r)).build()).orElseGet(BulletinResource::notFound);
    }

    @GET
    @Path("/recipients/{psid}")
    @Operation(summary = "One user's copies of the page's latest bulletins, newest first",
            description = "Where each copy is (state, reason) and when it got there: first held (heldSince), last "
                    + "ordered on the decision stream (orderedAt, with its decisionId and attempt), last changed "
                    + "(updatedAt). The replay tool's timeline shows them as the conversation's bulletin steps. An "
                    + "empty list when the user got none.")
    @APIResponse(responseCode = "200", description = "The user's copies",
            content = @Content(schema = @Schema(implementation = RecipientView.class,
                    type = SchemaType.ARRAY)))
    public Response recipient(@PathParam("pageId") String pageId, @PathParam("psid") String psid) {
        Optional<Response> badIds = PathIds.invalidConversation(pageId, psid);
        if (badIds.isPresent()) {
            return badIds.get();
        }
        return Response.ok(bulletins.recipientRecords(pageId, psid).stream().map(RecipientView::of).toList())
                .build();
    }

    /** One user's copy of one bulletin ({@code GET .../bulletins/recipients/{psid}}). */
    public record RecipientView(String bulletinId, Instant bulletinCreatedAt, String state, String reason,
            int attempts, String decisionId, Instant heldSince, Instant orderedAt, Instant updatedAt) {
        static RecipientView of(RecipientCopy r) {
            return new RecipientView(r.bulletinId(), r.bulletinCreatedAt(), r.state().name(), r.reason(),
                    r.attempts(), r.decisionId(), r.heldSince(), r.orderedAt(), r.updatedAt());
        }
    }

    @POST
    @Path("/{id}/cancel")
    @Operation(summary = "Cancels a scheduled or active bulletin",
            description = "No copy is ordered from now on: open recipients are dropped 'cancelled'. Copies are "
                    + "ordered at the page's pace, so only those ordered in the last moment (about one tick's worth) "
                    + "may still be sent.")
    @APIResponse(responseCode = "200", description = "Cancelled (or already settled); the bulletin",
            content = @Content(schema = @Schema(implementation = BulletinView.class)))
    @APIResponse(responseCode = "404", description = "No such bulletin on this page")
    public Response cancel(@PathParam("pageId") String pageId, @PathParam("id") String id) {
        Optional<Response> badPage = PathIds.invalidPageId(pageId);
        if (badPage.isPresent()) {
            return badPage.get();
        }
        return (validId(id) ? bulletins.cancel(pageId, id) : Optional.<BulletinService.Report>empty())
                .map(r -> Response.ok(BulletinView.of(r)).build()).orElseGet(BulletinResource::notFound);
    }

    private static boolean validId(String id) {
        try {
            return UUID.fromString(id).toString().equals(id);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static Optional<Response> refuse(String pageId, BulletinRequest request) {
        Optional<Response> badPage = PathIds.invalidPageId(pageId);
        if (badPage.isPresent()) {
            return badPage;
        }
        if (request == null) {
            return Optional.of(malformedBody());
        }
        return Optional.empty();
    }

    private static Response invalid(List<String> problems) {
        return Response.status(422).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ApiError("invalid_bulletin", "Some fields of the bulletin are not valid.",
                        new ArrayList<>(problems))).build();
    }

    private static Response notFound() {
        return Response.status(Response.Status.NOT_FOUND).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(ApiError.of("not_found", "No such bulletin on this page.")).build();
    }

    /** A body of the wrong shape: a JSON error like every other one. */
    @org.jboss.resteasy.reactive.server.ServerExceptionMapper
    public Response malformedBody(JsonProcessingException e) {
        return malformedBody();
    }

    /** A body that is not JSON at all reaches here as a 400 from the JSON reader. */
    @org.jboss.resteasy.reactive.server.ServerExceptionMapper
    public Response badRequest(WebApplicationException e) {
        return e.getResponse().getStatus() == 400 ? malformedBody() : e.getResponse();
    }

    private static Response malformedBody() {
        return Response.status(Response.Status.BAD_REQUEST).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(ApiError.of("malformed_body", "The body is not valid JSON for this endpoint.")).build();
    }
}
