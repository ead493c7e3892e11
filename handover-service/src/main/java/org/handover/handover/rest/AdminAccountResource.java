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
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.handover.handover.domain.AdminPrincipal;
import org.handover.handover.service.AdminAccountService;
import org.handover.handover.service.AuditService;
import org.handover.service.support.rest.AdminApi;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The operator's API for page admins' accounts: who may sign in to the settings page (and the per-page admin API)
 * and which pages each may manage. Operator only (the admin bearer token, {@link AdminApi}): a page admin cannot
 * give itself pages. Passwords are stored as bcrypt hashes and never answered; every change is audited.
 */
@Path("/admin/accounts")
@Produces(MediaType.APPLICATION_JSON)
@AdminApi
@Tag(name = "Admin accounts", description = "Page admins' accounts and the pages each may manage (operator only)")
@SecurityRequirement(name = "admin-token")
@APIResponse(responseCode = "401", description = "Missing or wrong admin bearer token")
public class AdminAccountResource {

    /** The body of {@code PUT}: {@code password} may be left out to keep an existing account's. */
    public record AccountUpdate(String password, List<String> pages) {
    }

    private final AdminAccountService accounts;
    private final AuditService audit;

    public AdminAccountResource(AdminAccountService accounts, AuditService audit) {
        this.accounts = accounts;
        this.audit = audit;
    }

    @GET
    @Operation(summary = "Every account with its pages (never a password or hash)")
    public List<AdminAccountService.Account> list() {
        return accounts.list();
    }

    @GET
    @Path("/audit")
    @Operation(summary = "The latest changes of accounts, newest first")
    public Response auditTrail() {
        return Response.ok(audit.latestAccountChanges()).build();
    }

    @PUT
    @Path("/{username}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Creates or replaces an account: its pages, and its password when given")
    @APIResponse(responseCode = "200", description = "Stored; the account")
    @APIResponse(responseCode = "422", description = "Invalid user name, password or pages, one line per field")
    public Response put(@PathParam("username") String username, AccountUpdate update) {
        if (update == null) {
            return malformedBody();
        }
        boolean exists = AdminPrincipal.usernameProblem(username) == null && accounts.exists(username);
        List<String> errors = accounts.problems(username, update.password(), exists, update.pages());
        if (!errors.isEmpty()) {
            return Response.status(422)
                    .entity(new ApiError("invalid_account", "The account is not valid.", errors)).build();
        }
        return Response.ok(accounts.put(username, update.password(), update.pages(), AdminPrincipal.operatorToken()))
                .build();
    }

    @DELETE
    @Path("/{username}")
    @Operation(summary = "Removes an account; its sessions end at their next request")
    @APIResponse(responseCode = "204", description = "Removed")
    @APIResponse(responseCode = "404", description = "No such account")
    public Response remove(@PathParam("username") String username) {
        if (AdminPrincipal.usernameProblem(username) != null
                || !accounts.remove(username, AdminPrincipal.operatorToken())) {
            return Response.status(404).entity(ApiError.of("no_such_account", "There is no such account.")).build();
        }
        return Response.noContent().build();
    }

    @ServerExceptionMapper
    public Response malformedBody(JsonProcessingException e) {
        return malformedBody();
    }

    @ServerExceptionMapper
    public Response badRequest(WebApplicationException e) {
        return e.getResponse().getStatus() == 400 ? malformedBody() : e.getResponse();
    }

    private static Response malformedBody() {
        return Response.status(Response.Status.BAD_REQUEST).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(ApiError.of("malformed_body", "The body must be {\"password\": ..., \"pages\": [...]}."))
                .build();
    }
}
