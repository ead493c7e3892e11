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
