package org.handover.handover.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.handover.contracts.Owner;
import org.handover.handover.domain.ConversationState;

import org.handover.handover.service.ActivationService;
import org.handover.handover.service.ActivationService.Activation;
import org.handover.handover.service.ConversationService;
import org.handover.handover.service.PageSettingsService;
import org.handover.handover.service.AuditService;
import org.handover.handover.service.CurrentAdmin;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The page admin's API: handover settings, activation (with checks against the Graph API) and a conversation's
 * thread-control history, and the audit of its changes. Every endpoint needs the operator's bearer token or a page
 * admin's account that may manage the page ({@link PageAdminApiFilter}); every change is audited. Methods block
 * (database, Graph API), so Quarkus runs them on worker threads.
 */
@Path("/admin/pages/{pageId}")
@Produces(MediaType.APPLICATION_JSON)
@PageAdminApi
@Tag(name = "Page settings", description = "Handover settings, activation and history of a page")
@SecurityScheme(securitySchemeName = "admin-token", type = SecuritySchemeType.HTTP, scheme = "bearer",
        description = "admin.token / ADMIN_TOKEN")
@SecurityScheme(securitySchemeName = "page-admin", type = SecuritySchemeType.HTTP, scheme = "basic",
        description = "a page admin's user name and password (only the account's pages)")
@SecurityRequirement(name = "admin-token")
@SecurityRequirement(name = "page-admin")
@APIResponse(responseCode = "401", description = "Missing or wrong admin bearer token or account")
@APIResponse(responseCode = "403", description = "The account may not manage this page (forbidden_page)")
@APIResponse(responseCode = "429", description = "The account is locked after too many failed sign-ins")
@APIResponse(responseCode = "400", description = "A page id that cannot name a page (invalid_page_id), or a body "
        + "that is not JSON of the endpoint's shape (malformed_body)")
public class PageSettingsResource {

    private final PageSettingsService pages;
    private final ConversationService conversations;
    private final ActivationService activation;
    private final CurrentAdmin admin;
    private final AuditService audit;

    public PageSettingsResource(PageSettingsService pages, ConversationService conversations,
            ActivationService activation, CurrentAdmin admin, AuditService audit) {
        this.pages = pages;
        this.conversations = conversations;
        this.activation = activation;
        this.admin = admin;
        this.audit = audit;
    }

    @GET
    @Path("/settings")
    @Operation(summary = "The page's settings (defaults for a page nobody configured)")
    @APIResponse(responseCode = "200", description = "The settings",
            content = @Content(schema = @Schema(implementation = PageSettingsView.class)))
    public Response settings(@PathParam("pageId") String pageId) {
        return PathIds.invalidPageId(pageId).orElseGet(() -> Response.ok(PageSettingsView.of(pages.find(pageId))).build());
    }

    @PUT
    @Path("/settings")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Replaces the page's editable settings",
            description = "Changing the channel, setup kind or target app of an active page deactivates it: "
                    + "activate it again to run the checks for the new setup.")
    @APIResponse(responseCode = "200", description = "Saved; the settings as stored")
    @APIResponse(responseCode = "422", description = "Invalid settings, one line per field in errors")
    public Response update(@PathParam("pageId") String pageId, PageSettingsUpdate update) {
        Optional<Response> badPage = PathIds.invalidPageId(pageId);
        if (badPage.isPresent()) {
            return badPage.get();
        }
        if (update == null) {
            return Response.status(Response.Status.BAD_REQUEST)
                    .entity(ApiError.of("malformed_body", "The body must be the page's settings as JSON.")).build();
        }
        List<String> errors = update.validate();
        if (!errors.isEmpty()) {
            return Response.status(422)
                    .entity(new ApiError("invalid_settings", "Some settings are not valid.", errors)).build();
        }
        return Response.ok(PageSettingsView.of(pages.save(pageId, update::applyTo, admin.get()))).build();
    }

    @POST
    @Path("/activate")
    @Operation(summary = "Activates the handover protocol after checking the page's setup on Facebook")
    @APIResponse(responseCode = "200", description = "Activated; the settings as stored")
    @APIResponse(responseCode = "409", description = "The page's app roles or connected apps are wrong; page unchanged")
    @APIResponse(responseCode = "422", description = "The channel has no handover protocol (Telegram, WhatsApp)")
    @APIResponse(responseCode = "503", description = "Facebook could not be reached; page unchanged")
    public Response activate(@PathParam("pageId") String pageId) {
        Optional<Response> badPage = PathIds.invalidPageId(pageId);
        if (badPage.isPresent()) {
            return badPage.get();
        }
        Activation result = activation.activate(pageId);
        audit.record(admin.get(), pageId, result.outcome() == ActivationService.Outcome.ACTIVATED ? "activated"
                : "activation_refused", result.outcome() == ActivationService.Outcome.ACTIVATED
                        ? "Handover Protocol activated" : result.reason());
        int status = switch (result.outcome()) {
            case ACTIVATED -> 200;
            case NOT_SUPPORTED -> 422;
            case SETUP_REFUSED -> 409;
            case UNAVAILABLE -> 503;
        };
        Object body = status == 200 ? PageSettingsView.of(result.settings())
                : ApiError.of(result.reason(), result.message());
        return Response.status(status).entity(body).build();
    }

    @POST
    @Path("/deactivate")
    @Operation(summary = "Deactivates the handover protocol",
            description = "Conversations an agent holds stay with the agent until they come back to the bot.")
    @APIResponse(responseCode = "200", description = "Deactivated; the settings as stored",
            content = @Content(schema = @Schema(implementation = PageSettingsView.class)))
    public Response deactivate(@PathParam("pageId") String pageId) {
        return PathIds.invalidPageId(pageId).orElseGet(() -> {
            var settings = activation.deactivate(pageId);
            audit.record(admin.get(), pageId, "deactivated", "Handover Protocol deactivated");
            return Response.ok(PageSettingsView.of(settings)).build();
        });
    }

    @GET
    @Path("/audit")
    @Operation(summary = "The latest changes of the page's settings, newest first: who, what, when")
    @APIResponse(responseCode = "200", description = "The audit entries")
    public Response auditTrail(@PathParam("pageId") String pageId) {
        return PathIds.invalidPageId(pageId).orElseGet(() -> Response.ok(audit.latest(pageId)).build());
    }

    @GET
    @Path("/conversations/{psid}/history")
    @Operation(summary = "Who owns a conversation and every change of owner, oldest first")
    @APIResponse(responseCode = "200", description = "The owner and the history",
            content = @Content(schema = @Schema(implementation = ConversationHistoryView.class)))
    public Response history(@PathParam("pageId") String pageId, @PathParam("psid") String psid) {
        Optional<Response> badIds = PathIds.invalidConversation(pageId, psid);
        if (badIds.isPresent()) {
            return badIds.get();
        }
        return Response.ok(historyView(pageId, psid)).build();
    }

    private ConversationHistoryView historyView(String pageId, String psid) {
        Optional<ConversationState> state = conversations.find(pageId, psid);
        var history = conversations.history(pageId, psid);
        return state.map(s -> new ConversationHistoryView(pageId, psid, true, s.owner(), s.ownerAppId(), s.epoch(),
                        s.questionPending(), history))
                .orElseGet(() -> new ConversationHistoryView(pageId, psid, false, Owner.BOT, null, 0, false, history));
    }

    /** A body of the wrong shape (a string where an object belongs...): a JSON error like every other one. */
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
                .entity(ApiError.of("malformed_body", "The body is not valid JSON for this endpoint.")).build();
    }
}
