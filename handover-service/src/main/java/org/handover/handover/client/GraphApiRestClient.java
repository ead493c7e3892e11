package org.handover.handover.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.rest.client.reactive.ClientExceptionMapper;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * Meta's Graph API thread-control endpoints, as Quarkus declares a REST client. Only {@link GraphApi} uses it: the
 * façade owns retries and the mapping of Meta's errors. The page access token goes in the {@code access_token}
 * query parameter, so no URL of these calls may be logged unscrubbed (REST client logging stays off).
 */
@RegisterRestClient(configKey = "graph-api")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
interface GraphApiRestClient {

    String TOKEN = "access_token";

    @POST
    @Path("/{pageId}/pass_thread_control")
    Success passThreadControl(@PathParam("pageId") String pageId, @QueryParam(TOKEN) String token, PassBody body);

    @POST
    @Path("/{pageId}/take_thread_control")
    Success takeThreadControl(@PathParam("pageId") String pageId, @QueryParam(TOKEN) String token, ControlBody body);

    @POST
    @Path("/{pageId}/request_thread_control")
    Success requestThreadControl(@PathParam("pageId") String pageId, @QueryParam(TOKEN) String token,
            ControlBody body);

    @POST
    @Path("/{pageId}/release_thread_control")
    Success releaseThreadControl(@PathParam("pageId") String pageId, @QueryParam(TOKEN) String token,
            ControlBody body);

    @GET
    @Path("/{pageId}/thread_owner")
    ThreadOwners threadOwner(@PathParam("pageId") String pageId, @QueryParam(TOKEN) String token,
            @QueryParam("recipient") String psid);

    @GET
    @Path("/{pageId}/secondary_receivers")
    Apps secondaryReceivers(@PathParam("pageId") String pageId, @QueryParam(TOKEN) String token,
            @QueryParam("fields") String fields);

    @GET
    @Path("/{pageId}/subscribed_apps")
    Apps subscribedApps(@PathParam("pageId") String pageId, @QueryParam(TOKEN) String token);

    @GET
    @Path("/{pageId}")
    PageNode page(@PathParam("pageId") String pageId, @QueryParam(TOKEN) String token,
            @QueryParam("fields") String fields);

    /**
     * Every error answer becomes a {@link GraphApiErrorException} carrying Meta's code, subcode and message (read from
     * the body), instead of the default exception whose text would not say which Meta error it was.
     */
    @ClientExceptionMapper
    static RuntimeException toException(Response response) {
        String body;
        try {
            body = response.readEntity(String.class);
        } catch (RuntimeException e) {
            body = null;
        }
        return GraphApiErrorException.from(response.getStatus(), body);
    }

    /** {@code {"id": PSID}}. */
    record Recipient(String id) {
    }

    /** Body of {@code pass_thread_control}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record PassBody(Recipient recipient, @JsonProperty("target_app_id") String targetAppId, String metadata) {
    }

    /** Body of {@code take/request/release_thread_control} (release sends no metadata). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ControlBody(Recipient recipient, String metadata) {
    }

    /** {@code {"success": true}}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Success(Boolean success) {
    }

    /** {@code {"data":[{"thread_owner":{"app_id":"..."}}]}}; empty data when the thread is idle. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record ThreadOwners(List<ThreadOwnerEntry> data) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record ThreadOwnerEntry(@JsonProperty("thread_owner") AppId threadOwner) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record AppId(@JsonProperty("app_id") String appId) {
    }

    /** {@code {"data":[{"id":"...","name":"..."}]}}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Apps(List<App> data) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record App(String id, String name) {
    }

    /** {@code {"id":"...","name":"..."}}: the page node. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record PageNode(String id, String name) {
    }
}
