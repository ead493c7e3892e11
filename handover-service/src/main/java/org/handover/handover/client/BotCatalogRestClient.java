package org.handover.handover.client;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** bot-service's catalog admin API ({@code /admin/catalogs/{pageId}}); only {@link BotCatalogClient} uses it. */
@RegisterRestClient(configKey = "bot-catalog")
@Path("/admin/catalogs/{pageId}")
interface BotCatalogRestClient {

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    Response get(@PathParam("pageId") String pageId, @HeaderParam("Authorization") String authorization);

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    Response put(@PathParam("pageId") String pageId, @HeaderParam("Authorization") String authorization,
            String body);
}
