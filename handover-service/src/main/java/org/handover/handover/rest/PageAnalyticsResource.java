package org.handover.handover.rest;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.handover.handover.domain.PageAnalytics;
import org.handover.handover.service.AnalyticsService;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * A page's handover analytics for a period, the figures the settings page charts: conversations, handover rate,
 * questions accepted and declined, deflection, the agent's first reply and time with the agent, and how
 * conversations came back. Access per page as every {@code /admin/pages/{pageId}/...} endpoint
 * ({@link PageAdminApiFilter}).
 */
@Path("/admin/pages/{pageId}/analytics")
@Produces(MediaType.APPLICATION_JSON)
@PageAdminApi
@Tag(name = "Analytics", description = "Handover figures of a page for a period")
@SecurityRequirement(name = "admin-token")
@SecurityRequirement(name = "page-admin")
@APIResponse(responseCode = "401", description = "Missing or wrong admin bearer token or account")
@APIResponse(responseCode = "403", description = "The account may not manage this page (forbidden_page)")
@APIResponse(responseCode = "429", description = "The account is locked after too many failed sign-ins")
@APIResponse(responseCode = "400", description = "A page id that cannot name a page (invalid_page_id), or a period "
        + "that cannot be read or is longer than 366 days (invalid_period)")
public class PageAnalyticsResource {

    private final AnalyticsService analytics;

    public PageAnalyticsResource(AnalyticsService analytics) {
        this.analytics = analytics;
    }

    @GET
    @Operation(summary = "The page's handover figures for a period (default: the last 7 days), by Meta's event time")
    @APIResponse(responseCode = "200", description = "The figures; durations in seconds, null when nothing measured",
            content = @Content(schema = @Schema(implementation = PageAnalytics.class)))
    public Response analytics(@PathParam("pageId") String pageId,
            @Parameter(description = "Start: a UTC day (2026-11-25) or an instant (2026-11-25T10:00:00Z); "
                    + "default 7 days before to") @RestQuery String from,
            @Parameter(description = "End: a UTC day (included) or an instant (excluded); default now")
            @RestQuery String to) {
        Optional<Response> badPage = PathIds.invalidPageId(pageId);
        if (badPage.isPresent()) {
            return badPage.get();
        }
        AnalyticsService.Period period = analytics.period(from, to);
        if (period.problem() != null) {
            return Response.status(Response.Status.BAD_REQUEST).type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(new ApiError("invalid_period", "The period cannot be used.", List.of(period.problem())))
                    .build();
        }
        return Response.ok(analytics.analytics(pageId, period.from(), period.to())).build();
    }
}
