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
        return catalogs.find(pageId)
                .map(c -> Response.ok(new CatalogView(pageId, c.revision(), c.updatedAt(), c.catalog())).build())
                .orElseGet(() -> Response.status(Response.Status.NOT_FOUND).build());
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    public Response put(@PathParam("pageId") String pageId, String body) {
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
        return catalogs.delete(pageId) ? Response.noContent().build()
                : Response.status(Response.Status.NOT_FOUND).build();
    }

    private static Response unprocessable(List<String> errors) {
        return Response.status(422).entity(new Errors(errors)).type(MediaType.APPLICATION_JSON).build();
    }
}
