package org.handover.handover.rest;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.handover.handover.domain.GuidedLinkStats;
import org.handover.handover.service.GuidedLinkService;

/**
 * The click-through of a page's guided answers' tracked links (sent where the page's admin chose to track them, the
 * catalog's {@code trackLinks}): per answer and link, the recipients who got it, those who clicked it (each once) and
 * the rate. Access per page as every {@code /admin/pages/{pageId}/...} endpoint ({@link PageAdminApiFilter}).
 */
@Path("/admin/pages/{pageId}/guided-links")
@Produces(MediaType.APPLICATION_JSON)
@PageAdminApi
@Tag(name = "Guided answers' links", description = "Click-through of the tracked links of a page's guided answers")
@SecurityRequirement(name = "admin-token")
@SecurityRequirement(name = "page-admin")
@APIResponse(responseCode = "401", description = "Missing or wrong admin bearer token or account")
@APIResponse(responseCode = "403", description = "The account may not manage this page (forbidden_page)")
@APIResponse(responseCode = "429", description = "The account is locked after too many failed sign-ins")
@APIResponse(responseCode = "400", description = "A page id that cannot name a page (invalid_page_id)")
public class GuidedLinkResource {

    private final GuidedLinkService links;

    public GuidedLinkResource(GuidedLinkService links) {
        this.links = links;
    }

    @GET
    @Operation(summary = "Per guided answer and link: recipients who got it tracked, who clicked it, the rate")
    @APIResponse(responseCode = "200", description = "Every link of the page's guided answers that went out tracked "
            + "(none: an empty list); rate is clicked over sent, null before anyone got it",
            content = @Content(schema = @Schema(implementation = GuidedLinkStats.class)))
    public Response links(@PathParam("pageId") String pageId) {
        Optional<Response> badPage = PathIds.invalidPageId(pageId);
        if (badPage.isPresent()) {
            return badPage.get();
        }
        return Response.ok(links.stats(pageId)).build();
    }
}
