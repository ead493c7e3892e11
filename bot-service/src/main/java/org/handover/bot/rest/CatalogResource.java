package org.handover.bot.rest;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.handover.bot.domain.CatalogDocument;
import org.handover.bot.domain.CatalogValidator;
import org.handover.bot.service.CatalogService;
import org.handover.service.support.rest.AdminApi;

/**
 * The admin API of the guided-response catalogs: {@code GET}, {@code PUT} (the whole catalog, in the documented JSON
 * format) and {@code DELETE} of {@code /admin/catalogs/{pageId}}, behind the admin bearer token ({@link AdminApi}:
 * the shared filter guards this resource, whatever path reaches it). An invalid catalog gets
 * {@code 422 {"errors":[...]}} listing every problem, and the previous catalog stays in force.
 */
@Path("/admin/catalogs/{pageId}")
@Produces(MediaType.APPLICATION_JSON)
@AdminApi
@Tag(name = "Guided catalogs", description = "A page's guided-response catalog: welcome, guided answers, fallback")
@SecurityScheme(securitySchemeName = "admin-token", type = SecuritySchemeType.HTTP, scheme = "bearer",
        description = "admin.token / ADMIN_TOKEN")
@SecurityRequirement(name = "admin-token")
@APIResponse(responseCode = "401", description = "Missing or wrong admin bearer token")
@APIResponse(responseCode = "400", description = "A page id that cannot name a page",
        content = @Content(schema = @Schema(implementation = CatalogResource.Errors.class)))
public class CatalogResource {

    private final CatalogService catalogs;

    public CatalogResource(CatalogService catalogs) {
        this.catalogs = catalogs;
    }

    /** A page's catalog with its revision. */
    public record CatalogView(String pageId, long revision, Instant updatedAt, CatalogDocument catalog) {
    }

    /** What was stored. */
    public record Stored(String pageId, long revision, Instant updatedAt) {
    }

    /** Why a catalog was refused. */
    public record Errors(List<String> errors) {
    }

    @GET
    @Operation(summary = "The page's catalog with its revision")
    @APIResponse(responseCode = "200", description = "The catalog in force",
            content = @Content(schema = @Schema(implementation = CatalogView.class)))
    @APIResponse(responseCode = "404", description = "The page has no catalog",
            content = @Content(schema = @Schema(implementation = Errors.class)))
    public Response get(@PathParam("pageId") String pageId) {
        if (CatalogValidator.pageIdProblem(pageId) != null) {
            return invalidPageId(pageId);
        }
        return catalogs.find(pageId)
                .map(c -> Response.ok(new CatalogView(pageId, c.revision(), c.updatedAt(), c.catalog())).build())
                .orElseGet(() -> noCatalog(pageId));
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Replaces the page's whole catalog and publishes it to bot.catalog",
            description = "Validated first: an invalid catalog is refused with every problem listed, and the "
                    + "previous catalog stays in force.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = CatalogDocument.class)))
    @APIResponse(responseCode = "200", description = "Stored; its new revision",
            content = @Content(schema = @Schema(implementation = Stored.class)))
    @APIResponse(responseCode = "422", description = "Not a valid catalog, one line per problem",
            content = @Content(schema = @Schema(implementation = Errors.class)))
    public Response put(@PathParam("pageId") String pageId, String body) {
        if (CatalogValidator.pageIdProblem(pageId) != null) {
            return invalidPageId(pageId);
        }
        CatalogService.ParseResult parsed = CatalogService.parse(body == null ? "" : body);
        if (!parsed.errors().isEmpty()) {
            return unprocessable(parsed.errors());
        }
        CatalogService.EditResult result = catalogs.put(pageId, parsed.document());
        if (!result.accepted()) {
            return unprocessable(result.errors());
        }
        return Response.ok(new Stored(pageId, result.stored().revision(), result.stored().updatedAt())).build();
    }

    @DELETE
    @Operation(summary = "Deletes the page's catalog (the page then gets the default messages only)")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "404", description = "The page has no catalog",
            content = @Content(schema = @Schema(implementation = Errors.class)))
    public Response delete(@PathParam("pageId") String pageId) {
        if (CatalogValidator.pageIdProblem(pageId) != null) {
            return invalidPageId(pageId);
        }
        return catalogs.delete(pageId) ? Response.noContent().build() : noCatalog(pageId);
    }

    /**
     * {@code 400 {"errors":[...]}} for a path page id that cannot name a page ({@link CatalogValidator#pageIdProblem}):
     * refused before anything is looked up or stored under it.
     */
    private static Response invalidPageId(String pageId) {
        return Response.status(Response.Status.BAD_REQUEST).type(MediaType.APPLICATION_JSON)
                .entity(new Errors(List.of(CatalogValidator.pageIdProblem(pageId)))).build();
    }

    private static Response noCatalog(String pageId) {
        return Response.status(Response.Status.NOT_FOUND).type(MediaType.APPLICATION_JSON)
                .entity(new Errors(List.of("pageId: page " + pageId + " has no catalog"))).build();
    }

    private static Response unprocessable(List<String> errors) {
        return Response.status(422).entity(new Errors(errors)).type(MediaType.APPLICATION_JSON).build();
    }
}
