package org.handover.bot.client;

import io.quarkus.rest.client.reactive.ClientExceptionMapper;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import org.handover.bot.client.SendApiPayloads.SendRequest;
import org.handover.bot.client.SendApiPayloads.SendResponse;

/**
 * Meta's Send API as a Quarkus REST client. Package-private: only {@link SendApiClient} calls it, and owns retries,
 * rate limits and the meaning of Meta's error codes. Base URL and timeouts: {@code quarkus.rest-client.send-api.*}.
 */
@RegisterRestClient(configKey = "send-api")
@Path("/")
interface SendApi {

    /** {@code POST /{pageId}/messages?access_token=...}; the token travels as Meta documents it. */
    @POST
    @Path("{pageId}/messages")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    SendResponse send(@PathParam("pageId") String pageId, @QueryParam("access_token") String accessToken,
            SendRequest request);

    /** Every error answer becomes a {@link MetaApiException} with Meta's code and subcode; nothing else is kept. */
    @ClientExceptionMapper
    static MetaApiException toException(Response response) {
        String body = response.hasEntity() ? response.readEntity(String.class) : null;
        return MetaApiException.of(response.getStatus(), body);
    }
}
